import Foundation
import SPOCore
import SPOEngine

/// Turns events into one human line per step for `run --headless`.
struct HeadlessPrinter {
    /// Candidate texts by id, to quote them briefly.
    private var texts: [String: String] = [:]
    private var meanBySystem: [String: [Double]] = [:]
    /// Train split size per task, to tell a race's partial scores from full ones.
    private var trainSize: [String: Int] = [:]
    private var valSize: [String: Int] = [:]

    /// The line for one event, or nil. Everything in it that came from outside
    /// (task names, prompts, reasons, server messages) is shown inertly.
    mutating func line(for record: EventRecord) -> String? {
        rawLine(for: record).map(TerminalText.line)
    }

    private mutating func rawLine(for record: EventRecord) -> String? {
        let stamp = "[" + ScoreSummary.fixed(record.t, 1).leftPadded(to: 7) + "s] "
        switch record.event {
        case .runStarted(let r):
            for t in r.tasks {
                trainSize[t.name] = t.train
                valSize[t.name] = t.val
            }
            let tasks = r.tasks.map { "\($0.name) (\($0.role), train \($0.train)\($0.val > 0 ? ", val \($0.val)" : ""), test \($0.test))" }.joined(separator: ", ")
            return stamp + "run \(r.run): \(r.method) on \(tasks)"
        case .phaseStarted(let p):
            switch p.phase {
            case .initial: return stamp + "scoring the initial prompts on the train split\(valSize.values.contains { $0 > 0 } ? " and the validation split" : "")"
            case .test: return stamp + "testing the initial and the optimized prompts on the test split"
            default: return stamp + "iteration \(p.iteration): \(Self.phaseTitle(p.phase))"
            }
        case .candidateCreated(let c):
            texts[c.id] = c.text
            guard c.origin != .initial else { return nil }
            let from = c.parent.map { " ← \($0)" } ?? ""
            let task = c.task.map { " [\($0)]" } ?? ""
            return stamp + "\(c.id)\(task)\(from) \(c.origin): \(Self.brief(c.text))"
        case .candidateRejected(let r):
            return stamp + "rejected\(r.task.map { " [\($0)]" } ?? "") attempt \(r.attempt): \(r.reason)"
        case .evaluationFinished(let f)
        where (f.split == .train && f.n < (trainSize[f.node.task] ?? 0)) || (f.split == .val && f.n < (valSize[f.node.task] ?? 0)):
            // A candidate a race dropped: its `race` line says so.
            return nil
        case .evaluationFinished(let f):
            if f.split == .train { meanBySystem[f.node.system, default: []].append(f.score) }
            let interval = f.low.flatMap { l in f.high.map { h in " [\(ScoreSummary.fixed(l, 2)), \(ScoreSummary.fixed(h, 2))]" } } ?? ""
            return stamp + "\(f.node.system)+\(f.node.user) on \(f.node.task) \(f.split): \(ScoreSummary.fixed(f.score, 3))\(interval) n=\(f.n)"
        case .selection(let s):
            let kept = s.kept.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.joined(separator: " "))" }.joined(separator: "; ")
            return stamp + "kept after \(s.phase) \(s.iteration): \(kept) | system prompt \(s.currentSystem)"
        case .command(let c):
            return stamp + "command \(c.command)\(c.id.map { " \($0)" } ?? "") by \(c.by)"
        case .warning(let m): return stamp + "warning: \(m)"
        case .commandRefused(let r): return stamp + "warning: \(r.sentence)"
        case .error(let m): return stamp + "error: \(m)"
        case .paused: return stamp + "paused"
        case .resumed: return stamp + "resumed"
        case .stopped(let s): return stamp + "stopped: \(s.reason)\(s.resumable ? " (resumable)" : "")"
        case .budgetReached(let b): return stamp + "budget reached: \(BudgetGuard.describe(b))"
        case .race(let r):
            // Rounds that drop nothing stay quiet; a race's end says who is left.
            guard !r.dropped.isEmpty || r.n == r.of else { return nil }
            let what = r.task.map { "\(r.phase) race [\($0)]" } ?? "\(r.phase) race"
            let dropped = r.dropped.isEmpty ? "" : ", dropped \(r.dropped.joined(separator: " "))"
            return stamp + "\(what) round \(r.round) on \(r.n) of \(r.of) examples\(dropped); racing on: \(r.alive.isEmpty ? "none" : r.alive.joined(separator: " ")) (\(r.saved) calls saved so far)"
        case .runFinished(let f): return stamp + "finished: best system prompt \(f.bestSystem ?? "?")"
        default: return nil
        }
    }

    /// One line of a prompt, at most 90 characters, with control characters shown inertly.
    /// What a phase of an iteration does, in words (docs/engine.md lists each method's phases).
    static func phaseTitle(_ phase: PhaseName) -> String {
        switch phase {
        case .inner: "inner loop (user prompts)"
        case .outer: "outer loop (system prompt)"
        case .resample: "resampling user prompts (APE)"
        case .expand: "expanding the beam of user prompts (ProTeGi)"
        case .generation: "a generation of system prompts (SPRIG)"
        default: phase.rawValue
        }
    }

    static func brief(_ text: String) -> String {
        let flat = text.unicodeScalars.map { s -> String in
            if s == "\n" || s == "\t" { return " " }
            if s.value < 0x20 || s.value == 0x7F || (0x80...0x9F).contains(s.value) { return "\u{FFFD}" }
            return String(s)
        }.joined()
        let squeezed = flat.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return squeezed.count > 90 ? String(squeezed.prefix(89)) + "…" : squeezed
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
