// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live apart from the main package so `swift test` never builds them.
// Run: cd Benchmarks && swift run -c release LLMClientBenchmark
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
