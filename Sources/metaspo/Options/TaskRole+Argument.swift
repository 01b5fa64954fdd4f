public import ArgumentParser
public import SPOCore

/// `--only source|unseen`: a role this version gives tasks, nothing else.
extension TaskRole: ExpressibleByArgument {
    public init?(argument: String) {
        guard let role = TaskRole.ordered.first(where: { $0.rawValue == argument }) else { return nil }
        self = role
    }

    public static var allValueStrings: [String] { ordered.map(\.rawValue) }
}
