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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
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
        .target(name: "DriftEngine", dependencies: ["DriftCore", "DriftKnowledge", "DriftRules"]),
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
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "driftd", dependencies: ["DriftDaemon"]),
        // Links DriftProtocol alone: no Foundation, no libgit2, no engine (DESIGN.md §2).
        .executableTarget(name: "drift-hook", dependencies: ["DriftProtocol"]),
        .testTarget(name: "DriftSyntaxTests", dependencies: ["DriftSyntax"]),
        .testTarget(name: "DriftCoreTests", dependencies: ["DriftCore"]),
        .testTarget(name: "DriftRulesTests", dependencies: ["DriftRules", "DriftEngine"]),
        .testTarget(name: "DriftCLITests", dependencies: ["DriftEngine"]),
        .testTarget(name: "DriftProtocolTests", dependencies: ["DriftProtocol"]),
        .testTarget(name: "DriftDaemonTests", dependencies: ["DriftDaemon", "DriftProtocol"]),
        // Runs the built driftd and drift-hook against real repositories and real `git commit`.
        .testTarget(name: "DriftHookEndToEndTests", dependencies: ["driftd", "drift-hook"]),
    ]
)
