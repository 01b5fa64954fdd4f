// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live apart from the main package so `swift test` never builds them.
// Run: cd Benchmarks && swift run -c release LLMClientBenchmark (RacingBenchmark,
// ThroughputBenchmark, RunCostBenchmark; figures and commands in docs/benchmarks.md).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

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
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        ),
        // Shared by the benchmarks: the paper's setting, the simulator in a child process, CPU and memory figures.
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "SPOCore", package: "metaspo"),
                .product(name: "SPOModels", package: "metaspo"),
                .product(name: "SPOEngine", package: "metaspo"),
                .product(name: "SPOTestSupport", package: "metaspo"),
            ],
            swiftSettings: settings
        ),
        // (a) racing against exhaustive evaluation: base calls and final train score over seeds.
        .executableTarget(
            name: "RacingBenchmark",
            dependencies: [
                "BenchSupport",
                .product(name: "SPOCore", package: "metaspo"),
                .product(name: "SPOModels", package: "metaspo"),
                .product(name: "SPOEngine", package: "metaspo"),
                .product(name: "SPOTestSupport", package: "metaspo"),
            ],
            swiftSettings: settings
        ),
        // (b) base requests in flight against the limit, 50 ms latency, 1 and 4 endpoints.
        .executableTarget(
            name: "ThroughputBenchmark",
            dependencies: [
                "BenchSupport",
                .product(name: "SPOCore", package: "metaspo"),
                .product(name: "SPOModels", package: "metaspo"),
                .product(name: "SPOEngine", package: "metaspo"),
                .product(name: "SPOTestSupport", package: "metaspo"),
            ],
            swiftSettings: settings
        ),
        // (c) client CPU per call and peak memory of a paper-default run.
        .executableTarget(
            name: "RunCostBenchmark",
            dependencies: [
                "BenchSupport",
                .product(name: "SPOCore", package: "metaspo"),
                .product(name: "SPOModels", package: "metaspo"),
                .product(name: "SPOEngine", package: "metaspo"),
                .product(name: "SPOTestSupport", package: "metaspo"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "LLMClientBenchmark",
            dependencies: [
                .product(name: "SPOCore", package: "metaspo"),
                .product(name: "SPOModels", package: "metaspo"),
                .product(name: "SPOTestSupport", package: "metaspo"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        ),
    ]
)
