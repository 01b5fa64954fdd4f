import Foundation
import SPOCore
import SPOBuiltins

/// The session shipped in `sessions/quick-qwen1.5b.jsonl`: a real run of the
/// quick preset on the embedded Qwen 1.5B, written by metaspo itself. The views
/// whose look depends on real text (long rewrites, real analyses and replies)
/// are snapshot over it; the engine-made `Fixture` stays for what needs chosen
/// content (escape sequences, search terms, pin and prune mid-run).
enum RealSession {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sessions/quick-qwen1.5b.jsonl").path

    static let loaded: LoadedSession = {
        do {
            return try SessionReader.read(path: path)
        } catch {
            fatalError("cannot read the shipped session \(path): \(error)")
        }
    }()

    static var records: [EventRecord] { loaded.events }

    /// The train questions of its source tasks (built-in tasks), as `metaspo replay` finds them.
    static let questions: [String: [String]] = {
        guard let data = try? JSONEncoder().encode(loaded.header.config),
            let config = try? JSONDecoder().decode(RunConfig.self, from: data)
        else { return [:] }
        var warnings: [String] = []
        let catalog = TaskCatalog(config: config)
        var out: [String: [String]] = [:]
        for name in config.metaTrainTasks {
            guard let task = try? catalog.task(name, fromConfig: true, warnings: &warnings) else { continue }
            out[task.name] = TaskSplit(task: task, trainSize: config.trainSize, testSize: config.testSize, seed: config.seed).train.map(\.question)
        }
        return out
    }()
}
