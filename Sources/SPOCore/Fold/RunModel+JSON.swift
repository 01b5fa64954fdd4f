extension RunModel {
    /// The fold as one JSON document in a stable order: what `replay --json`
    /// prints (a session without `run_started` reads as "running").
    public var jsonValue: JSONValue {
        var w = EventFieldWriter()
        w.add("run", orNull: runID)
        w.add("method", orNull: method)
        w.add("status", status == "waiting" ? "running" : status)
        w.add("iteration", iteration)
        w.add("phase", orNull: phase?.rawValue)
        w.add("current_system", orNull: currentSystem)
        w.add("best_system", orNull: bestSystem)
        w.add("last_seq", lastSeq)
        w.add("t", lastT)
        w.add("events", eventCount)
        w.add("tasks", .array(tasks.map(\.json)))
        w.add("candidates", .array(order.compactMap { candidates[$0] }.map { c -> JSONValue in
            var cw = EventFieldWriter()
            cw.add("id", c.id)
            cw.add("kind", c.kind.rawValue)
            cw.add("parent", orNull: c.parent)
            cw.add("task", orNull: c.task)
            cw.add("origin", c.origin.rawValue)
            cw.add("analysis", ifPresent: c.analysis)
            cw.add("pinned", c.pinned)
            cw.add("pruned", c.pruned)
            cw.add("text", c.text)
            return cw.value
        }))
        w.add("kept", JSONValue(sortedKeys: kept.mapValues { .array($0.map(JSONValue.string)) }))
        w.add("scores", .array(scores.keys.sorted().compactMap { key -> JSONValue? in
            guard let s = scores[key] else { return nil }
            var sw = EventFieldWriter()
            sw.add("node", key.node.fieldsValue)
            sw.add("split", key.split.rawValue)
            sw.add("score", s.score)
            sw.add("n", s.n)
            sw.add("low", ifPresent: s.low)
            sw.add("high", ifPresent: s.high)
            sw.add("correct", ifPresent: s.correct)
            return sw.value
        }))
        w.add("usage", JSONValue(sortedKeys: Dictionary(uniqueKeysWithValues: usage.map { ($0.key.rawValue, $0.value.fieldsValue) })))
        w.add("warnings", warnings)
        w.add("errors", errors)
        w.add("rejected", rejectedTotal)
        if let stopped { w.add("stopped", stopped.fieldsValue) }
        if let summary { w.add("summary", summary) }
        return w.value
    }
}
