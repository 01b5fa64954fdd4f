extension EngineEvent {
    /// The run began (or began again after a resume): what it optimizes and with what.
    public struct RunStarted: Sendable, Hashable {
        /// The run id, also the session file's name.
        public var run: String
        public var method: String
        /// The run's config with secrets removed (free-form JSON).
        public var config: JSONValue
        public var tasks: [TaskInfo]
        /// Model id per role.
        public var models: [ModelRole: String]

        public init(run: String, method: String, config: JSONValue = [:], tasks: [TaskInfo], models: [ModelRole: String]) {
            self.run = run
            self.method = method
            self.config = config
            self.tasks = tasks
            self.models = models
        }
    }

    /// A task taking part in the run and its split sizes.
    public struct TaskInfo: Sendable, Hashable {
        public var name: String
        /// `source` (trained on) or `unseen` (only tested).
        public var role: TaskRole
        public var train: Int
        /// Validation examples (`val_size`; 0 without a validation split, and not written then).
        public var val: Int
        public var test: Int

        public init(name: String, role: TaskRole, train: Int, val: Int = 0, test: Int) {
            self.name = name
            self.role = role
            self.train = train
            self.val = val
            self.test = test
        }

        /// As `run_started` writes it: each split's size under the split's
        /// name (`val` only when there is a validation split).
        public var json: JSONValue {
            var pairs: [(key: String, value: JSONValue)] = [("name", .string(name)), ("role", .string(role.rawValue)), (Split.train.rawValue, .int(train))]
            if val > 0 { pairs.append((Split.val.rawValue, .int(val))) }
            pairs.append((Split.test.rawValue, .int(test)))
            return .object(pairs)
        }
    }
}

extension EngineEvent.RunStarted: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        run = try r.string("run")
        method = try r.string("method")
        config = r.json("config", default: [:])
        tasks = []
        for t in try r.objects("tasks") {
            tasks.append(EngineEvent.TaskInfo(
                name: try t.string("name"), role: TaskRole(rawValue: try t.string("role")), train: try t.int(Split.train.rawValue), val: try t.optionalInt(Split.val.rawValue) ?? 0,
                test: try t.int(Split.test.rawValue)))
        }
        models = [:]
        if r.value("models") != nil {
            let m = try r.object("models")
            for (key, _) in m.pairs { models[ModelRole(rawValue: key)] = try m.string(key) }
        }
    }

    func write(to w: inout EventFieldWriter) {
        w.add("run", run)
        w.add("method", method)
        w.add("config", config)
        w.add("tasks", .array(tasks.map(\.json)))
        w.add("models", JSONValue(sortedKeys: Dictionary(uniqueKeysWithValues: models.map { ($0.key.rawValue, JSONValue.string($0.value)) })))
    }
}
