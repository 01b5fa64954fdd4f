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
