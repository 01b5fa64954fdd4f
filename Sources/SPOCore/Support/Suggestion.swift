/// "Did you mean …?" for a misspelt or guessed name: the known name closest in
/// edit distance, when it is close enough to be a plausible slip.
public enum Suggestion {
    /// Names people try that are too far from the real one to be found by spelling.
    static let aliases: [String: String] = [
        "base": "base_model", "optimizer": "optimizer_model", "model": "base_model",
        "iterations": "iteration", "tasks_train": "meta_train_tasks", "train_tasks": "meta_train_tasks",
        "test_tasks": "meta_test_tasks", "unseen_tasks": "meta_test_tasks",
    ]

    /// The closest of `known` to `name`, or nil when none is within about a
    /// third of the name's length (at least 2 edits allowed).
    public static func closest(to name: String, in known: some Collection<String>) -> String? {
        let lowered = name.lowercased()
        if let alias = aliases[lowered], known.contains(alias) { return alias }
        var best: (name: String, distance: Int)?
        for candidate in known {
            let d = distance(lowered, candidate.lowercased())
            if d < (best?.distance ?? .max) || (d == best?.distance && candidate < best!.name) { best = (candidate, d) }
        }
        guard let best, best.distance <= max(2, lowered.count / 3) else { return nil }
        return best.name
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
