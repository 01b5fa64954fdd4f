/// Speculative decoding for the embedded server (`local_model.draft`, `--draft`).
///
/// A draft proposes several tokens that the served model then checks in one
/// batch. On a GPU, or a CPU with cores to spare, that trades idle compute for
/// fewer sequential steps; on a compute-bound 2-core CPU checking the batch
/// costs about what it saves, and it was measured slower (docs/benchmarks.md),
/// so the default is `none`.
public enum LocalDraft: String, Sendable, Hashable, CaseIterable, Codable {
    case none
    /// Qwen2.5-Coder-0.5B drafts for the 1.5B (same tokenizer).
    case qwen05b = "qwen-0.5b"
    /// n-grams already in the context propose the continuation (no second model).
    case ngram
}

/// Which server binary the embedded model runs on (`local_model.runtime`, `--runtime`).
public enum LocalServerRuntime: String, Sendable, Hashable, CaseIterable, Codable {
    /// llama.cpp's own `llama-server` when `metaspo setup --runtime native` built it, else the wheel.
    case auto
    /// xllamacpp's prebuilt wheel (installed on first use; nothing to build).
    case wheel
    /// llama.cpp's own `llama-server`, built from source for this CPU (about 1.35x faster prompt processing).
    case native
}
