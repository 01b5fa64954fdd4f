// The model interface (LanguageModel, ModelError, usage metering) comes with
// the clients: code that builds models imports SPOModels alone.
@_exported public import SPOModelInterface
