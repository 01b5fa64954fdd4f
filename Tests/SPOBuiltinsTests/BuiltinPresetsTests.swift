import Foundation
import Testing
@testable import SPOCore
@testable import SPOBuiltins

/// The shipped presets in configs/ load cleanly and name only built-in tasks.
@Suite struct BuiltinPresetsTests {
    static let configsDir = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("configs")

    static let presetNames = ["quick", "reasoning", "comprehension", "fact_checking", "review", "safety", "global"]

    static func load(_ name: String) throws -> (RunConfig, [String]) {
        var warnings: [String] = []
        let path = configsDir.appendingPathComponent(name + ".yaml").path
        let config = try ConfigLoader.load(path: path, warnings: &warnings)
        return (config, warnings)
    }

    static func domain(_ task: String) -> String? { BuiltinTasks.family(named: task)?.domain }

    @Test(arguments: presetNames)
    func presetLoadsWithBuiltinTasks(name: String) throws {
        let text = try String(contentsOf: Self.configsDir.appendingPathComponent(name + ".yaml"), encoding: .utf8)
        #expect(text.hasPrefix("# "), "a preset starts with a comment line saying what it is for")
        let (config, warnings) = try Self.load(name)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(config.method == .metaspo)
        #expect(!config.metaTrainTasks.isEmpty && !config.metaTestTasks.isEmpty)
        for task in config.metaTrainTasks + config.metaTestTasks {
            #expect(BuiltinTasks.family(named: task) != nil, "\(name): unknown task \(task)")
        }
        #expect(Set(config.metaTrainTasks).isDisjoint(with: config.metaTestTasks), "unseen tasks must be unseen")
    }

    @Test(arguments: ["reasoning", "comprehension", "fact_checking", "review", "safety"])
    func domainPresetsStayInOneDomain(name: String) throws {
        let (config, _) = try Self.load(name)
        let domains = Set((config.metaTrainTasks + config.metaTestTasks).compactMap(Self.domain))
        #expect(domains == [name], "\(domains)")
    }

    @Test func globalPresetSpansEveryDomain() throws {
        let (config, _) = try Self.load("global")
        let all = Set(BuiltinTasks.families.map(\.domain))
        #expect(Set(config.metaTrainTasks.compactMap(Self.domain)) == all)
        #expect(Set(config.metaTestTasks.compactMap(Self.domain)) == all)
    }

    @Test func quickPresetIsTiny() throws {
        let (config, _) = try Self.load("quick")
        #expect(config.metaTrainTasks.count == 2 && config.metaTestTasks.count == 1)
        #expect(config.trainSize == 6 && config.testSize == 6 && config.iterations == 1)
        #expect(config.systemCandidates == 2 && config.userCandidates == 1 && config.userTopK == 1)
    }
}
