import Foundation
import SPOCore
import SPOBuiltins

/// Valid inputs for each parser to start mutating from: the repo's own files
/// (a recorded session, presets, themes) and data files made from built-in tasks
/// in every format the loaders read.
enum FuzzCorpus {
    /// The checkout's top folder (this file is Tests/FuzzTests/FuzzCorpus.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func file(_ relative: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: root + "/" + relative) ?? Data())
    }

    static func files(in folder: String, ext: String) -> [[UInt8]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { file(folder + "/" + $0) }
    }

    // MARK: Sessions

    /// The recorded session cut into pieces (header plus a window of event lines),
    /// so mutations land all over it and inputs stay small.
    static let sessions: [[UInt8]] = {
        let whole = file("sessions/quick-qwen1.5b.jsonl")
        let lines = whole.split(separator: 0x0A).map(Array.init)
        guard let header = lines.first else { return [] }
        var out: [[UInt8]] = []
        var start = 1
        while start < lines.count {
            let window = lines[start..<min(lines.count, start + 12)]
            out.append(Array(([header] + window).joined(separator: [0x0A])) + [0x0A])
            start += 7
        }
        return out
    }()

    static let sessionTokens: [String] = [
        "{\"seq\":", "\"t\":", "\"type\":", "\"run_started\"", "\"candidate_created\"", "\"evaluation_finished\"", "\"evaluation_progress\"",
        "\"selection\"", "\"usage\"", "\"run_finished\"", "\"stopped\"", "\"command\"", "\"analysis_created\"", "\"candidate_rejected\"",
        "\"budget_reached\"", "\"phase_started\"", "\"warning\"", "\"error\"", "\"paused\"", "\"resumed\"", "\"node\":", "\"system\":",
        "\"user\":", "\"task\":", "\"kept\":", "\"wrong\":", "\"score\":", "\"id\":", "\"S1\"", "\"U1\"", "null", "true", "false",
        "{\"format\":\"metaspo-session\",\"version\":2,\"created\":\"x\",\"config\":{}}\n", "\"version\":", "\"\\u001b[2J\"",
    ]

    // MARK: JSON

    static let jsonTokens: [String] = ["{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "\"a\":", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", "\\udc00", "1.5e-3", "01", "-"]

    /// Examples of built-in tasks (a few of each), with their options.
    static let examples: [(task: String, examples: [Example])] = {
        ["navigate", "object_counting", "web_of_lies", "date_arithmetic", "logical_deduction"].compactMap { name in
            BuiltinTasks.task(named: name).map { (name, Array($0.trainPool.prefix(6))) }
        }
    }()

    static func encode(_ value: Any) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])) ?? Data())
    }

    /// MetaSPO dataset JSON: {"train": [...], "test": [...]}, with `answer` or `answers`.
    static let metaspoJSON: [[UInt8]] = examples.map { _, ex in
        let items: [[String: Any]] = ex.enumerated().map { i, e in
            i % 2 == 0 ? ["question": e.question, "answer": e.answer] : ["question": e.question, "answers": e.answers, "choices": e.choices ?? ["x", "y"]]
        }
        return encode(["train": Array(items.prefix(3)), "test": Array(items.dropFirst(3))])
    }

    /// BIG-bench task JSON: `target_scores` (multiple choice) or `target`.
    static let bigbenchJSON: [[UInt8]] = examples.map { _, ex in
        let items: [[String: Any]] = ex.map { e in
            if let choices = e.choices {
                let gold = Int(e.answer.unicodeScalars.first!.value) - 65
                return ["input": e.question, "target_scores": Dictionary(uniqueKeysWithValues: choices.enumerated().map { ($1, $0 == gold ? 1 : 0) })]
            }
            return ["input": e.question, "target": e.answers]
        }
        return encode(["name": "fuzz", "examples": items])
    }

    /// JSON Lines, one example per line, some with a split column.
    static let jsonl: [[UInt8]] = examples.map { _, ex in
        let lines = ex.enumerated().map { i, e -> String in
            let object: [String: Any] = ["question": e.question, "answer": e.answer, "split": i % 3 == 0 ? "test" : "train"]
            return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// CSV (quoted fields with commas, quotes and line breaks) and TSV.
    static func table(separator: String) -> [[UInt8]] {
        examples.map { _, ex in
            func field(_ s: String) -> String {
                separator == "," && (s.contains(",") || s.contains("\"") || s.contains("\n")) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
            }
            let rows = ex.enumerated().map { i, e in [field(e.question), field(e.answer), i % 2 == 0 ? "train" : "test", field((e.choices ?? ["a", "b"]).joined(separator: "|"))].joined(separator: separator) }
            return Array((["question", "answer", "split", "choices"].joined(separator: separator) + "\r\n" + rows.joined(separator: "\n") + "\n").utf8)
        }
    }

    static let csvTokens: [String] = [",", "\t", "\"", "\"\"", "\n", "\r\n", "question", "answer", "split", "choices", "train", "test", "|", "\"a,b\""]

    // MARK: YAML

    static let yamlTokens: [String] = [
        ": ", "- ", "? ", "&a ", "*a", "<<: *a", "!!str ", "!!int ", "!!binary ", "!custom ", "|\n", ">\n", "---\n", "...\n", "# c\n", "{", "}", "[", "]",
        "\"", "'", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "~", "null", "yes", "no", "on", "off", ".inf", "-.inf", ".nan", "0o17", "0x1F", "1_000",
        "2026-01-01", "\n  ", "\n    - ", "\t",
    ]

    static let configKeys: [String] = [
        "meta_train_tasks: ", "meta_test_tasks: ", "train_size: ", "test_size: ", "iteration: ", "num_system_candidate: ", "num_user_candidate: ",
        "user_top_k: ", "seed: ", "method: ", "strategy: ", "base_model: ", "optimizer_model: ", "prices: ", "budget: ", "system_prompt: ",
        "init_system_prompt_path: ", "sessions_dir: ", "cache_dir: ", "no_cache: ", "prompts: ", "tasks: ", "theme: ", "base_url: ",
        "model: ", "api_key_env: ", "api_key_file: ", "max_in_flight: ", "temperature: ", "max_tokens: ", "extra_endpoints: ",
        "timeout_seconds: ", "max_retries: ", "input_per_mtok: ", "max_calls: ", "max_cost_usd: ", "search_setting: ", "task_setting: ",
        "base_model_setting: ", "model_type: ", "api_key: ", "http://127.0.0.1:8000/v1",
    ]

    static let configs: [[UInt8]] = files(in: "configs", ext: "yaml") + [
        Array("""
            meta_train_tasks: [object_counting, navigate]
            meta_test_tasks: [web_of_lies]
            train_size: 50
            test_size: 500
            iteration: 3
            num_system_candidate: 9
            num_user_candidate: 3
            user_top_k: 3
            seed: 42
            method: metaspo
            system_prompt: "You are a helpful assistant."
            base_model: {base_url: "http://127.0.0.1:8000/v1", model: llama3.2-3b, api_key_env: OPENAI_API_KEY, max_in_flight: 16, temperature: 0, max_tokens: 512, extra_endpoints: ["http://10.0.0.2:8000/v1"], timeout_seconds: 30, max_retries: 3}
            optimizer_model: {base_url: "https://api.example.com/v1", model: gpt-4o-mini, temperature: 1}
            prices: {gpt-4o-mini: {input_per_mtok: 0.15, output_per_mtok: 0.60}}
            budget: {max_calls: 20000, max_cost_usd: 5, max_minutes: 120, confirm_above_usd: 1}
            tasks:
              my_reviews: {data: reviews.jsonl, answer: integer, columns: {question: text, answer: stars}}

            """.utf8),
        Array("""
            base_model_setting:
              model_type: openai
              model_name: gpt-4o-mini
              api_key: Your_API_Key
              temperature: 0
            optim_model_setting:
              model_type: vllm
              model_name: qwen
            search_setting:
              method: metaspo
              iteration: 2
              num_candidates: 3
              top_k: 2
            task_setting:
              train_size: 20
              test_size: 30
              seed: 7
            """.utf8),
    ]

    static let specKeys: [String] = [
        "name: ", "domain: ", "data: ", "columns: ", "user_prompt: ", "answer: ", "metric: ", "train_fraction: ", "scorer: ",
        "question: ", "choices: ", "split: ", "letter", "integer", "yes_no", "text", "number(0.01)", "regex([0-9]+)", "regex((a+)+$)",
        "accuracy", "macro_f1", "exact_match", "{question}", "<Question>{question}</Question>", "data.jsonl", "data.csv",
    ]

    static let specs: [[UInt8]] = [
        Array("""
            name: my_reviews
            domain: review
            data: data.jsonl
            columns: {question: question, answer: answer, split: split}
            user_prompt: "Predict the rating from 1 to 5.<Question>{question}</Question>\\nAt the end present your answer in <answer> and </answer>."
            answer: text
            metric: accuracy
            train_fraction: 0.5

            """.utf8),
        Array("""
            name: counts
            data: data.csv
            columns:
              question: question
              answer: answer
              choices: choices
            answer: number(0.5)
            metric: macro_f1
            user_prompt: |
              Count carefully.
              <Question>{question}</Question>
            """.utf8),
        Array("name: r\ndata: data.jsonl\nanswer: regex([a-z]+)\nmetric: exact_match\n".utf8),
    ]

    static let themes: [[UInt8]] = files(in: "themes", ext: "yaml") + [
        Array("base: light\ntitle: bold cyan on black\nscore-up: {fg: \"#00ff00\", bold: true}\nscore_down: 196\nborder: default on 236\ndiff-add: {bg: bright-green, underline: on}\n".utf8)
    ]

    static let themeTokens: [String] = [
        "base: ", "name: ", "title: ", "text: ", "dim: ", "selected: ", "border: ", "score-up: ", "score-down: ", "best: ", "kept: ", "pinned: ",
        "pruned: ", "warning: ", "error: ", "diff-add: ", "diff-del: ", "chart: ", "fg: ", "bg: ", "bold", "dim", "underline", "reverse",
        "italic", " on ", "cyan", "bright-red", "#ff00ff", "#fff", "255", "256", "-1", "default", "dark", "light", "mono",
    ]

    // MARK: Replies

    static let replies: [[UInt8]] = [
        "Let me count. There are 4 apples and 3 pears, so 7.\n<answer>7</answer>",
        "… <answer>(B) Paris</answer>",
        "<answer>b</answer> then <answer></answer>",
        "<answer>4 stars</answer>", "<answer>four</answer>", "<answer> Yes. </answer>", "<answer>The Eiffel Tower!</answer>",
        "The answer is B.", "<ANSWER>no</answer >", "< answer >3.14159</ answer>", "<answer>twenty-one</answer>",
        "Step 1: x\nStep 2: y\n<answer>Option C is right</answer>", "<answer>-12", "<answer>\u{1B}[31mA\u{1B}[0m</answer>",
        "<answer>1,234.5</answer>", "<answer>False</answer><answer>True</answer>",
    ].map { Array($0.utf8) }

    static let replyTokens: [String] = [
        "<answer>", "</answer>", "<ANSWER >", "< / answer>", "<answer", "answer>", "(A)", "(z)", "(", ")", "A", "B", "Z", "yes", "no", "true",
        "false", "one", "twenty", "twenty-one", "hundred", "minus", "3", "-7", "1e5", "3.5", ".", "…", "Option", "the", "an",
    ]
}
