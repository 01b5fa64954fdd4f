import Foundation

/// Reads examples from MetaSPO JSON, BIG-bench JSON, a JSON list, JSONL, CSV or TSV.
/// Every failure is one line naming the file, the line or index, and the field.
public enum DataFileLoader {
    public static func load(_ path: String, columns: ColumnMapping? = nil) throws(SPOError) -> LoadedData {
        let text = try TextFile.read(path)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SPOError(file: path, "the file is empty")
        }
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "jsonl", "ndjson": return try jsonl(text, file: path, columns: columns)
        case "csv": return try table(text, separator: ",", format: .csv, file: path, columns: columns)
        case "tsv": return try table(text, separator: "\t", format: .tsv, file: path, columns: columns)
        case "json": return try json(text, file: path, columns: columns)
        default:
            // Unknown extension: sniff the content.
            let first = text.first { !$0.isWhitespace }
            if first == "{" || first == "[" {
                if let data = try? json(text, file: path, columns: columns) { return data }
                return try jsonl(text, file: path, columns: columns)
            }
            throw SPOError(file: path, "unknown data format (use .json, .jsonl, .csv or .tsv)")
        }
    }

    // MARK: JSON documents

    static func parseJSON(_ text: String, file: String) throws(SPOError) -> JSONNode {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw SPOError(file: file, line: error.line, "invalid JSON at column \(error.column): \(error.problem)")
        }
    }

    static func json(_ text: String, file: String, columns: ColumnMapping?) throws(SPOError) -> LoadedData {
        let root = try parseJSON(text, file: file)
        if let list = root.array {
            let examples = try records(list.enumerated().map { ("[\($0.offset)]", $0.element) }, file: file, columns: columns ?? ColumnMapping())
            return LoadedData(format: .jsonList, train: nil, test: nil, unsplit: examples.examples, hasAnswerLists: examples.lists, isMultipleChoice: false)
        }
        guard root.object != nil else {
            throw SPOError(file: file, line: root.line, "expected an object with \"train\"/\"test\" (MetaSPO) or \"examples\" (BIG-bench), found \(root.typeName)")
        }
        if root["examples"] != nil { return try bigbench(root, file: file) }
        if root[Split.train.rawValue] != nil || root[Split.test.rawValue] != nil { return try metaspo(root, file: file, columns: columns) }
        let keys = root.object!.map(\.key).prefix(8).joined(separator: ", ")
        throw SPOError(file: file, line: root.line, "no \"train\"/\"test\" lists (MetaSPO) and no \"examples\" list (BIG-bench); keys found: \(keys)")
    }

    static func metaspo(_ root: JSONNode, file: String, columns: ColumnMapping?) throws(SPOError) -> LoadedData {
        var lists = false
        func split(_ name: String) throws(SPOError) -> [Example]? {
            guard let node = root[name] else { return nil }
            guard let items = node.array else {
                throw SPOError(file: file, line: node.line, field: name, "expected a list of examples, found \(node.typeName)")
            }
            let r = try records(items.enumerated().map { ("\(name)[\($0.offset)]", $0.element) }, file: file, columns: columns ?? ColumnMapping())
            lists = lists || r.lists
            return r.examples
        }
        let train = try split(Split.train.rawValue)
        let test = try split(Split.test.rawValue)
        if (train ?? []).isEmpty && (test ?? []).isEmpty {
            throw SPOError(file: file, line: root.line, "\"train\" and \"test\" hold no examples")
        }
        return LoadedData(format: .metaspo, train: train, test: test, unsplit: [], hasAnswerLists: lists, isMultipleChoice: false)
    }

    /// Objects with a question and an answer (`answer` scalar or `answers` list).
    /// - Parameter items: each node with the label errors use for it (`train[3]`), or nil
    ///   when the line number alone says where (JSONL).
    static func records(_ items: [(label: String?, node: JSONNode)], file: String, columns: ColumnMapping) throws(SPOError) -> (examples: [Example], lists: Bool) {
        var out: [Example] = []
        var lists = false
        func sub(_ label: String?, _ key: String) -> String { label.map { "\($0).\(key)" } ?? key }
        for (label, item) in items {
            let where_ = label
            guard item.object != nil else {
                throw SPOError(file: file, line: item.line, field: where_, "expected an object, found \(item.typeName)")
            }
            guard let qNode = item[columns.question] else {
                throw SPOError(file: file, line: item.line, field: where_, "missing field \"\(columns.question)\"")
            }
            guard let question = qNode.scalarText, !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw SPOError(file: file, line: qNode.line, field: sub(label, columns.question), "expected non-empty text, found \(qNode.typeName)")
            }
            let answerKey = item[columns.answer] != nil ? columns.answer : (item["answers"] != nil ? "answers" : columns.answer)
            guard let aNode = item[answerKey] else {
                throw SPOError(file: file, line: item.line, field: where_, "missing field \"\(columns.answer)\"")
            }
            let answers: [String]
            if let list = aNode.array {
                var golds: [String] = []
                for (j, g) in list.enumerated() {
                    guard let t = g.scalarText else {
                        throw SPOError(file: file, line: g.line, field: sub(label, "\(answerKey)[\(j)]"), "expected text or a number, found \(g.typeName)")
                    }
                    golds.append(t)
                }
                guard !golds.isEmpty else {
                    throw SPOError(file: file, line: aNode.line, field: sub(label, answerKey), "the list of answers is empty")
                }
                answers = golds
                lists = true
            } else if let t = aNode.scalarText {
                answers = [t]
            } else {
                throw SPOError(file: file, line: aNode.line, field: sub(label, answerKey), "expected text, a number or a list, found \(aNode.typeName)")
            }
            var choices: [String]?
            if let key = columns.choices ?? (item["choices"] != nil ? "choices" : nil), let cNode = item[key] {
                guard let list = cNode.array?.compactMap(\.scalarText), !list.isEmpty else {
                    throw SPOError(file: file, line: cNode.line, field: sub(label, key), "expected a list of options")
                }
                choices = list
            }
            out.append(Example(question: question, answers: answers, choices: choices, origin: .init(line: item.line, label: label)))
        }
        return (out, lists)
    }

    static func bigbench(_ root: JSONNode, file: String) throws(SPOError) -> LoadedData {
        guard let items = root["examples"]?.array else {
            throw SPOError(file: file, line: root["examples"]?.line, field: "examples", "expected a list")
        }
        guard !items.isEmpty else { throw SPOError(file: file, line: root.line, field: "examples", "the list is empty") }
        var out: [Example] = []
        var multipleChoice: Bool?
        var lists = false
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for (i, item) in items.enumerated() {
            let where_ = "examples[\(i)]"
            guard item.object != nil else {
                throw SPOError(file: file, line: item.line, field: where_, "expected an object, found \(item.typeName)")
            }
            guard let input = item["input"]?.scalarText else {
                throw SPOError(file: file, line: item.line, field: where_, "missing field \"input\"")
            }
            if let scores = item["target_scores"] {
                guard let pairs = scores.object, !pairs.isEmpty else {
                    throw SPOError(file: file, line: scores.line, field: "\(where_).target_scores", "expected a non-empty object of option: score")
                }
                guard pairs.count <= 26 else {
                    throw SPOError(file: file, line: scores.line, field: "\(where_).target_scores", "more than 26 options")
                }
                if multipleChoice == false {
                    throw SPOError(file: file, line: item.line, field: where_, "mixes \"target_scores\" and \"target\" examples")
                }
                multipleChoice = true
                var best = -Double.infinity
                var bestIndex = 0
                for (j, pair) in pairs.enumerated() {
                    guard let s = pair.value.number else {
                        throw SPOError(file: file, line: pair.value.line, field: "\(where_).target_scores.\(pair.key)", "expected a number")
                    }
                    if s > best {
                        best = s
                        bestIndex = j
                    }
                }
                let options = pairs.map(\.key)
                let listed = options.enumerated().map { "(\(letters[$0.offset])) \($0.element)" }.joined(separator: "\n")
                let question = input + "\nOptions:\n" + listed
                out.append(Example(question: question, answers: [String(letters[bestIndex])], choices: options, origin: .init(line: item.line, label: where_)))
            } else if let target = item["target"] {
                if multipleChoice == true {
                    throw SPOError(file: file, line: item.line, field: where_, "mixes \"target_scores\" and \"target\" examples")
                }
                multipleChoice = false
                if let list = target.array {
                    let golds = list.compactMap(\.scalarText)
                    guard !golds.isEmpty, golds.count == list.count else {
                        throw SPOError(file: file, line: target.line, field: "\(where_).target", "expected a non-empty list of text")
                    }
                    lists = lists || golds.count > 1
                    out.append(Example(question: input, answers: golds, origin: .init(line: item.line, label: where_)))
                } else if let t = target.scalarText {
                    out.append(Example(question: input, answers: [t], origin: .init(line: item.line, label: where_)))
                } else {
                    throw SPOError(file: file, line: target.line, field: "\(where_).target", "expected text or a list, found \(target.typeName)")
                }
            } else {
                throw SPOError(file: file, line: item.line, field: where_, "missing field \"target_scores\" or \"target\"")
            }
        }
        return LoadedData(format: .bigbench, train: nil, test: nil, unsplit: out, hasAnswerLists: lists, isMultipleChoice: multipleChoice == true)
    }

    // MARK: Line formats

    static func jsonl(_ text: String, file: String, columns: ColumnMapping?) throws(SPOError) -> LoadedData {
        let mapping = columns ?? ColumnMapping()
        var train: [Example] = [], test: [Example] = [], unsplit: [Example] = []
        var lists = false
        for shifted in try JSONParser.lines(text, file: file) {
            let lineNo = shifted.line
            let node = shifted
            let r = try records([(nil, shifted)], file: file, columns: mapping)
            lists = lists || r.lists
            let example = r.examples[0]
            if let splitKey = mapping.split {
                guard let s = node[splitKey]?.scalarText?.lowercased() else {
                    throw SPOError(file: file, line: lineNo, "missing field \"\(splitKey)\"")
                }
                switch Split(rawValue: s) {
                case .train: train.append(example)
                case .test: test.append(example)
                default: throw SPOError(file: file, line: lineNo, field: splitKey, "expected train or test, found \"\(s)\"")
                }
            } else {
                unsplit.append(example)
            }
        }
        return LoadedData(
            format: .jsonl, train: mapping.split == nil ? nil : train, test: mapping.split == nil ? nil : test,
            unsplit: unsplit, hasAnswerLists: lists, isMultipleChoice: false)
    }

    static func table(_ text: String, separator: Character, format: LoadedData.Format, file: String, columns: ColumnMapping?) throws(SPOError) -> LoadedData {
        let mapping = columns ?? ColumnMapping()
        let table = try CSVTable.parse(text, separator: separator, file: file)
        func index(_ name: String) throws(SPOError) -> Int {
            guard let i = table.column(name) else {
                throw SPOError(file: file, line: 1, field: "header", "column \"\(name)\" not found (columns: \(table.header.joined(separator: ", ")))")
            }
            return i
        }
        let qi = try index(mapping.question)
        let ai = try index(mapping.answer)
        let ci: Int? = try mapping.choices.map { (c: String) throws(SPOError) -> Int in try index(c) }
        let si: Int? = try mapping.split.map { (c: String) throws(SPOError) -> Int in try index(c) }
        guard !table.rows.isEmpty else { throw SPOError(file: file, "no rows after the header") }
        var train: [Example] = [], test: [Example] = [], unsplit: [Example] = []
        for row in table.rows {
            let q = row.fields[qi]
            let a = row.fields[ai].trimmingCharacters(in: .whitespaces)
            guard !q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw SPOError(file: file, line: row.line, field: mapping.question, "empty question")
            }
            guard !a.isEmpty else { throw SPOError(file: file, line: row.line, field: mapping.answer, "empty answer") }
            var choices: [String]?
            if let ci {
                choices = row.fields[ci].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            let ex = Example(question: q, answers: [a], choices: choices, origin: .init(line: row.line))
            if let si {
                let s = row.fields[si].trimmingCharacters(in: .whitespaces).lowercased()
                switch Split(rawValue: s) {
                case .train: train.append(ex)
                case .test: test.append(ex)
                default: throw SPOError(file: file, line: row.line, field: mapping.split!, "expected train or test, found \"\(s)\"")
                }
            } else {
                unsplit.append(ex)
            }
        }
        return LoadedData(format: format, train: si == nil ? nil : train, test: si == nil ? nil : test, unsplit: unsplit, hasAnswerLists: false, isMultipleChoice: false)
    }
}
