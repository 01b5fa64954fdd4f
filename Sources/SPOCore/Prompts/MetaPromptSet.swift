import Foundation

/// The meta-prompts the methods use, loaded from `prompts/*.yaml` (or the
/// user's overrides) and checked for the placeholders each one needs: MetaSPO's
/// four, and those of the other methods (APE resampling, …).
public struct MetaPromptSet: Sendable, Hashable {
    public var userAnalysis: MetaPrompt
    public var userWriter: MetaPrompt
    public var systemAnalysis: MetaPrompt
    public var systemWriter: MetaPrompt
    /// APE-style resampling: one new wording of a prompt (`ape`, `metaspo-ape`, `unseen`).
    public var apeResample: MetaPrompt
    /// ProTeGi's textual gradient: why a user prompt fails (`protegi`, `adapt`).
    public var protegiGradient: MetaPrompt
    /// ProTeGi's edit: a user prompt changed along its gradient.
    public var protegiEdit: MetaPrompt
    /// Crossover and mutation of two parent prompts (`metaspo-evo`).
    public var evoCrossover: MetaPrompt
    /// One system prompt from two Pareto front members (`selection: pareto`, `merge: true`).
    public var systemMerge: MetaPrompt

    /// Template names (file stems and config keys) with the placeholders each must use.
    public static let required: [(name: String, placeholders: Set<String>)] = [
        ("user_analysis", ["system_prompt", "user_prompt", "examples"]),
        ("user_writer", ["user_prompt", "analysis"]),
        ("system_analysis", ["system_prompt", "examples"]),
        ("system_writer", ["system_prompt", "analysis"]),
        ("ape_resample", ["prompt"]),
        ("protegi_gradient", ["user_prompt", "examples"]),
        ("protegi_edit", ["user_prompt", "gradient"]),
        ("evo_crossover", ["prompt_a", "prompt_b"]),
        ("system_merge", ["prompt_a", "prompt_b", "strengths_a", "strengths_b"]),
    ]

    public static var names: [String] { required.map(\.name) }

    public init(
        userAnalysis: MetaPrompt, userWriter: MetaPrompt, systemAnalysis: MetaPrompt, systemWriter: MetaPrompt, apeResample: MetaPrompt,
        protegiGradient: MetaPrompt, protegiEdit: MetaPrompt, evoCrossover: MetaPrompt, systemMerge: MetaPrompt
    ) {
        self.userAnalysis = userAnalysis
        self.userWriter = userWriter
        self.systemAnalysis = systemAnalysis
        self.systemWriter = systemWriter
        self.apeResample = apeResample
        self.protegiGradient = protegiGradient
        self.protegiEdit = protegiEdit
        self.evoCrossover = evoCrossover
        self.systemMerge = systemMerge
    }

    /// Every template (each knows its name), MetaSPO's four first.
    public var all: [MetaPrompt] { [userAnalysis, userWriter, systemAnalysis, systemWriter, apeResample, protegiGradient, protegiEdit, evoCrossover, systemMerge] }

    /// Loads every template: a config override path wins, then the user's config
    /// folder, then the shipped `prompts/`.
    public static func load(overrides: [String: String] = [:]) throws(SPOError) -> MetaPromptSet {
        var loaded: [String: MetaPrompt] = [:]
        for (name, needed) in required {
            let path: String
            if let p = overrides[name] {
                path = p
            } else if let p = ResourceLocator.find("prompts", name + ".yaml") {
                path = p
            } else {
                throw SPOError("meta-prompt \(name).yaml not found (looked in \(ResourceLocator.userConfigDirectory())/prompts and the shipped prompts/; set METASPO_HOME to the metaspo checkout)")
            }
            loaded[name] = try loadFile(path, name: name, needs: needed)
        }
        return MetaPromptSet(
            userAnalysis: loaded["user_analysis"]!, userWriter: loaded["user_writer"]!,
            systemAnalysis: loaded["system_analysis"]!, systemWriter: loaded["system_writer"]!,
            apeResample: loaded["ape_resample"]!, protegiGradient: loaded["protegi_gradient"]!, protegiEdit: loaded["protegi_edit"]!,
            evoCrossover: loaded["evo_crossover"]!, systemMerge: loaded["system_merge"]!)
    }

    static func loadFile(_ path: String, name: String, needs: Set<String>) throws(SPOError) -> MetaPrompt {
        let tree = try YAMLTree.parse(try TextFile.read(path), file: path)
        let r = try YAMLReader(tree, file: path)
        guard let system = try r.string("system"), let user = try r.string("user") else {
            throw SPOError(file: path, line: r.line, "a meta-prompt needs `system:` and `user:` texts")
        }
        let prompt = MetaPrompt(name: name, system: system, user: user)
        let missing = needs.subtracting(prompt.placeholders)
        if !missing.isEmpty {
            throw SPOError(file: path, line: r.raw("user")?.line, field: "user", "missing placeholder(s) \(missing.sorted().map { "{{\($0)}}" }.joined(separator: ", "))")
        }
        return prompt
    }
}
