/// A node of the search: a system prompt, a user prompt and a task, by id.
/// Written as `{"system":"S1","user":"U1","task":"navigate"}`.
public struct NodeRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var system: String
    public var user: String
    public var task: String

    public init(system: String, user: String, task: String) {
        self.system = system
        self.user = user
        self.task = task
    }

    public static func < (a: NodeRef, b: NodeRef) -> Bool {
        (a.task, a.system, a.user) < (b.task, b.system, b.user)
    }

    public var description: String { "\(system)/\(user)@\(task)" }
}

extension NodeRef: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        system = try r.string("system")
        user = try r.string("user")
        task = try r.string("task")
    }

    func write(to w: inout EventFieldWriter) {
        w.add("system", system)
        w.add("user", user)
        w.add("task", task)
    }
}
