import Foundation
import Testing
@testable import SPOCore
import SPOBuiltins

struct ConfigTests {
    func load(_ yaml: String) throws(SPOError) -> (RunConfig, [String]) {
        let dir = TempDir()
        let path = dir.write("c.yaml", yaml)
        var warnings: [String] = []
        let cfg = try ConfigLoader.load(path: path, warnings: &warnings)
        return (cfg, warnings.map { $0.replacingOccurrences(of: dir.path + "/", with: "") })
    }

    @Test func designExample() throws {
        let (cfg, warnings) = try load("""
            meta_train_tasks: [object_counting, navigate, ./my-task.yaml]
            meta_test_tasks: [date_arithmetic]
            train_size: 50
            test_size: 500
            iteration: 3
            num_system_candidate: 9
            num_user_candidate: 3
            user_top_k: 3
            seed: 42
            method: metaspo
            base_model:      {base_url: http://127.0.0.1:8000/v1, model: llama3.2-3b, api_key_env: OPENAI_API_KEY,
                              max_in_flight: 16, temperature: 0, max_tokens: 512,
                              extra_endpoints: [http://10.0.0.2:8000/v1]}
            optimizer_model: {base_url: https://api.example.com/v1, model: gpt-4o-mini, api_key_env: OPENAI_API_KEY, temperature: 1}
            prices: {gpt-4o-mini: {input_per_mtok: 0.15, output_per_mtok: 0.60}}
            budget: {max_calls: 20000, max_cost_usd: 5, max_minutes: 120, confirm_above_usd: 1}
            """)
        #expect(warnings.isEmpty)
        #expect(cfg.metaTrainTasks == ["object_counting", "navigate", "./my-task.yaml"])
        #expect(cfg.metaTestTasks == ["date_arithmetic"])
        #expect(cfg.base.baseURL == "http://127.0.0.1:8000/v1")
        #expect(cfg.base.maxInFlight == 16)
        #expect(cfg.base.extraEndpoints == ["http://10.0.0.2:8000/v1"])
        #expect(cfg.optimizer.temperature == 1)
        #expect(cfg.prices["gpt-4o-mini"] == ModelPrice(inputPerMTok: 0.15, outputPerMTok: 0.60))
        #expect(cfg.budget.maxCalls == 20000)
        #expect(cfg.budget.confirmAboveUSD == 1)
    }

    @Test func metaspoOwnNestedKeys() throws {
        let (cfg, warnings) = try load("""
            base_model_setting:
              model_type: vllm
              model_name: llama3.1_8B
              temperature: 0.0
              api_key: 'Your_API_Key'
            optim_model_setting:
              model_type: openai
              model_name: gpt-4o-mini
              temperature: 1.0
            search_setting:
              method: metaspo
              iteration: 2
              num_candidates: 4
              top_k: 2
            task_setting:
              train_size: 30
              eval_size: 50
              test_size: 100
              seed: 7
              data_dir: ./datasets
            """)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(cfg.base.model == "llama3.1_8B")
        #expect(cfg.optimizer.model == "gpt-4o-mini")
        #expect(cfg.iterations == 2)
        #expect(cfg.userCandidates == 4)
        #expect(cfg.userTopK == 2)
        #expect(cfg.trainSize == 30 && cfg.testSize == 100 && cfg.seed == 7)
    }

    @Test func unknownKeysWarnWithLine() throws {
        let (_, warnings) = try load("iteration: 2\nnum_sytem_candidate: 4\nbase_model: {modle: x}\nbase: {model: y}\nflavour: z\n")
        #expect(warnings == [
            "c.yaml:2: num_sytem_candidate: unknown key, ignored (did you mean `num_system_candidate`?)",
            "c.yaml:4: base: unknown key, ignored (did you mean `base_model`?)",
            "c.yaml:5: flavour: unknown key, ignored",
            "c.yaml:3: base_model.modle: unknown key, ignored (did you mean `model`?)",
        ])
    }

    @Test func invalidValuesNameKeyAndAllowed() {
        func message(_ yaml: String) -> String? {
            do {
                _ = try load(yaml)
                return nil
            } catch {
                return error.message.components(separatedBy: "/c.yaml").last.map { "c.yaml" + $0 }
            }
        }
        #expect(message("method: magic\n") == "c.yaml:1: method: \"magic\" is not allowed (allowed: metaspo, outer-only, metaspo-ape, ape, protegi, sprig, metaspo-evo)")
        #expect(message("iteration: three\n") == "c.yaml:1: iteration: expected a whole number, found \"three\"")
        #expect(message("train_size: 0\n") == "c.yaml:1: train_size: must be at least 1, found 0")
        #expect(message("base_model:\n  temperature: 5\n") == "c.yaml:2: base_model.temperature: must be at most 2.0, found 5")
        #expect(message("base_model:\n  base_url: localhost:8000\n") == "c.yaml:2: base_model.base_url: must start with http:// or https://, found \"localhost:8000\"")
        #expect(message("meta_train_tasks: {a: 1}\n") == "c.yaml:1: meta_train_tasks: expected a list, found a mapping")
        #expect(message("- just\n- a list\n") == "c.yaml:1: expected a mapping of keys, found a list")
        #expect(message("strategy: fast\n") == "c.yaml:1: strategy: \"fast\" is not allowed (allowed: exhaustive, racing)")
        #expect(message("input_mode: merged\n") == "c.yaml:1: input_mode: \"merged\" is not allowed (allowed: separated, unified)")
        // Issue 19, defect 13: a list where a number belongs says a number was expected.
        #expect(message("train_size: [1, 2]\n") == "c.yaml:1: train_size: expected a whole number, found a list")
        #expect(message("stop_at_answer: [yes]\n") == "c.yaml:1: stop_at_answer: expected true or false, found a list")
    }

    @Test func answerCostKeys() throws {
        let (cfg, warnings) = try load("""
            stop_at_answer: false
            direct_answer_tokens: 64
            compact_examples: false
            tie_break: cheaper
            max_prompt_words: {system: 90, user: 120}
            local_model: {draft: ngram}
            optimizer_model: {analysis_max_tokens: 200}
            """)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(cfg.stopAtAnswer == false && cfg.directAnswerTokens == 64 && cfg.compactExamples == false)
        #expect(cfg.tieBreak == "cheaper" && cfg.localDraft == "ngram")
        #expect(cfg.maxWords(.system) == 90 && cfg.maxWords(.user) == 120)
        #expect(cfg.optimizer.analysisMaxTokens == 200)
        #expect(cfg.answerBudget == AnswerBudget(fullTokens: 512, directTokens: 64, stopAtAnswer: false))
        // New runs fill what the config leaves unset; what it sets stays.
        var filled = cfg
        filled.applyProductDefaults()
        #expect(filled.stopAtAnswer == false && filled.directAnswerTokens == 64 && filled.optimizer.analysisMaxTokens == 200)
        var fresh = RunConfig()
        #expect(fresh.answerBudget == AnswerBudget(fullTokens: 512), "a session from before these keys: all off")
        fresh.applyProductDefaults()
        #expect(fresh.answerBudget == AnswerBudget(fullTokens: 512, directTokens: 64, stopAtAnswer: false))
        #expect(fresh.compactExamples == true && fresh.optimizer.analysisMaxTokens == 256 && fresh.guards == true)
        // direct_answer_tokens: 0 turns the short cap off.
        #expect(try load("direct_answer_tokens: 0\n").0.answerBudget.directTokens == nil)
        #expect(throws: SPOError.self) { try load("tie_break: shortest\n") }
        #expect(throws: SPOError.self) { try load("local_model: {draft: big}\n") }
        #expect(throws: SPOError.self) { try load("max_prompt_words: {system: 3}\n") }
    }

    @Test func inlineTaskSpecs() throws {
        let dir = TempDir()
        dir.write("data/q.jsonl", "{\"question\": \"q\", \"answer\": \"yes\"}\n{\"question\": \"r\", \"answer\": \"no\"}\n")
        let path = dir.write("c.yaml", "meta_train_tasks: [mine, navigate]\ntasks:\n  mine: {data: data/q.jsonl, domain: safety}\n")
        var warnings: [String] = []
        let cfg = try ConfigLoader.load(path: path, warnings: &warnings)
        let task = try TaskCatalog(config: cfg).task("mine", warnings: &warnings)
        #expect(task.name == "mine")
        #expect(task.domain == "safety")
        #expect(task.answerKind == .yesNo)
    }

    @Test func unknownTaskListsKnownOnes() {
        var warnings: [String] = []
        #expect(throws: SPOError.self) { try TaskCatalog().task("no_such_task", warnings: &warnings) }
    }
}
