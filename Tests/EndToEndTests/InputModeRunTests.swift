import Foundation
import SPOCore
import SPOTestSupport
import Testing

/// The input ablation from the command line: `--input-mode unified` runs, is
/// labelled as its own method, and lands in one comparison table with the
/// separated run.
@Suite(.serialized) struct InputModeRunTests {
    struct Table: Decodable {
        struct Row: Decodable {
            var label: String
            var kind: String
        }
        var rows: [Row]
    }

    @Test func unifiedAndSeparatedRunsShareOneTable() async throws {
        let scratch = ScratchDir("input-mode")
        try await EndToEndRunTests.withSimulator { sim in
            var sessions: [String] = []
            for mode in ["separated", "unified"] {
                let dir = scratch.folder("sessions-\(mode)")
                let args = RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: dir) + ["--method", "metaspo-evo", "--input-mode", mode, "--json"]
                let exit = try await MetaspoChild.run(args, home: scratch.path, label: "run-\(mode)")
                try #require(exit.status == 0, "\(RunFixture.describe(exit))")
                #expect(exit.stdout.contains(mode == "unified" ? "\"method\" : \"metaspo-evo (unified input)\"" : "\"method\" : \"metaspo-evo\""))
                let session = try #require(RunFixture.sessionFile(in: dir))
                // The mode is part of the session's config, so resume keeps it.
                let header = try SessionReader.readHeader(path: session)
                #expect(header.config["inputMode"]?.stringValue == mode)
                sessions.append(session)
            }
            let compare = try await MetaspoChild.run(["compare"] + sessions + ["--json"], home: scratch.path, label: "compare")
            try #require(compare.status == 0, "\(RunFixture.describe(compare))")
            let table = try JSONDecoder().decode(Table.self, from: Data(compare.stdout.utf8))
            let methods = table.rows.filter { $0.kind == "method" }.map(\.label)
            #expect(methods == ["metaspo-evo", "metaspo-evo (unified input)"])

            let bad = try await MetaspoChild.run(["run", "--headless", "--input-mode", "merged"], home: scratch.path, label: "bad")
            #expect(bad.status != 0 && bad.stderr.contains("--input-mode merged is not one of: separated, unified"))
        }
    }
}
