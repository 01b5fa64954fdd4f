import Foundation
public import SPOCore

/// One table across methods and baselines, like the paper's: a row per system
/// prompt (each session's method, each baseline), a column per task (source
/// tasks' test scores, then unseen tasks'), and the mean of each group. Every
/// cell is a score with its 95% interval and n. Built by `ComparisonBuilder`;
/// where each number comes from is in docs/comparisons.md.
public struct ComparisonTable: Sendable, Codable, Hashable {
    public struct Column: Sendable, Codable, Hashable {
        public var task: String
        /// `source` (the run trained on it; its test split) or `unseen`.
        public var role: TaskRole

        public var title: String { "\(task) (\(role))" }
    }

    public struct Cell: Sendable, Codable, Hashable {
        public var estimate: ScoreEstimate
        /// Where the number was read, e.g. `summary of RUN` or `unseen RUN, 5 user prompts`.
        public var from: String
    }

    public struct Row: Sendable, Codable, Hashable {
        public var label: String
        /// `method` (a run's optimized prompt), `baseline`, or `initial` (a run's
        /// initial prompt that is not one of the baselines).
        public var kind: String
        public var run: String?
        /// Aligned with the table's columns; nil where the row has no number.
        public var cells: [Cell?]
        /// Mean over this row's cells of each role, by its raw value (`source`,
        /// `unseen`): a JSON object in `compare --json`.
        public var means: [String: ScoreEstimate]
        /// Roles whose mean leaves out a column the row has no number for.
        public var incompleteMeans: [String]
    }

    public var columns: [Column]
    public var rows: [Row]
    /// Files read, in order.
    public var inputs: [String]
    /// Things a reader should know (differing models, conflicting numbers).
    public var notes: [String]

    /// Roles that have columns, source first.
    public var roles: [TaskRole] { TaskRole.ordered.filter { r in columns.contains { $0.role == r } } }

    /// The table as Markdown: a header, a row per system prompt, then notes.
    public var markdown: String {
        var header = ["system prompt"]
        var layout: [(role: TaskRole, column: Int?)] = []
        for role in roles {
            for (i, c) in columns.enumerated() where c.role == role {
                header.append(c.title)
                layout.append((role, i))
            }
            header.append("\(role) mean")
            layout.append((role, nil))
        }
        var md = "| " + header.joined(separator: " | ") + " |\n"
        md += "|" + String(repeating: "---|", count: header.count) + "\n"
        for row in rows {
            var cells = [Self.escape(row.label)]
            for (role, column) in layout {
                if let column {
                    cells.append(row.cells[column]?.estimate.text ?? "–")
                } else if let mean = row.means[role.rawValue] {
                    cells.append(mean.text + (row.incompleteMeans.contains(role.rawValue) ? " *" : ""))
                } else {
                    cells.append("–")
                }
            }
            md += "| " + cells.joined(separator: " | ") + " |\n"
        }
        md += "\nScores are the task's metric on its test split: value [95% interval] n=examples scored"
        md += " (for unseen tasks, summed over the user prompts). Means average the tasks; their n is the total.\n"
        if rows.contains(where: { !$0.incompleteMeans.isEmpty }) {
            md += "\n\\* mean over the tasks this row has numbers for.\n"
        }
        if !notes.isEmpty {
            md += "\nNotes:\n" + notes.map { "- \($0)\n" }.joined()
        }
        md += "\nFrom: " + inputs.joined(separator: ", ") + "\n"
        return md
    }

    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
