import Foundation
import NIOConcurrencyHelpers
import SPOModels
public import SPOCore

/// The simulated endpoint of DESIGN.md ("Testing"): an OpenAI-compatible server
/// on 127.0.0.1 that plays both the base model and the optimizer with
/// `SimulatedBehaviour`, counts calls by role, and records every base request,
/// so that tests can run the real `metaspo` binary end to end, fast and
/// deterministically, and check what it asked.
///
/// Start it with the tasks it must know the answers of, point `--base-url` at
/// `baseURL` (any `--model` name), and `stop()` it at the end. Benchmarks can use
/// it in-process through the `SPOTestSupport` product.
public final class SimulatedEndpoint: Sendable {
    /// Endpoint behaviour beyond the replies themselves.
    public struct Options: Sendable {
        /// Seconds each base-model reply waits before it is sent.
        public var baseLatency: Double
        /// Seconds each optimizer reply waits before it is sent.
        public var optimizerLatency: Double
        /// The model name the server reports.
        public var modelName: String
        /// Injected error replies quote the request's credentials, as careless
        /// gateways do ("invalid key sk-…"), so tests can check they are redacted.
        public var echoCredentialsInErrors: Bool

        public init(baseLatency: Double = 0, optimizerLatency: Double = 0, modelName: String = "sim", echoCredentialsInErrors: Bool = false) {
            self.baseLatency = baseLatency
            self.optimizerLatency = optimizerLatency
            self.modelName = modelName
            self.echoCredentialsInErrors = echoCredentialsInErrors
        }
    }

    /// Answered requests by role (faulted ones are counted apart).
    public struct Counts: Sendable, Hashable {
        public var base = 0
        public var optimizer = 0
        public var byKind: [SimulatedBehaviour.RequestKind: Int] = [:]
        /// Base requests with different (system, user) messages.
        public var distinctBase = 0
        /// Base requests answered correctly / with a format error.
        public var correct = 0
        public var formatErrors = 0
        /// Optimizer replies sent without their tag.
        public var malformedOptimizer = 0
        /// Base requests whose question was not in the answer key.
        public var unknownQuestions = 0
        /// Requests answered with an injected fault (a late reply included).
        public var faulted = 0
        /// Replies sent after an injected `.delay`: the client may have given up
        /// on them, so they are not in `baseCalls`.
        public var late = 0
        /// Replies that were ready when the server stopped, and never sent.
        public var dropped = 0
        /// Times the endpoint stopped listening (`stopServing`).
        public var outages = 0
        /// Requests that were not chat completions (or not JSON).
        public var other = 0

        public var total: Int { base + optimizer }
    }

    /// One answered base-model request.
    public struct BaseCall: Sendable, Hashable {
        /// The server's arrival number.
        public var number: Int
        /// `SimulatedBehaviour.requestKey(system:user:)`.
        public var key: String
        /// The asking process, from its `X-Client-Request-Id` (`RequestID`):
        /// a killed client's last requests may be read after the next process started.
        public var clientPID: Int32?
        public var received: ContinuousClock.Instant
        /// When the reply was handed to the server to send (after the latency).
        public var answered: ContinuousClock.Instant
        public var correct: Bool?
    }

    /// A failure to inject instead of a reply.
    public enum Fault: Sendable, Hashable {
        /// An OpenAI-style error with this status (429, 500, 503…).
        case status(Int, retryAfter: String? = nil)
        /// Status 200 with a body that is not JSON.
        case brokenJSON
        /// The connection closed with no answer.
        case cut
        /// The head and part of the body, then the connection closed.
        case cutMidBody
        /// The normal reply, this many seconds late (to trip client timeouts).
        /// It is not recorded in `baseCalls`: the client may have given up on it.
        case delay(Double)
    }

    /// Which requests a fault applies to.
    public enum Target: Sendable, Hashable {
        case any, base, optimizer

        func matches(_ kind: SimulatedBehaviour.RequestKind) -> Bool {
            switch self {
            case .any: true
            case .base: kind == .base
            case .optimizer: kind.isOptimizer
            }
        }
    }

    private struct FaultWindow: Sendable {
        var fault: Fault
        var target: Target
        /// Requests still to fault; nil for a window in time.
        var remaining: Int?
        var until: ContinuousClock.Instant?
    }

    private struct State: Sendable {
        var counts = Counts()
        var calls: [BaseCall] = []
        var seen = Set<String>()
        var faults: [FaultWindow] = []
        var credentials = Set<String>()
    }

    /// The listening server: none while the endpoint is away (`stopServing`).
    private struct Listener: Sendable {
        var server: ScriptedHTTPServer?
        /// The most requests in flight at once on servers that were stopped.
        var earlierMaxConcurrent = 0
    }

    public let behaviour: SimulatedBehaviour
    public let options: Options
    /// The port, kept across `stopServing`/`serveAgain`.
    public let port: Int
    private let state: NIOLockedValueBox<State>
    private let listener: NIOLockedValueBox<Listener>
    private let handler: ScriptedHTTPServer.Handler

    /// `http://127.0.0.1:PORT/v1`, for `--base-url`.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    /// The most requests that were ever being handled at once.
    public var maxConcurrent: Int {
        listener.withLockedValue { max($0.earlierMaxConcurrent, $0.server?.maxConcurrent ?? 0) }
    }

    /// Starts a server that knows the answers of `tasks`.
    public static func start(
        tasks: [SPOTask], settings: SimulatedBehaviour.Settings = .init(), options: Options = .init(), prompts: MetaPromptSet? = try? MetaPromptSet.load()
    ) async throws -> SimulatedEndpoint {
        try await start(behaviour: SimulatedBehaviour(answers: AnswerKey(tasks: tasks), settings: settings, prompts: prompts), options: options)
    }

    /// Starts a server that knows the answers of these built-in tasks.
    public static func start(
        builtin names: [String], settings: SimulatedBehaviour.Settings = .init(), options: Options = .init(),
        prompts: MetaPromptSet? = try? MetaPromptSet.load()
    ) async throws -> SimulatedEndpoint {
        try await start(behaviour: SimulatedBehaviour(answers: AnswerKey(builtin: names), settings: settings, prompts: prompts), options: options)
    }

    public static func start(behaviour: SimulatedBehaviour, options: Options = .init()) async throws -> SimulatedEndpoint {
        let state = NIOLockedValueBox(State())
        let handler: ScriptedHTTPServer.Handler = { request in
            await handle(request, behaviour: behaviour, options: options, state: state)
        }
        // The request bodies are not kept by the server: `calls` records what tests need.
        let server = try await ScriptedHTTPServer.start(keepRequests: false, handler: handler)
        return SimulatedEndpoint(behaviour: behaviour, options: options, state: state, server: server, handler: handler)
    }

    private init(
        behaviour: SimulatedBehaviour, options: Options, state: NIOLockedValueBox<State>, server: ScriptedHTTPServer,
        handler: @escaping ScriptedHTTPServer.Handler
    ) {
        self.behaviour = behaviour
        self.options = options
        self.state = state
        self.port = server.port
        self.listener = NIOLockedValueBox(Listener(server: server))
        self.handler = handler
    }

    public func stop() async {
        await stopListening()
    }

    // MARK: Going away

    /// The endpoint goes away: it stops listening, so new connections are
    /// refused, and the requests being answered are cut off unanswered.
    public func stopServing() async {
        if await stopListening() { state.withLockedValue { $0.counts.outages += 1 } }
    }

    /// Listens again on the same port after `stopServing` (nothing if it is serving).
    public func serveAgain() async throws {
        guard listener.withLockedValue({ $0.server == nil }) else { return }
        let server = try await ScriptedHTTPServer.start(keepRequests: false, port: port, handler: handler)
        listener.withLockedValue { $0.server = server }
    }

    /// Whether the endpoint is listening.
    public var isServing: Bool { listener.withLockedValue { $0.server != nil } }

    @discardableResult
    private func stopListening() async -> Bool {
        let server = listener.withLockedValue { l -> ScriptedHTTPServer? in
            defer { l.server = nil }
            if let s = l.server { l.earlierMaxConcurrent = max(l.earlierMaxConcurrent, s.maxConcurrent) }
            return l.server
        }
        guard let server else { return false }
        await server.stop()
        return true
    }

    // MARK: What happened

    public var counts: Counts { state.withLockedValue { $0.counts } }

    /// Every answered base request, in the order the replies were made.
    public var baseCalls: [BaseCall] { state.withLockedValue { $0.calls } }

    /// The distinct `Authorization` header values requests carried.
    public var credentialsSeen: Set<String> { state.withLockedValue { $0.credentials } }

    /// Base request keys answered more than once, with how often.
    public var repeatedBaseKeys: [String: Int] {
        var seen: [String: Int] = [:]
        for c in baseCalls { seen[c.key, default: 0] += 1 }
        return seen.filter { $0.value > 1 }
    }

    // MARK: Faults

    /// The next `count` matching requests get `fault` instead of their reply.
    public func injectFault(_ fault: Fault, count: Int, target: Target = .any) {
        state.withLockedValue { $0.faults.append(FaultWindow(fault: fault, target: target, remaining: count, until: nil)) }
    }

    /// Every matching request in the next `seconds` gets `fault`.
    public func injectFault(_ fault: Fault, forSeconds seconds: Double, target: Target = .any) {
        let until = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        state.withLockedValue { $0.faults.append(FaultWindow(fault: fault, target: target, remaining: nil, until: until)) }
    }

    public func clearFaults() {
        state.withLockedValue { $0.faults = [] }
    }

    // MARK: Serving

    private static func handle(
        _ request: RecordedRequest, behaviour: SimulatedBehaviour, options: Options, state: NIOLockedValueBox<State>
    ) async -> ScriptedReply {
        let received = ContinuousClock.now
        let credential = request.header("Authorization")
        if let credential { state.withLockedValue { _ = $0.credentials.insert(credential) } }
        guard request.uri.hasSuffix("/chat/completions") else {
            if request.method == "GET", request.uri.hasSuffix("/models") {
                return .json(["object": "list", "data": [["id": options.modelName, "object": "model", "owned_by": "metaspo-simulator"]]])
            }
            state.withLockedValue { $0.counts.other += 1 }
            return .error(404, message: "no route \(request.method) \(request.uri)")
        }
        guard let body = request.json, let list = body["messages"] as? [[String: Any]] else {
            state.withLockedValue { $0.counts.other += 1 }
            return .error(400, message: "the body is not a chat completion request")
        }
        let messages = list.map { (($0["role"] as? String) ?? "", ($0["content"] as? String) ?? "") }
        let system = messages.first { $0.0 == "system" }?.1 ?? ""
        let user = messages.last { $0.0 == "user" }?.1 ?? ""
        let seed = (body["seed"] as? NSNumber)?.int64Value
        let kind = behaviour.classify(system: system, user: user)

        var lateBy = 0.0
        if let fault = takeFault(for: kind, state: state) {
            switch fault {
            case .status(let status, let retryAfter):
                let echo = options.echoCredentialsInErrors ? credential.map { " for credentials \($0)" } ?? "" : ""
                return .error(status, message: "simulated fault \(status)\(echo)", retryAfter: retryAfter)
            case .brokenJSON:
                return .raw("{\"choices\": [{\"message\": {\"content\": \"cut o", contentType: "application/json")
            case .cut:
                return .cut
            case .cutMidBody:
                return .cutMidBody
            case .delay(let seconds):
                lateBy = seconds
            }
        }
        let latency = lateBy + (kind == .base ? options.baseLatency : options.optimizerLatency)
        // Waiting here rather than through `ScriptedReply.delay` makes `answered`
        // the moment the reply goes out.
        if latency > 0 { try? await Task.sleep(for: .milliseconds(Int64(latency * 1000))) }
        // The server stopped while this reply waited: it never goes out.
        if Task.isCancelled {
            state.withLockedValue { $0.counts.dropped += 1 }
            return .cut
        }

        let reply = behaviour.reply(system: system, user: user, seed: seed)
        let answered = ContinuousClock.now
        state.withLockedValue { s in
            if lateBy > 0 {
                s.counts.late += 1
            } else if kind == .base {
                s.counts.base += 1
                let key = SimulatedBehaviour.requestKey(system: system, user: user)
                if s.seen.insert(key).inserted { s.counts.distinctBase += 1 }
                s.calls.append(BaseCall(
                    number: request.number, key: key,
                    clientPID: request.header(RequestID.header).flatMap(RequestID.processID(in:)), received: received, answered: answered, correct: reply.correct))
                if reply.correct == true { s.counts.correct += 1 }
                if reply.correct == nil { s.counts.unknownQuestions += 1 }
                if reply.malformed { s.counts.formatErrors += 1 }
            } else {
                s.counts.optimizer += 1
                if reply.malformed { s.counts.malformedOptimizer += 1 }
            }
            s.counts.byKind[kind, default: 0] += 1
        }
        let promptTokens = max(1, (system.utf8.count + user.utf8.count) / 4)
        let completionTokens = max(1, reply.text.utf8.count / 4)
        return .json([
            "id": "chatcmpl-sim-\(request.number)", "object": "chat.completion", "model": options.modelName,
            "choices": [["index": 0, "message": ["role": "assistant", "content": reply.text], "finish_reason": "stop"]],
            "usage": ["prompt_tokens": promptTokens, "completion_tokens": completionTokens, "total_tokens": promptTokens + completionTokens],
        ])
    }

    /// The fault for this request, if a window covers it (the window is used up as it goes).
    private static func takeFault(for kind: SimulatedBehaviour.RequestKind, state: NIOLockedValueBox<State>) -> Fault? {
        let now = ContinuousClock.now
        return state.withLockedValue { s -> Fault? in
            s.faults.removeAll { w in (w.remaining.map { $0 <= 0 } ?? false) || (w.until.map { $0 <= now } ?? false) }
            guard let i = s.faults.firstIndex(where: { $0.target.matches(kind) }) else { return nil }
            if let r = s.faults[i].remaining { s.faults[i].remaining = r - 1 }
            s.counts.faulted += 1
            return s.faults[i].fault
        }
    }
}
