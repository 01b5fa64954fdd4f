import Foundation
public import SPOCore
public import SPOModelInterface

/// Draws new wordings of one prompt from an optimizer model, APE-style: each
/// variant is one sampled reply to the `ape_resample` meta-prompt, validated
/// (tag present, `{question}` kept exactly once where the source has it and never
/// added where it has not, not the source again, not a copy of another variant)
/// and retried with a new sample index when it fails.
///
/// It does not depend on the engine, so `metaspo unseen` uses it too. Requests
/// are a pure function of (source, slot, attempt, base index, seed): a second run
/// asks the same questions and finds the answers in the response cache.
public struct PromptResampler: Sendable {
    /// One accepted variant.
    public struct Variant: Sendable, Hashable {
        public var text: String
        /// Which of the `count` variants this is (0-based).
        public var slot: Int
        /// The attempt (1-based) whose reply was accepted.
        public var attempt: Int
        public var sampleIndex: Int
    }

    /// A reply that was not accepted, and why.
    public struct Rejection: Sendable, Hashable {
        public var slot: Int
        public var attempt: Int
        public var sampleIndex: Int
        public var reason: String
    }

    /// What one `resample` call produced.
    public struct Outcome: Sendable, Hashable {
        /// Accepted variants in slot order; fewer than asked for when a slot used
        /// up its attempts.
        public var variants: [Variant]
        /// Rejected replies, by attempt, then slot.
        public var rejections: [Rejection]
        /// Requests sent (`count` when nothing is rejected).
        public var calls: Int

        /// The rejections of one slot, in attempt order.
        public func rejections(slot: Int) -> [Rejection] { rejections.filter { $0.slot == slot } }
    }

    public let model: any LanguageModel
    public let template: MetaPrompt
    public var temperature: Double
    public var maxTokens: Int
    /// The run seed; each request is sent with `seed &+ sampleIndex`, as the engine does.
    public var seed: UInt64
    /// Replies tried per variant before its slot is given up.
    public var attempts: Int
    /// Distance between the sample indices of consecutive slots; must exceed
    /// `attempts`. 10 matches the engine's own index layout (…slot, attempt).
    public var slotStride: Int
    /// A further check of each variant: a reason to reject it, or nil. Unset
    /// for runs (their events must replay as written); `unseen` sets it.
    public var check: (@Sendable (String) -> String?)?

    public init(
        model: any LanguageModel, template: MetaPrompt, temperature: Double = 1, maxTokens: Int = 1024,
        seed: UInt64 = 42, attempts: Int = 3, slotStride: Int = 10
    ) {
        self.model = model
        self.template = template
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.seed = seed
        self.attempts = max(1, attempts)
        self.slotStride = max(self.attempts + 1, slotStride)
    }

    /// The sample index of a slot's attempt (1-based): `base + slot·slotStride + attempt`.
    public func sampleIndex(base: Int, slot: Int, attempt: Int) -> Int {
        base + slot * slotStride + attempt
    }

    /// Asks for `count` distinct variants of `source`.
    ///
    /// Attempts run in rounds: every slot still without a variant sends its next
    /// attempt concurrently; replies are then judged in slot order, so which of
    /// two equal replies counts as the copy does not depend on timing.
    /// - Parameters:
    ///   - baseSampleIndex: where this call's sample indices start (≥ 0); callers
    ///     give different bases to different prompts.
    ///   - avoiding: texts a variant must not repeat (existing candidates).
    public func resample(_ source: String, count: Int, baseSampleIndex: Int, avoiding: [String] = []) async throws -> Outcome {
        precondition(baseSampleIndex >= 0, "sample indices are not negative")
        var taken = Set(([source] + avoiding).map(OptimizerReply.normalized))
        var accepted: [Int: Variant] = [:]
        var rejections: [Rejection] = []
        var calls = 0
        let user = template.render(["prompt": source])
        for attempt in 1...attempts {
            let open = (0..<max(0, count)).filter { accepted[$0] == nil }
            if open.isEmpty { break }
            let replies = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for slot in open {
                    let index = sampleIndex(base: baseSampleIndex, slot: slot, attempt: attempt)
                    group.addTask { (slot, try await self.ask(user, sampleIndex: index)) }
                }
                var out: [Int: String?] = [:]
                for try await (slot, reply) in group { out[slot] = reply }
                return out
            }
            calls += open.count
            for slot in open {
                let index = sampleIndex(base: baseSampleIndex, slot: slot, attempt: attempt)
                func reject(_ reason: String) {
                    rejections.append(Rejection(slot: slot, attempt: attempt, sampleIndex: index, reason: reason))
                }
                guard let reply = replies[slot] ?? nil else {
                    reject("the endpoint sent a malformed reply")
                    continue
                }
                switch OptimizerReply.variant(reply, source: source) {
                case .failure(let why): reject(why.reason)
                case .success(let text):
                    let norm = OptimizerReply.normalized(text)
                    if taken.contains(norm) {
                        reject("variant repeats the source or an earlier variant")
                    } else if let why = check?(text) {
                        reject(why)
                    } else {
                        taken.insert(norm)
                        accepted[slot] = Variant(text: text, slot: slot, attempt: attempt, sampleIndex: index)
                    }
                }
            }
        }
        return Outcome(variants: accepted.keys.sorted().map { accepted[$0]! }, rejections: rejections, calls: calls)
    }

    /// One request; a reply the endpoint mangled (a per-request error) is nil.
    private func ask(_ user: String, sampleIndex: Int) async throws -> String? {
        let params = SamplingParameters(
            temperature: temperature, maxTokens: maxTokens, seed: seed &+ UInt64(sampleIndex), sampleIndex: sampleIndex)
        do {
            return try await model.complete([.system(template.system), .user(user)], parameters: params).text
        } catch let e as ModelError where e.isPerRequest {
            return nil
        }
    }
}
