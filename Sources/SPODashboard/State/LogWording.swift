public import SPOCore

/// What the Events pane says about each event. The fold (`RunModel`) keeps the
/// facts; the words live here, with the view that shows them.
public enum LogWording {
    /// The lines one event adds to the log. `run` is the fold as it stood
    /// before the event (a selection names the system prompt it replaced).
    public static func entries(for record: EventRecord, before run: RunModel) -> [LogEntry] {
        var out: [LogEntry] = []
        func line(_ level: LogEntry.Level, _ text: String) {
            out.append(LogEntry(seq: record.seq, t: record.t, level: level, text: text))
        }
        switch record.event {
        case .runStarted(let e):
            let source = e.tasks.filter { $0.role == .source }.count
            line(.info, "run \(e.run) started: \(e.method), \(source) source and \(e.tasks.count - source) unseen task(s)")

        case .candidateCreated(let e):
            var text = "\(e.id) \(e.kind == .system ? "system prompt" : "user prompt")"
            if let t = e.task { text += " for \(t)" }
            text += e.origin == .initial ? " (initial)" : e.origin == .manual ? " (hand-written)" : ""
            if let p = e.parent { text += " from \(p)" + (e.secondParent.map { " and \($0) (merged)" } ?? "") }
            if let a = e.analysis { text += " after \(a)" }
            line(.info, text)

        case .phaseStarted(let e):
            line(.info, "\(phaseName(e.phase, iteration: e.iteration)) started")

        case .phaseFinished(let e):
            line(.detail, "\(phaseName(e.phase, iteration: e.iteration)) finished")

        case .evaluationProgress, .usage:
            break

        case .evaluationFinished(let e):
            line(.detail, "\(e.node.system)/\(e.node.user) \(e.node.task) \(e.split): \(Format.percent(e.score)) (\(e.n) examples, \(e.wrong.count) wrong\(Format.answerCost(tokens: e.answerTokens, cut: e.cut)))")

        case .analysisCreated(let e):
            line(.info, "\(e.id) analysis of \(e.target) from \(e.examples.count) wrong example(s)\(e.cut ? ", cut at its token cap" : "")")

        case .candidateRejected(let e):
            let what = e.target.map { "rewrite of \($0)" } ?? "a rewrite"
            line(.warning, "rejected \(what) (try \(e.attempt)): \(e.reason)")

        case .selection(let e):
            for d in e.decisions { line(.detail, d.sentence) }
            let keptText = e.kept.keys.sorted().map { "\($0): \(e.kept[$0]!.joined(separator: " "))" }.joined(separator: "; ")
            if let previous = run.currentSystem, previous != e.currentSystem {
                line(.good, "\(e.phase) selection: system prompt \(previous) → \(e.currentSystem); kept \(keptText)")
            } else {
                line(.info, "\(e.phase) selection: system \(e.currentSystem); kept \(keptText)")
            }

        case .command(let e):
            line(.info, "command: \(e.command)\(e.id.map { " " + $0 } ?? "") (by \(e.by))")

        case .warning(let message):
            line(.warning, message)

        case .commandRefused(let r):
            line(.warning, r.sentence)

        case .error(let message):
            line(.error, message)

        case .paused:
            line(.info, "paused")

        case .resumed:
            line(.info, "resumed")

        case .budgetReached(let e):
            line(.warning, "budget reached: \(e.what) \(Format.number(e.value)) of \(Format.number(e.limit))")

        case .race(let e):
            if !e.dropped.isEmpty {
                let what = e.task.map { "\(e.phase) race on \($0)" } ?? "\(e.phase) race"
                line(.detail, "\(what) round \(e.round) (\(e.n) of \(e.of) examples): dropped \(e.dropped.joined(separator: " "))")
            }

        case .runFinished(let e):
            line(.good, "run finished; best system prompt \(e.bestSystem ?? "none")")

        case .stopped(let e):
            line(e.reason.hasPrefix("error") ? .error : .warning, "stopped: \(e.reason)\(e.resumable ? " (resumable)" : "")")

        case .unknown(let type, _):
            line(.detail, "event of unknown type \"\(type)\"")
        }
        return out
    }

    /// "iteration 2 outer loop", "test", "generation 3".
    public static func phaseName(_ phase: PhaseName, iteration: Int) -> String {
        switch phase {
        case .initial, .test: phase.rawValue
        case .inner: "iteration \(iteration) inner loop"
        case .outer: "iteration \(iteration) outer loop"
        case .resample: "iteration \(iteration) resampling"
        case .expand: "iteration \(iteration) beam expansion"
        case .generation: "generation \(iteration)"
        default: "\(phase) (iteration \(iteration))"
        }
    }
}
