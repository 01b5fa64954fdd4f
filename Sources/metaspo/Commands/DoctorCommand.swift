import ArgumentParser
import Foundation
import SPOCore
import SPOModels

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Report Python, the local runtime and models, folders, and whether endpoints answer.",
        discussion: """
            Endpoints come from the config (base_model, optimizer_model and their
            extra_endpoints) with the same flags as run and eval on top; each gets one GET
            of {base_url}/models with a short timeout, sending the role's API key if one
            is set. Exits non-zero when a configured endpoint does not answer.
            Examples:
              metaspo doctor
              metaspo doctor --base-url http://127.0.0.1:8000/v1 --verify
              metaspo doctor --config run.yaml \\
                --optimizer-base-url https://gateway.example/v1 --json
            """)

    @Option(name: .long, help: ArgumentHelp("A run config (YAML) whose endpoints to check.", valueName: "file"))
    var config: String?

    @OptionGroup var models: ModelOptions

    @Flag(help: "Rehash installed model files and import the runtime (slower).")
    var verify = false

    @Option(help: ArgumentHelp("Seconds to wait for each endpoint.", valueName: "s"))
    var timeout: Double = 3

    @Flag(help: "Print one JSON document.")
    var json = false

    struct Report: Encodable {
        var dataDirectory: String
        var cacheDirectory: String
        var python: String?
        var pythonVersion: String?
        var pythonProblem: String?
        var venv: String
        var venvPresent: Bool
        var pipBootstrap: String?
        var runtime: String
        var runtimeInstalled: String?
        var runtimeImports: Bool?
        var models: [Model]
        var endpoints: [Endpoint]
    }

    struct Model: Encodable {
        var name: String
        var installed: Bool
        var file: String
        var bytes: Int64?
        var sha256Verified: Bool?
    }

    struct Endpoint: Encodable {
        var role: String
        var baseURL: String
        var status: Int?
        var answers: Bool
        var seconds: Double
        var detail: String
    }

    func run() async throws {
        let installer = LocalModelInstaller()
        let paths = installer.paths
        var report = Report(
            dataDirectory: paths.dataDirectory.path, cacheDirectory: ResourceLocator.cacheDirectory(),
            venv: paths.venvDirectory.path,
            venvPresent: FileManager.default.isExecutableFile(atPath: paths.venvPython.path),
            runtime: "\(LocalRuntime.distribution)==\(LocalRuntime.version)", models: [], endpoints: []
        )
        do {
            let python = try await installer.locatePython()
            report.python = python.executable
            report.pythonVersion = python.version
        } catch {
            report.pythonProblem = "\(error)"
        }
        if let status = installer.runtimeStatus() {
            report.runtimeInstalled = status.version
            report.pipBootstrap = status.bootstrap
        }
        if verify || (report.venvPresent && report.runtimeInstalled != nil) {
            report.runtimeImports = await installer.importedRuntimeVersion() == LocalRuntime.version
        }
        for model in LocalModelChoice.allCases {
            let installed = installer.installedModel(model)
            var entry = Model(
                name: model.rawValue, installed: installed != nil, file: paths.modelFile(for: model).path,
                bytes: installed?.byteCount
            )
            if verify, installed != nil {
                entry.sha256Verified = (try? await installer.verifyModelFile(model)) ?? false
            }
            report.models.append(entry)
        }
        for (role, url, key) in try endpoints() {
            let answer = await EndpointProbe.models(baseURL: url, bearer: key, timeoutSeconds: timeout)
            report.endpoints.append(Endpoint(
                role: role, baseURL: url, status: answer.status, answers: answer.status != nil,
                seconds: answer.seconds, detail: Self.summarise(answer)
            ))
        }

        if json {
            try Console.printJSON(report)
        } else {
            print(Self.render(report))
        }
        if report.endpoints.contains(where: { !$0.answers }) { throw ExitCode.failure }
    }

    /// (role, base URL, API key) for each endpoint to check; keys are used,
    /// never printed.
    private func endpoints() throws -> [(String, String, String?)] {
        var cfg = RunConfig()
        if let config {
            var warnings: [String] = []
            cfg = try ConfigLoader.load(path: config, warnings: &warnings)
            Console.warn(warnings)
        }
        models.apply(to: &cfg)
        var out: [(String, String, String?)] = []
        for (role, settings) in [(ModelRole.base, cfg.base), (ModelRole.optimizer, cfg.optimizer)] {
            // A key that cannot be read still lets the probe say whether the server answers.
            let key = (try? APIKey.resolve(env: settings.apiKeyEnv, file: settings.apiKeyFile))??.value
            for url in [settings.baseURL].compactMap({ $0 }) + settings.extraEndpoints where !url.isEmpty {
                if let index = out.firstIndex(where: { $0.1 == url }) {
                    out[index].0 += "+\(role)"
                } else {
                    out.append((role.rawValue, url, key))
                }
            }
        }
        return out
    }

    private static func summarise(_ answer: EndpointProbe.Answer) -> String {
        guard let status = answer.status else {
            return "no answer: \(answer.body.split(separator: "\n").first ?? "")"
        }
        if (200..<300).contains(status),
            let data = answer.body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let list = object["data"] as? [[String: Any]]
        {
            let ids = list.compactMap { $0["id"] as? String }
            return "HTTP \(status); models: \(ids.isEmpty ? "none listed" : ids.prefix(5).joined(separator: ", "))"
        }
        return "HTTP \(status)"
    }

    private static func render(_ r: Report) -> String {
        var lines: [String] = []
        lines.append("data dir:   \(r.dataDirectory)")
        lines.append("cache dir:  \(r.cacheDirectory)")
        if let python = r.python {
            lines.append("python:     \(python) (\(r.pythonVersion ?? "?"))")
        } else {
            lines.append("python:     problem: \(r.pythonProblem ?? "not found")")
        }
        lines.append("venv:       \(r.venv) (\(r.venvPresent ? "present" : "not created yet")\(r.pipBootstrap.map { ", pip via \($0)" } ?? ""))")
        var runtime = "runtime:    \(r.runtime): "
        if let installed = r.runtimeInstalled {
            runtime += "installed \(installed)"
            if let imports = r.runtimeImports { runtime += imports ? ", imports" : ", DOES NOT IMPORT (run metaspo setup --verify)" }
        } else {
            runtime += "not installed (metaspo setup installs it)"
        }
        lines.append(runtime)
        lines.append("models:")
        for m in r.models {
            var line = "  \(m.name.padding(toLength: 10, withPad: " ", startingAt: 0)) "
            if m.installed {
                line += "installed, \(LocalModelInstaller.formatBytes(m.bytes ?? 0)), \(m.file)"
                if let ok = m.sha256Verified { line += ok ? ", sha256 ok" : ", SHA256 MISMATCH (run metaspo setup --verify)" }
            } else {
                line += "not installed (metaspo setup --model \(m.name))"
            }
            lines.append(line)
        }
        if r.endpoints.isEmpty {
            lines.append("endpoints:  none configured (runs use the embedded local model; check others with --base-url or --config)")
        } else {
            lines.append("endpoints:")
            for e in r.endpoints {
                let verdict = e.answers ? "answers" : "DOES NOT ANSWER"
                lines.append("  \(e.role.padding(toLength: 14, withPad: " ", startingAt: 0)) \(e.baseURL)  \(verdict) (\(String(format: "%.2f", e.seconds)) s): \(e.detail)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
