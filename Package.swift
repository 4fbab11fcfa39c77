// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way (DESIGN.md §3):
// DriftSyntax ← DriftCore ← DriftKnowledge/DriftRules ← DriftEngine ← CLI/daemon; Git and Protocol are leaves.
let package = Package(
    name: "Drift",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "drift", targets: ["drift"]),
        .executable(name: "driftd", targets: ["driftd"]),
        .executable(name: "drift-hook", targets: ["drift-hook"]),
        // For the daemon and for bench/commit-engine, which builds against the engine as a package.
        .library(name: "DriftEngine", targets: ["DriftEngine"]),
        .library(name: "DriftGit", targets: ["DriftGit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        // 1.16 brought `LogHandler.log(event:)`, which the daemon's file handler implements.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]),
        .target(name: "DriftSyntax"),
        .target(name: "DriftCore", dependencies: ["DriftSyntax"]),
        .target(name: "DriftKnowledge", dependencies: ["DriftCore"]),
        .target(name: "DriftRules", dependencies: ["DriftCore", "DriftKnowledge"]),
        // A leaf: staged snapshots and blob reads through libgit2, or the git CLI where libgit2 cannot.
        .target(name: "DriftGit", dependencies: ["CLibGit2"]),
        .target(
            name: "DriftEngine",
            dependencies: [
                "DriftCore", "DriftKnowledge", "DriftRules", "DriftGit",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // The hook ↔ daemon contract; Glibc only, so the hook client stays small and starts fast.
        .target(name: "DriftProtocol"),
        .target(
            name: "DriftDaemon",
            dependencies: [
                "DriftProtocol", "DriftEngine", "DriftCore", "DriftRules",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "drift",
            dependencies: [
                "DriftEngine",
                // For `DriftBuild.version`, the one version of a build (`--version`, the handshake).
                "DriftProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "driftd", dependencies: ["DriftDaemon", .product(name: "Logging", package: "swift-log")]),
        // Links DriftProtocol alone: no Foundation, no libgit2, no engine (DESIGN.md §2).
        .executableTarget(name: "drift-hook", dependencies: ["DriftProtocol"]),
        // Parser + rules throughput and real-code parse statistics (docs/benchmarks-parsing.md).
        .executableTarget(name: "drift-bench", dependencies: ["DriftEngine"], path: "bench/parse"),
        .testTarget(name: "DriftSyntaxTests", dependencies: ["DriftSyntax"]),
        .testTarget(name: "DriftCoreTests", dependencies: ["DriftCore"]),
        .testTarget(name: "DriftKnowledgeTests", dependencies: ["DriftKnowledge"]),
        .testTarget(name: "DriftRulesTests", dependencies: ["DriftRules", "DriftEngine", "DriftTestSupport"]),
        .testTarget(name: "DriftCLITests", dependencies: ["drift", "DriftProtocol"]),
        // Fixtures shared by test targets (a real git repository in a temporary folder).
        .target(name: "DriftTestSupport", path: "Tests/DriftTestSupport"),
        .testTarget(name: "DriftGitTests", dependencies: ["DriftGit", "DriftTestSupport"]),
        .testTarget(
            name: "DriftEngineTests",
            dependencies: ["DriftTestSupport", "DriftEngine", "DriftGit", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "DriftProtocolTests", dependencies: ["DriftProtocol"]),
        .testTarget(name: "DriftDaemonTests", dependencies: ["DriftDaemon", "DriftProtocol"]),
        // Runs the built driftd and drift-hook against real repositories and real `git commit`.
        .testTarget(name: "DriftHookEndToEndTests", dependencies: ["driftd", "drift-hook"]),
    ]
)
