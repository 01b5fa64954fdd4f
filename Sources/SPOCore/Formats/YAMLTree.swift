import Foundation
import Yams

/// A YAML document reduced to what config and spec files use, with the line of
/// every value, so errors can say `config.yaml:12: base_model.temperature: …`.
public indirect enum YAMLTree: Sendable {
    case scalar(String, line: Int, quoted: Bool)
    case mapping([(key: String, value: YAMLTree)], line: Int)
    case sequence([YAMLTree], line: Int)
    case null(line: Int)

    /// Parses YAML text; an empty document is an empty mapping.
    public static func parse(_ text: String, file: String) throws(SPOError) -> YAMLTree {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error, file: file)
        } catch {
            throw SPOError(file: file, "invalid YAML: \(error)")
        }
        guard let node else { return .mapping([], line: 1) }
        return try convert(node, file: file)
    }

    private static func describe(_ error: YamlError, file: String) -> SPOError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return SPOError(file: file, line: mark.line, "invalid YAML: \(problem)")
        case .reader(let problem, _, _, _):
            return SPOError(file: file, "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, _):
            return SPOError(file: file, "duplicate keys: \(duplicates.joined(separator: ", "))")
        default:
            return SPOError(file: file, "invalid YAML: \(error)")
        }
    }

    private static func convert(_ node: Node, file: String) throws(SPOError) -> YAMLTree {
        let line = node.mark?.line ?? 1
        switch node {
        case .scalar(let s):
            let quoted = s.style == .singleQuoted || s.style == .doubleQuoted || s.style == .literal || s.style == .folded
            if !quoted, ["", "~", "null", "Null", "NULL"].contains(s.string) { return .null(line: line) }
            return .scalar(s.string, line: line, quoted: quoted)
        case .mapping(let m):
            var pairs: [(key: String, value: YAMLTree)] = []
            var seen = Set<String>()
            for (k, v) in m {
                guard case .scalar(let ks) = k else {
                    throw SPOError(file: file, line: k.mark?.line, "keys must be plain names")
                }
                if !seen.insert(ks.string).inserted {
                    throw SPOError(file: file, line: k.mark?.line, field: ks.string, "the key appears twice")
                }
                pairs.append((ks.string, try convert(v, file: file)))
            }
            return .mapping(pairs, line: line)
        case .sequence(let seq):
            var items: [YAMLTree] = []
            for item in seq { items.append(try convert(item, file: file)) }
            return .sequence(items, line: line)
        case .alias:
            throw SPOError(file: file, line: line, "YAML aliases are not supported here")
        }
    }

    public var line: Int {
        switch self {
        case .scalar(_, let l, _), .mapping(_, let l), .sequence(_, let l), .null(let l): l
        }
    }

    public var kindName: String {
        switch self {
        case .scalar: "a value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .null: "nothing"
        }
    }
}

/// Reads typed fields out of a YAML mapping and collects unknown keys, with
/// errors that name the file, line and dotted key path.
public struct YAMLReader {
    public let file: String
    public let path: String
    public let pairs: [(key: String, value: YAMLTree)]
    public let line: Int
    private(set) var used: Set<String> = []

    public init(_ tree: YAMLTree, file: String, path: String = "") throws(SPOError) {
        self.file = file
        self.path = path
        switch tree {
        case .mapping(let p, let l):
            pairs = p
            line = l
        case .null(let l):
            pairs = []
            line = l
        default:
            throw SPOError(file: file, line: tree.line, field: path.isEmpty ? nil : path, "expected a mapping of keys, found \(tree.kindName)")
        }
    }

    public func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func error(_ key: String, _ problem: String) -> SPOError {
        SPOError(file: file, line: raw(key)?.line ?? line, field: field(key), problem)
    }

    public func raw(_ key: String) -> YAMLTree? {
        pairs.first { $0.key == key }?.value
    }

    public func has(_ key: String) -> Bool { raw(key) != nil }

    /// Keys present in the file that no one asked for.
    public func unknownKeys(known: Set<String>) -> [(key: String, line: Int)] {
        pairs.filter { !known.contains($0.key) }.map { ($0.key, $0.value.line) }
    }

    public func string(_ key: String) throws(SPOError) -> String? {
        try scalar(key, expected: "text")
    }

    /// A scalar's text; a list or mapping is an error that says what was expected.
    private func scalar(_ key: String, expected: String) throws(SPOError) -> String? {
        switch raw(key) {
        case nil, .null: return nil
        case .scalar(let s, _, _): return s
        case let other?: throw error(key, "expected \(expected), found \(other.kindName)")
        }
    }

    public func int(_ key: String, min: Int? = nil) throws(SPOError) -> Int? {
        guard let s = try scalar(key, expected: "a whole number") else { return nil }
        guard let v = Int(s.replacingOccurrences(of: "_", with: "")) else {
            throw error(key, "expected a whole number, found \"\(s)\"")
        }
        if let min, v < min { throw error(key, "must be at least \(min), found \(v)") }
        return v
    }

    public func double(_ key: String, min: Double? = nil, max: Double? = nil) throws(SPOError) -> Double? {
        guard let s = try scalar(key, expected: "a number") else { return nil }
        guard let v = Double(s.replacingOccurrences(of: "_", with: "")), v.isFinite else {
            throw error(key, "expected a number, found \"\(s)\"")
        }
        if let min, v < min { throw error(key, "must be at least \(min), found \(s)") }
        if let max, v > max { throw error(key, "must be at most \(max), found \(s)") }
        return v
    }

    public func bool(_ key: String) throws(SPOError) -> Bool? {
        guard let s = try scalar(key, expected: "true or false") else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw error(key, "expected true or false, found \"\(s)\"")
        }
    }

    /// A list of text values; a single value is taken as a list of one.
    public func strings(_ key: String) throws(SPOError) -> [String]? {
        switch raw(key) {
        case nil, .null: return nil
        case .scalar(let s, _, _): return [s]
        case .sequence(let items, _)?:
            var out: [String] = []
            for (i, item) in items.enumerated() {
                guard case .scalar(let s, _, _) = item else {
                    throw SPOError(file: file, line: item.line, field: "\(field(key))[\(i)]", "expected text, found \(item.kindName)")
                }
                out.append(s)
            }
            return out
        case let other?: throw error(key, "expected a list, found \(other.kindName)")
        }
    }

    public func mapping(_ key: String) throws(SPOError) -> YAMLReader? {
        guard let tree = raw(key) else { return nil }
        if case .null = tree { return nil }
        return try YAMLReader(tree, file: file, path: field(key))
    }

    /// A value that must be one of a fixed set.
    public func choice(_ key: String, allowed: [String]) throws(SPOError) -> String? {
        guard let s = try string(key) else { return nil }
        guard allowed.contains(s) else {
            throw error(key, "\"\(s)\" is not allowed (allowed: \(allowed.joined(separator: ", ")))")
        }
        return s
    }
}
