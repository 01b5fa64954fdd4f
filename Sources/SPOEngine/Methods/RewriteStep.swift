import SPOCore

/// One rewrite the optimizer is asked for: a failure analysis, then a writer
/// reply that must parse and pass the guards. MetaSPO's inner step (user
/// prompts) and outer step (system prompts) differ only in these fields.
struct RewriteStep: Sendable {
    var kind: CandidateKind
    var analysis: MetaPrompt
    var analysisFields: [String: String]
    var writer: MetaPrompt
    /// The writer's fields besides `analysis`, which the analysis fills.
    var writerFields: [String: String]
    /// The prompt being rewritten, as the parser and guards compare against it.
    var parentText: String

    /// The reply's prompt of this step's kind, or why it is not one.
    func parse(_ reply: String) -> Result<String, OptimizerReply.Rejection> {
        kind == .user ? OptimizerReply.userPrompt(reply, parent: parentText) : OptimizerReply.systemPrompt(reply, parent: parentText)
    }

    /// The tag a reply of this step's kind puts its prompt in.
    var tag: String { kind == .user ? OptimizerReply.userPromptTag : OptimizerReply.systemPromptTag }
}

extension Engine {
    /// Runs a rewrite step into `draft`: the analysis (at `indices[0]`), then up
    /// to `attempts` writer replies (at `indices[1...]`) until one passes; each
    /// failure is kept as a rejection, a cut reply's reason says it was cut.
    func rewrite(_ step: RewriteStep, into draft: Draft, indices: [Int], attempts: Int, guards: RewriteGuards) async throws -> Draft {
        var draft = draft
        let analysisReply = try await askAnalysis(step.analysis, step.analysisFields, sampleIndex: indices[0])
        guard let analysis = analysisReply.flatMap({ OptimizerReply.analysis($0.text) }) else {
            draft.rejections.append(.init("analysis reply was empty or malformed"))
            return draft
        }
        draft.analysis = analysis
        draft.analysisCut = analysisReply?.cut ?? false
        var fields = step.writerFields
        fields["analysis"] = analysis
        for attempt in 1...attempts {
            let reply = try await askWriter(step.writer, fields, sampleIndex: indices[attempt], kind: step.kind)
            switch reply.map({ step.parse($0.text).flatMap { guards.pass($0, kind: step.kind, parent: step.parentText) } }) {
            case .success(let text)?:
                draft.text = text
                return draft
            case .failure(let why)?: draft.rejections.append(reply!.cut ? .init(OptimizerReply.cutReason(why, tag: step.tag)) : why)
            case nil: draft.rejections.append(.init("the endpoint sent a malformed reply"))
            }
        }
        return draft
    }
}
