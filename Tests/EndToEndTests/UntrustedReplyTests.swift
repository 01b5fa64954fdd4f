import Foundation
import SPOCore
import SPOTestSupport
import Testing

extension EndToEndRunTests {
    /// Model replies are data: an endpoint whose every reply is laced with
    /// escape sequences (title, clear screen, OSC 8 links, C1 CSI, DEL, a lone
    /// CR) drives a whole run, and nothing the run prints acts on a terminal.
    @Suite struct UntrustedReplies {
        static let esc = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{7F}\r"

        /// One reply for every role, with every tag the engine reads; the
        /// request's seed makes each rewrite new.
        static func reply(_ request: RecordedRequest) -> ScriptedReply {
            let seed = (request.json?["seed"] as? NSNumber)?.intValue ?? 0
            return .chat(
                "Thinking \(esc) <Analysis>The prompt \(esc) lacks care (\(seed)).</Analysis>\n"
                    + "<improved_instruction_prompt>Read \u{1B}[31mcarefully\u{1B}[0m (\(seed)).\n<Question>{question}</Question></improved_instruction_prompt>\n"
                    + "<improved_system_prompt>You are \u{1B}]8;;http://example.invalid\u{07}careful\u{7F} (\(seed)) \(esc).</improved_system_prompt>\n"
                    + "<answer>\u{1B}[1mA \(esc)</answer>")
        }

        static func expectInert(_ text: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let bad = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || ($0.value >= 0x7F && $0.value <= 0x9F) }
            #expect(bad.isEmpty, "\(label) printed raw controls: \(Set(bad.map { String($0.value, radix: 16) }).sorted())", sourceLocation: sourceLocation)
        }

        @Test func escapeSequencesInRepliesNeverReachTheTerminalRaw() async throws {
            let scratch = ScratchDir("escapes")
            let server = try await ScriptedHTTPServer.start { Self.reply($0) }
            do {
                let sessions = scratch.folder("sessions")
                var printed = 0
                for (mode, flags) in [("human", [String]()), ("events", ["--events"]), ("json", ["--json"])] {
                    let exit = try await MetaspoChild.run(
                        RunFixture.runArgs(baseURL: server.baseURL, sessionsDir: sessions) + flags, home: scratch.path, label: mode)
                    try #require(exit.status == 0, "\(mode): \(RunFixture.describe(exit))")
                    Self.expectInert(exit.stdout, "run (\(mode)) stdout")
                    Self.expectInert(exit.stderr, "run (\(mode)) stderr")
                    printed += exit.stdout.count
                    if mode == "human" {
                        // The texts are there, drawn: ESC as ␛.
                        #expect(exit.stdout.contains("␛]8;;http://example.invalid␇careful␡"), "\(exit.stdout.suffix(800))")
                    }
                }
                // The session keeps every text exactly (escaped as JSON, so `cat` is safe too).
                for file in try FileManager.default.contentsOfDirectory(atPath: sessions).filter({ $0.hasSuffix(".jsonl") }) {
                    let bytes = try String(contentsOfFile: sessions + "/" + file, encoding: .utf8)
                    Self.expectInert(bytes, file)
                    let session = try SessionReader.read(path: sessions + "/" + file)
                    let texts = session.events.compactMap { r -> String? in if case .candidateCreated(let c) = r.event { c.text } else { nil } }
                    #expect(texts.contains { $0.contains("\u{1B}]8;;http://example.invalid\u{07}") }, "the prompts lost their text")
                }
                print("e2e escapes: three runs printed \(printed) characters, all inert")
                await server.stop()
            } catch {
                await server.stop()
                throw error
            }
        }
    }
}
