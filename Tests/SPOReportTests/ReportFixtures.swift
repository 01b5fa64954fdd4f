import Foundation
import SPOCore
import SPOReport

/// Sessions the report tests read: the shipped real run, and a small one
/// written by hand whose every text field is hostile.
enum ReportFixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var shippedPath: String { repo.appendingPathComponent("sessions/quick-qwen1.5b.jsonl").path }

    static func shipped(name: String = "quick-qwen1.5b.jsonl") throws -> ReportSession {
        let loaded = try SessionReader.read(path: shippedPath)
        return ReportSession(name: name, header: loaded.header, records: loaded.events)
    }

    /// The shipped run cut after `count` events, as a run still going looks.
    static func shippedPrefix(_ count: Int) throws -> ReportSession {
        let loaded = try SessionReader.read(path: shippedPath)
        return ReportSession(name: "partial.jsonl", header: loaded.header, records: loaded.events.prefix(count))
    }

    static let script = "<script>alert(1)</script>"
    static let img = "\"><img src=x onerror=alert(1)>"

    /// A run whose task name, prompts, analysis, replies, gold answers,
    /// config values and models try to break out of the page.
    static func hostile() throws -> ReportSession {
        let task = "t<script>alert(1)</script>"
        let lines = [
            #"{"format":"metaspo-session","version":1,"created":"2026-01-01T00:00:00Z","config":{"note":"<b>bold</b>\"><img src=x onerror=alert(1)>","apiKey":"sk-SECRET-123","base":{"api_key":"sk-SECRET-456","api_key_env":"OPENAI_API_KEY"},"iterations":1}}"#,
            #"{"seq":1,"t":0,"type":"run_started","run":"r\"><img src=x onerror=alert(1)>","method":"metaspo","config":{},"tasks":[{"name":"\#(task)","role":"source","train":4,"test":4},{"name":"u<svg onload=alert(1)>","role":"unseen","train":0,"test":4}],"models":{"base":"<script>alert(1)</script>","optimizer":"m"}}"#,
            #"{"seq":2,"t":0,"type":"phase_started","iteration":0,"phase":"init"}"#,
            #"{"seq":3,"t":0,"type":"candidate_created","id":"S1","kind":"system","parent":null,"task":null,"origin":"initial","text":"You are \"><img src=x onerror=alert(1)> helpful."}"#,
            #"{"seq":4,"t":0,"type":"candidate_created","id":"U1","kind":"user","parent":null,"task":"\#(task)","origin":"initial","text":"Q: {question} </pre><script>alert(1)</script>"}"#,
            #"{"seq":5,"t":0,"type":"candidate_created","id":"U2","kind":"user","parent":null,"task":"u<svg onload=alert(1)>","origin":"initial","text":"Unseen {question}"}"#,
            #"{"seq":6,"t":1,"type":"evaluation_finished","node":{"system":"S1","user":"U1","task":"\#(task)"},"split":"train","score":0.25,"n":4,"wrong":[{"i":0,"response":"\u001b[31mred\u001b[0m \u202Eevil <iframe src=https://example.com>","prediction":"<b>x</b>","gold":"a & b"},{"i":1,"response":"r","prediction":null,"gold":"\"quoted\""}]}"#,
            #"{"seq":7,"t":1,"type":"selection","iteration":0,"phase":"init","kept":{"\#(task)":["U1"]},"current_system":"S1"}"#,
            #"{"seq":8,"t":1,"type":"phase_finished","iteration":0,"phase":"init"}"#,
            #"{"seq":9,"t":2,"type":"analysis_created","id":"A1","for":"U1","kind":"user","text":"</pre></article><script>alert(1)</script> & <style>body{display:none}</style>","examples":[0,1]}"#,
            #"{"seq":10,"t":2,"type":"candidate_created","id":"U3","kind":"user","parent":"U1","task":"\#(task)","origin":"rewrite","analysis":"A1","text":"Q: {question} <img src=x onerror=alert(2)> now"}"#,
            #"{"seq":11,"t":3,"type":"evaluation_finished","node":{"system":"S1","user":"U3","task":"\#(task)"},"split":"train","score":0.5,"n":4,"wrong":[]}"#,
            #"{"seq":12,"t":3,"type":"analysis_created","id":"A2","for":"S1","kind":"system","text":"system <script>","examples":[]}"#,
            #"{"seq":13,"t":3,"type":"candidate_created","id":"S2","kind":"system","parent":"S1","task":null,"origin":"rewrite","analysis":"A2","text":"Be careful ' \" < > & <script>alert(3)</script>"}"#,
            #"{"seq":14,"t":4,"type":"evaluation_finished","node":{"system":"S2","user":"U3","task":"\#(task)"},"split":"train","score":0.75,"n":4,"wrong":[]}"#,
            #"{"seq":15,"t":4,"type":"candidate_rejected","reason":"no tag <improved_instruction_prompt>","attempt":1,"for":"U3"}"#,
            #"{"seq":16,"t":4,"type":"selection","iteration":1,"phase":"outer","kept":{"\#(task)":["U3"]},"current_system":"S2"}"#,
            #"{"seq":17,"t":5,"type":"evaluation_finished","node":{"system":"S1","user":"U2","task":"u<svg onload=alert(1)>"},"split":"test","score":0.25,"n":4,"wrong":[],"low":0.05,"high":0.7}"#,
            #"{"seq":18,"t":5,"type":"evaluation_finished","node":{"system":"S2","user":"U2","task":"u<svg onload=alert(1)>"},"split":"test","score":0.5,"n":4,"wrong":[],"low":0.15,"high":0.85}"#,
            #"{"seq":19,"t":5,"type":"warning","message":"<script>warn</script>"}"#,
            #"{"seq":20,"t":6,"type":"run_finished","best_system":"S2","summary":{"tasks":[{"task":"\#(task)","metric":"<i>acc</i>"}]}}"#,
        ]
        let loaded = try SessionReader.read(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), name: "hostile.jsonl")
        let questions = [task: ["What is <script>alert(1)</script>?", "Second \u{1B}]0;title\u{07} question"]]
        return ReportSession(name: "hostile<script>.jsonl", header: loaded.header, records: loaded.events, questions: questions)
    }
}
