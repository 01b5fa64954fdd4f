import Foundation
@testable import SPOCore
@testable import SPOBuiltins

/// Shared fixtures and small parsers for the built-in task tests. The solvers in
/// the Builtin*SolverTests files re-derive every gold answer from the question
/// text alone, so a generator bug that writes one thing and scores another shows up.
enum BuiltinFixture {
    /// Every built-in task with its pools, generated once per test process.
    static let tasks: [String: SPOTask] = Dictionary(
        uniqueKeysWithValues: BuiltinTasks.families.map { ($0.name, BuiltinTasks.task($0)) })

    /// Both pools of a task (700 examples).
    static func examples(_ name: String) -> [Example] {
        guard let task = tasks[name] else { return [] }
        return task.testPool + task.trainPool
    }
}

/// Capture groups of the first match of `pattern` (whole text allowed to span lines).
func captures(_ pattern: String, _ text: String) -> [String]? {
    guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return nil }
    let ns = text as NSString
    guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
    return (1..<max(1, m.numberOfRanges)).map {
        m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0))
    }
}

/// Capture groups of every match.
func allCaptures(_ pattern: String, _ text: String) -> [[String]] {
    guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
    let ns = text as NSString
    return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
        (1..<max(1, m.numberOfRanges)).map {
            m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0))
        }
    }
}

/// Whether `word` occurs in `text` as a whole word (or phrase).
func containsWord(_ text: String, _ word: String) -> Bool {
    let escaped = NSRegularExpression.escapedPattern(for: word)
    return captures("(?<![A-Za-z])(\(escaped))(?![A-Za-z])", text) != nil
}

/// The test's own number words, so parsing does not rely on the generator's list.
let testNumberWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                       "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                       "nineteen", "twenty"]

/// "7", "seven" or "Seven".
func parseCount(_ token: String) -> Int? {
    if let v = Int(token) { return v }
    return testNumberWords.firstIndex(of: token.lowercased())
}

/// The option texts listed after `Options:`, and the stem before them.
func splitOptions(_ question: String) -> (stem: String, options: [String])? {
    guard let range = question.range(of: "\nOptions:\n") else { return nil }
    let stem = String(question[..<range.lowerBound])
    let lines = question[range.upperBound...].split(separator: "\n").map(String.init)
    var options: [String] = []
    for (i, line) in lines.enumerated() {
        let prefix = "(\(TextKit.letter(i))) "
        guard line.hasPrefix(prefix) else { return nil }
        options.append(String(line.dropFirst(prefix.count)))
    }
    return (stem, options)
}

/// Index of a gold letter.
func letterIndex(_ letter: String) -> Int? {
    guard letter.count == 1, let scalar = letter.unicodeScalars.first, (65...90).contains(scalar.value) else { return nil }
    return Int(scalar.value) - 65
}
