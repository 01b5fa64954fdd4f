import Foundation
import Testing

/// `metaspo plan`, budget flags and the confirmation above `confirm_above_usd`,
/// run as a user runs them. Nothing here reaches a model: the endpoint is a
/// closed port.
@Suite(.serialized) struct PlanAndBudgetCLITests {
    /// A paid config: prices make the plan cost money; the endpoint is never called.
    func config(_ scratch: Scratch, confirmAbove: Double) -> String {
        scratch.write("run.yaml", """
            meta_train_tasks: [object_counting, navigate]
            train_size: 20
            test_size: 10
            iteration: 1
            num_system_candidate: 3
            num_user_candidate: 2
            user_top_k: 2
            base_model: {base_url: "http://127.0.0.1:9/v1", model: paid-model, api_key_env: METASPO_TEST_NO_KEY, max_retries: 0}
            prices: {paid-model: {input_per_mtok: 500, output_per_mtok: 1000}}
            budget: {confirm_above_usd: \(confirmAbove)}
            sessions_dir: \(scratch.path)/sessions
            """)
    }

    func sessions(_ scratch: Scratch) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path + "/sessions")) ?? []).filter { $0.hasSuffix(".jsonl") }
    }

    @Test func planPrintsBothStrategiesAndJSON() throws {
        let scratch = Scratch()
        let file = config(scratch, confirmAbove: 1)
        let text = try CLIRunner.run(["plan", "--config", file])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("racing *") && text.stdout.contains("exhaustive"), "racing is the default")
        // 2 tasks × 20: 40 + (2·2·20 + 3·2·2·20) + 2·2·10 test = 40 + 320 + 40.
        #expect(text.stdout.contains("400"))
        #expect(text.stdout.contains("Above confirm_above_usd"))
        let json = try CLIRunner.run(["plan", "--config", file, "--json", "--strategy", "racing"])
        #expect(json.status == 0, "\(json.stderr)")
        struct Plan: Decodable {
            struct Range: Decodable { var low: Int; var high: Int }
            struct Estimate: Decodable { var baseCalls: Range; var costHighUSD: Double }
            var strategy: String
            var exhaustive: Estimate
            var racing: Estimate
        }
        let plan = try JSONDecoder().decode(Plan.self, from: Data(json.stdout.utf8))
        #expect(plan.strategy == "racing")
        #expect(plan.exhaustive.baseCalls.low == 400 && plan.exhaustive.baseCalls.high == 400)
        #expect(plan.racing.baseCalls.high <= 400 && plan.racing.baseCalls.low < plan.racing.baseCalls.high)
        #expect(plan.exhaustive.costHighUSD > 1)
    }

    @Test func headlessRunAboveTheThresholdIsRefusedWithoutYes() throws {
        let scratch = Scratch()
        let file = config(scratch, confirmAbove: 0.01)
        let refused = try CLIRunner.run(["run", "--config", file, "--headless"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("above confirm_above_usd $0.01"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--yes"))
        #expect(sessions(scratch).isEmpty, "a refused run writes no session")
        // --yes answers it: the run starts (and fails on the closed port, which is not the point).
        let answered = try CLIRunner.run(["run", "--config", file, "--headless", "--yes"])
        #expect(!answered.stderr.contains("confirm_above_usd"), "\(answered.stderr)")
        #expect(sessions(scratch).count == 1, "the confirmed run started")
        // Below the threshold nothing is asked: --confirm-above raises it.
        let raised = try CLIRunner.run(["run", "--config", file, "--headless", "--confirm-above", "1000000"])
        #expect(!raised.stderr.contains("confirm_above_usd"), "\(raised.stderr)")
    }

    @Test func budgetFlagsAreChecked() throws {
        let bad = try CLIRunner.run(["run", "--task", "navigate", "--max-calls", "0", "--headless"])
        #expect(bad.status != 0 && bad.stderr.contains("--max-calls must be at least 1"), "\(bad.stderr)")
        let negative = try CLIRunner.run(["plan", "--task", "navigate", "--max-cost=-1"])
        #expect(negative.status != 0 && negative.stderr.contains("--max-cost must not be negative"), "\(negative.stderr)")
    }
}
