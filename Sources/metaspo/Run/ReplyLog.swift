import Foundation
import SPOCore
import SPOEngine

/// `eval --responses FILE`: every base reply as one JSON line, so replies can
/// be read, compared between settings, or scored again with `metaspo score`.
final class ReplyLog {
    private let handle: FileHandle
    let path: String

    init(path: String) throws {
        let resolved = TextFile.resolve(path, relativeTo: nil)
        guard FileManager.default.createFile(atPath: resolved, contents: nil), let h = FileHandle(forWritingAtPath: resolved) else {
            throw SPOError(file: resolved, "cannot write the replies file")
        }
        handle = h
        self.path = resolved
    }

    deinit { try? handle.close() }

    func write(task: SPOTask, examples: [Example], result: EvaluationResult) throws {
        var out = Data()
        for o in result.outcomes {
            var line: [(key: String, value: JSONValue)] = [
                ("task", .string(task.name)), ("index", .int(o.index)), ("response", .string(o.response)),
                ("prediction", o.item.prediction.isFormatError ? .null : .string(o.item.prediction.label)),
                ("gold", .string(examples[o.index].answers.first ?? "")), ("correct", .bool(o.item.correct)),
            ]
            if let c = o.cost {
                line.append(("tokens", .int(c.tokens)))
                line.append(("cut", .bool(c.cut > 0)))
            }
            out += Data(JSONValue.object(line).compactText.utf8)
            out += Data("\n".utf8)
        }
        do { try handle.write(contentsOf: out) } catch { throw SPOError(file: path, "cannot write the replies file: \(error.localizedDescription)") }
    }
}
