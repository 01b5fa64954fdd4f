import Foundation

/// User prompts per task for unseen-task evaluation, kept in a JSON file so
/// that prompts drawn once are reused by later runs (and so a user can give
/// their own):
///
/// ```json
/// {"format": "metaspo-user-prompts", "version": 1,
///  "tasks": {"web_of_lies": {"prompts": ["…<Question>{question}</Question>…", "…"], "generated_by": "gpt-4o-mini"}}}
/// ```
/// A task's value may also be just the list of prompts. The task's own user
/// prompt is not stored: it is always evaluated, as `P0`. Each prompt must hold
/// the `{question}` slot exactly once.
public struct UserPromptSet: Sendable, Hashable {
    public static let formatName = "metaspo-user-prompts"

    public struct Entry: Sendable, Hashable {
        public var prompts: [String]
        /// The optimizer model that wrote them, when they were generated.
        public var generatedBy: String?

        public init(prompts: [String], generatedBy: String? = nil) {
            self.prompts = prompts
            self.generatedBy = generatedBy
        }
    }

    /// By task name.
    public var tasks: [String: Entry]

    public init(tasks: [String: Entry] = [:]) { self.tasks = tasks }

    /// Reads a file; every problem names the file and the field.
    public static func read(path: String) throws(SPOError) -> UserPromptSet {
        let text = try TextFile.read(path)
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch {
            throw SPOError(file: path, error.message)
        }
        guard case .object = root else { throw SPOError(file: path, "expected a JSON object with a \"tasks\" object") }
        if let format = root["format"], format.stringValue != formatName {
            throw SPOError(file: path, field: "format", "is \(format.compactText), expected \"\(formatName)\"")
        }
        guard let tasksValue = root["tasks"] else { throw SPOError(file: path, field: "tasks", "missing (an object of task name → list of user prompts)") }
        guard case .object(let pairs) = tasksValue else { throw SPOError(file: path, field: "tasks", "must be an object of task name → list of user prompts") }
        var out = UserPromptSet()
        for (name, value) in pairs {
            let field = "tasks.\(name)"
            var list: [JSONValue]
            var generatedBy: String?
            switch value {
            case .array(let items):
                list = items
            case .object:
                guard case .array(let items)? = value["prompts"] else { throw SPOError(file: path, field: field + ".prompts", "missing or not a list of strings") }
                list = items
                generatedBy = value["generated_by"]?.stringValue
            default:
                throw SPOError(file: path, field: field, "must be a list of user prompts (or an object with \"prompts\")")
            }
            var prompts: [String] = []
            for (i, item) in list.enumerated() {
                guard let s = item.stringValue else { throw SPOError(file: path, field: "\(field)[\(i)]", "must be a string, not \(item.typeName)") }
                if let problem = problem(with: s) { throw SPOError(file: path, field: "\(field)[\(i)]", problem) }
                prompts.append(s)
            }
            out.tasks[name] = Entry(prompts: prompts, generatedBy: generatedBy)
        }
        return out
    }

    /// Why a text cannot be a user prompt, or nil.
    public static func problem(with prompt: String) -> String? {
        if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "the prompt is empty" }
        let slots = prompt.components(separatedBy: SPOTask.questionSlot).count - 1
        if slots == 0 { return "the prompt has no {question} slot (where each example's question goes)" }
        if slots > 1 { return "the prompt has the {question} slot \(slots) times; it needs it exactly once" }
        return nil
    }

    /// The file's JSON, tasks sorted by name.
    public var jsonValue: JSONValue {
        var taskPairs: [(key: String, value: JSONValue)] = []
        for name in tasks.keys.sorted() {
            let e = tasks[name]!
            var pairs: [(key: String, value: JSONValue)] = [(key: "prompts", value: .array(e.prompts.map(JSONValue.string)))]
            if let g = e.generatedBy { pairs.append((key: "generated_by", value: .string(g))) }
            taskPairs.append((key: name, value: .object(pairs)))
        }
        return ["format": .string(Self.formatName), "version": 1, "tasks": .object(taskPairs)]
    }

    /// Writes the file through a temporary file and a rename.
    public func write(to path: String) throws(SPOError) {
        let data = Data(Self.pretty(jsonValue).utf8)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SPOError(file: path, "cannot be written: \(error.localizedDescription)")
        }
    }

    /// Indented JSON via Foundation (key order kept by writing sorted keys).
    static func pretty(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return value.compactText + "\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
