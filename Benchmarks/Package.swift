// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live apart from the main package so `swift test` never builds them.
// Run: cd Benchmarks && swift run -c release LLMClientBenchmark (RacingBenchmark, SelectionBenchmark,
// ThroughputBenchmark, RunCostBenchmark; figures and commands in docs/benchmarks.md).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// The project's libraries the engine benchmarks link.
let metaspoLibraries: [Target.Dependency] = ["SPOCore", "SPOBuiltins", "SPOModels", "SPOEngine", "SPOTestSupport"].map {
    .product(name: $0, package: "metaspo")
}

let package = Package(
    name: "metaspo-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "metaspo", path: ".."),
    ],
    targets: [
        // Dashboard: a 200x60 frame with 1,000 candidates; folding and memory of a 100,000-event session.
        .executableTarget(
            name: "DashboardBenchmark",
            dependencies: [
                .product(name: "SPOCore", package: "metaspo"),
                .product(name: "SPODashboard", package: "metaspo"),
            ],
            swiftSettings: settings
        ),
        // Shared by the benchmarks: the paper's setting, the simulator in a child process, CPU and memory figures.
        .target(
            name: "BenchSupport",
            dependencies: metaspoLibraries,
            swiftSettings: settings
        ),
        // (a) racing against exhaustive evaluation: base calls and final train score over seeds.
        .executableTarget(
            name: "RacingBenchmark",
            dependencies: ["BenchSupport"] + metaspoLibraries,
            swiftSettings: settings
        ),
        // Issue 21: the outer loop's selection rule (mean, pareto, pareto + merge) over seeds.
        .executableTarget(
            name: "SelectionBenchmark",
            dependencies: ["BenchSupport"] + metaspoLibraries,
            swiftSettings: settings
        ),
        // (b) base requests in flight against the limit, 50 ms latency, 1 and 4 endpoints.
        .executableTarget(
            name: "ThroughputBenchmark",
            dependencies: ["BenchSupport"] + metaspoLibraries,
            swiftSettings: settings
        ),
        // (c) client CPU per call and peak memory of a paper-default run.
        .executableTarget(
            name: "RunCostBenchmark",
            dependencies: ["BenchSupport"] + metaspoLibraries,
            swiftSettings: settings
        ),
        .executableTarget(
            name: "LLMClientBenchmark",
            dependencies: ["BenchSupport"] + metaspoLibraries,
            swiftSettings: settings
        ),
    ]
)
