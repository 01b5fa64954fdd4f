import ArgumentParser
import SPOCore

/// How requests are scheduled; neither changes what is asked, so `resume` may change them too.
struct ThroughputOptions: ParsableArguments {
    @Option(
        name: .customLong("prefix-order"),
        help: ArgumentHelp("Send one prompt pair's requests one after another, so a server slot reuses its cached prefix (config: prefix_order; default true).", valueName: "true|false"))
    var prefixOrder: Bool?

    func apply(to cfg: inout RunConfig) {
        if let prefixOrder { cfg.prefixOrder = prefixOrder }
    }
}
