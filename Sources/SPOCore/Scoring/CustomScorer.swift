import Foundation

/// Scores responses with a user's own program, for tasks no built-in answer kind fits.
///
/// The command runs under `/bin/sh -c`, reads one JSON object per line on stdin,
/// `{"response": "...", "gold": "...", "golds": [...], "question": "..."}`, and must
/// print one score in [0, 1] per line, in order. It gets a timeout; a crash, a
/// wrong number of lines or a non-number is a clear error naming the command.
public struct CustomScorer: Sendable {
    public var command: String
    public var timeoutSeconds: Double

    public init(command: String, timeoutSeconds: Double = 60) {
        self.command = command
        self.timeoutSeconds = timeoutSeconds
    }

    public func scores(responses: [String], examples: [Example]) throws(SPOError) -> [Double] {
        precondition(responses.count == examples.count)
        var input = ""
        for (r, ex) in zip(responses, examples) {
            input += Self.jsonLine(response: r, example: ex) + "\n"
        }
        let output = try run(input: Data(input.utf8))
        let lines = output.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.count == responses.count else {
            throw SPOError("scorer `\(command)`: printed \(lines.count) scores for \(responses.count) responses (one number per input line expected)")
        }
        var out: [Double] = []
        for (i, line) in lines.enumerated() {
            guard let v = Double(line), v.isFinite else {
                throw SPOError("scorer `\(command)`: output line \(i + 1) is \"\(line.prefix(40))\", not a number")
            }
            out.append(min(1, max(0, v)))
        }
        return out
    }

    static func jsonLine(response: String, example: Example) -> String {
        "{\"response\":\(jsonString(response)),\"gold\":\(jsonString(example.answer)),\"golds\":[\(example.answers.map(jsonString).joined(separator: ","))],\"question\":\(jsonString(example.question))}"
    }

    /// A JSON string literal (escapes quotes, backslashes and control characters).
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x7F:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private func run(input: Data) throws(SPOError) -> String {
        // A scorer that exits without reading its input must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw SPOError("scorer `\(command)`: cannot start: \(error.localizedDescription)")
        }
        // Feed stdin and drain both outputs on their own threads so that no pipe
        // buffer can fill up and deadlock the child.
        let group = DispatchGroup()
        let box = OutputBox()
        DispatchQueue.global().async(group: group) {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        DispatchQueue.global().async(group: group) { box.set(out: stdout.fileHandleForReading.readDataToEndOfFile()) }
        DispatchQueue.global().async(group: group) { box.set(err: stderr.fileHandleForReading.readDataToEndOfFile()) }
        if group.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            throw SPOError("scorer `\(command)`: no answer within \(Int(timeoutSeconds)) s; stopped it")
        }
        process.waitUntilExit()
        let (out, err) = box.get()
        guard process.terminationStatus == 0 else {
            let detail = String(decoding: err, as: UTF8.self).split(separator: "\n").last.map { ": \($0.prefix(200))" } ?? ""
            throw SPOError("scorer `\(command)`: exited with status \(process.terminationStatus)\(detail)")
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Collects the child's output from the reader threads.
private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()
    func set(out data: Data) { lock.withLock { out = data } }
    func set(err data: Data) { lock.withLock { err = data } }
    func get() -> (Data, Data) { lock.withLock { (out, err) } }
}
