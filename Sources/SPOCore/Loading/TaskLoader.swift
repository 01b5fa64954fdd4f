import Foundation

/// Turns task-spec files and bare data files into tasks, inferring what they leave out.
public enum TaskLoader {
    /// Keys a task spec may have.
    public static let specKeys: Set<String> = [
        "name", "domain", "data", "columns", "user_prompt", "answer", "metric", "train_fraction", "scorer", "summary",
    ]

    /// Loads a task from a path: a `.yaml`/`.yml` task spec, or a bare data file.
    public static func load(path: String, warnings: inout [String]) throws(SPOError) -> SPOTask {
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "yaml" || ext == "yml" {
            let text = try TextFile.read(path)
            let tree = try YAMLTree.parse(text, file: path)
            let spec = try parseSpec(tree, file: path, warnings: &warnings)
            return try build(spec, baseDirectory: (path as NSString).deletingLastPathComponent, origin: path)
        }
        return try build(TaskSpec(data: path), baseDirectory: nil, origin: path)
    }

    /// Reads a task spec from YAML (a file, or a `tasks:` entry of a config).
    public static func parseSpec(_ tree: YAMLTree, file: String, path: String = "", warnings: inout [String]) throws(SPOError) -> TaskSpec {
        let r = try YAMLReader(tree, file: file, path: path)
        for (key, line) in r.unknownKeys(known: specKeys) {
            warnings.append(SPOError(file: file, line: line, field: r.field(key), "unknown key, ignored (known: \(specKeys.sorted().joined(separator: ", ")))").message)
        }
        guard let data = try r.string("data") else {
            throw SPOError(file: file, line: r.line, field: r.field("data"), "missing: the path of the data file")
        }
        var spec = TaskSpec(data: data)
        spec.name = try r.string("name")
        spec.domain = try r.string("domain")
        if let cols = try r.mapping("columns") {
            for (key, line) in cols.unknownKeys(known: ["question", "answer", "choices", "split"]) {
                warnings.append(SPOError(file: file, line: line, field: cols.field(key), "unknown column role, ignored (known: question, answer, choices, split)").message)
            }
            spec.columns = ColumnMapping(
                question: try cols.string("question") ?? "question", answer: try cols.string("answer") ?? "answer",
                choices: try cols.string("choices"), split: try cols.string("split"))
        }
        if let prompt = try r.string("user_prompt") {
            guard prompt.contains(SPOTask.questionSlot) else {
                throw r.error("user_prompt", "must contain the {question} slot")
            }
            spec.userPrompt = prompt
        }
        if let answer = try r.string("answer") {
            guard let kind = AnswerKind(spec: answer) else {
                throw r.error("answer", "unknown answer kind \"\(answer)\" (allowed: \(AnswerKind.allowedSpellings))")
            }
            spec.answerKind = kind
        }
        if let metric = try r.choice("metric", allowed: Metric.allCases.map(\.rawValue)) {
            spec.metric = Metric(rawValue: metric)
        }
        if let f = try r.double("train_fraction") {
            guard f > 0, f < 1 else { throw r.error("train_fraction", "must be between 0 and 1 (exclusive), found \(f)") }
            spec.trainFraction = f
        }
        spec.scorer = try r.string("scorer")
        return spec
    }

    /// Builds a task from a spec; `origin` names the spec or data file in messages.
    public static func build(_ spec: TaskSpec, baseDirectory: String?, origin: String) throws(SPOError) -> SPOTask {
        let dataPath = TextFile.resolve(spec.data, relativeTo: baseDirectory)
        let data = try DataFileLoader.load(dataPath, columns: spec.columns)
        // A task without examples would "score" 0 of 0 and exit 0 (seen with a
        // JSON file holding `[]`): refuse it where every loader meets it.
        guard !data.all.isEmpty else {
            throw SPOError(file: dataPath, "no examples in the file; a task needs at least one example with a question and an answer")
        }
        var inferred: [String] = []
        let kind: AnswerKind
        if let k = spec.answerKind {
            kind = k
        } else {
            let (k, why) = inferKind(data)
            kind = k
            inferred.append("answer: \(k) (\(why))")
        }
        let metric: Metric
        if let m = spec.metric {
            metric = m
        } else {
            metric = kind == .text ? .exactMatch : .accuracy
            inferred.append("metric: \(metric.rawValue) (default for \(kind) answers)")
        }
        let prompt: String
        if let p = spec.userPrompt {
            prompt = p
        } else {
            prompt = SPOTask.genericUserPrompt(for: kind)
            inferred.append("user_prompt: generic prompt for \(kind) answers")
        }
        let name = spec.name ?? ((dataPath as NSString).lastPathComponent as NSString).deletingPathExtension
        if spec.name == nil { inferred.append("name: \(name) (from the file name)") }
        let domain = spec.domain ?? "custom"

        var trainPool: [Example], testPool: [Example]
        if let train = data.train, let test = data.test, !train.isEmpty, !test.isEmpty {
            trainPool = train + data.unsplit
            testPool = test
        } else {
            let fraction = spec.trainFraction ?? 0.5
            let split = SPOTask.partition(data.all, trainFraction: fraction)
            trainPool = split.train
            testPool = split.test
            inferred.append("split: no train/test split in the file; \(Int((fraction * 100).rounded()))% train pool (\(trainPool.count)), rest test pool (\(testPool.count))")
        }
        // Validate every gold answer now, so a bad row is found at load time.
        for ex in data.all where AnswerExtractor.normalizedGolds(ex.answers, kind: kind, choices: ex.choices).isEmpty {
            throw SPOError(
                file: dataPath, line: ex.origin?.line, field: ex.origin?.label,
                "gold answer \"\(ex.answer.prefix(60))\" cannot be read as \(kind) (set `answer:` in a task spec)")
        }
        return SPOTask(
            name: name, domain: domain, userPrompt: prompt, answerKind: kind, metric: metric,
            trainPool: trainPool, testPool: testPool, source: .file(origin),
            summary: "\(data.format.rawValue), \(data.all.count) examples", inferred: inferred, scorerCommand: spec.scorer)
    }

    /// The answer kind a data file implies, and why.
    public static func inferKind(_ data: LoadedData) -> (AnswerKind, String) {
        if data.isMultipleChoice { return (.letter, "BIG-bench multiple choice") }
        if data.hasAnswerLists { return (.text, "lists of accepted answers") }
        let golds = data.all.flatMap(\.answers).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if !golds.isEmpty, golds.allSatisfy({ Int($0) != nil }) { return (.integer, "every gold answer is a whole number") }
        if !golds.isEmpty, golds.allSatisfy({ ["yes", "no"].contains($0.lowercased()) }) {
            return (.yesNo, "every gold answer is yes or no")
        }
        if !golds.isEmpty, data.all.allSatisfy({ $0.choices != nil }) || golds.allSatisfy(isLetterGold) {
            return (.letter, "every gold answer is an option letter")
        }
        if !golds.isEmpty, golds.allSatisfy({ Double($0) != nil }) { return (.number(tolerance: 1e-6), "every gold answer is a number") }
        return (.text, "free-text gold answers")
    }

    private static func isLetterGold(_ s: String) -> Bool {
        let core = s.trimmingCharacters(in: CharacterSet(charactersIn: "() ."))
        return core.count == 1 && core.first!.isUppercase && core.first!.isASCII
    }
}
