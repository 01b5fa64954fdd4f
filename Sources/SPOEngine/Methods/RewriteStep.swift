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
}

extension CandidateKind {
    /// A writer reply's prompt of this kind, or why it is not one.
    func parse(_ reply: String, parent: String) -> Result<String, OptimizerReply.Rejection> {
        self == .user ? OptimizerReply.userPrompt(reply, parent: parent) : OptimizerReply.systemPrompt(reply, parent: parent)
    }

    /// The tag a writer reply puts a prompt of this kind in.
    var replyTag: String { self == .user ? OptimizerReply.userPromptTag : OptimizerReply.systemPromptTag }
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
        return try await write(
            step.writer, fields, kind: step.kind, parentText: step.parentText, into: draft, indices: indices[1...attempts], guards: guards)
    }

    /// Writer replies, one per sample index, until one parses as a prompt of
    /// `kind` and passes the guards; each failure is kept as a rejection, a cut
    /// reply's reason says it was cut. Used by rewrites and Pareto merges.
    func write(
        _ writer: MetaPrompt, _ fields: [String: String], kind: CandidateKind, parentText: String, into draft: Draft,
        indices: some Sequence<Int>, guards: RewriteGuards
    ) async throws -> Draft {
        var draft = draft
        for index in indices {
            let reply = try await askWriter(writer, fields, sampleIndex: index, kind: kind)
            switch reply.map({ kind.parse($0.text, parent: parentText).flatMap { guards.pass($0, kind: kind, parent: parentText) } }) {
            case .success(let text)?:
                draft.text = text
                return draft
            case .failure(let why)?: draft.rejections.append(reply!.cut ? .init(OptimizerReply.cutReason(why, tag: kind.replyTag)) : why)
            case nil: draft.rejections.append(.init("the endpoint sent a malformed reply"))
            }
        }
        return draft
    }
}
