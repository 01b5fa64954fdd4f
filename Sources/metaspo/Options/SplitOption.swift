import ArgumentParser
import SPOCore

/// `--split train|test` (a CLI-side type, so SPOCore's `Split` stays free of ArgumentParser).
enum SplitOption: String, ExpressibleByArgument, CaseIterable {
    case train, test

    var split: Split { self == .train ? .train : .test }
}
