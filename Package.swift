// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way (DESIGN.md §3):
// DriftSyntax ← DriftCore ← DriftKnowledge/DriftRules ← DriftEngine ← CLI/daemon; Git and Protocol are leaves.
let package = Package(
    name: "Drift",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "drift", targets: ["drift"]),
        // For the daemon and for bench/commit-engine, which builds against the engine as a package.
        .library(name: "DriftEngine", targets: ["DriftEngine"]),
        .library(name: "DriftGit", targets: ["DriftGit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
        .executableTarget(
            name: "drift",
            dependencies: [
                "DriftEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "DriftSyntaxTests", dependencies: ["DriftSyntax"]),
        .testTarget(name: "DriftCoreTests", dependencies: ["DriftCore"]),
        .testTarget(name: "DriftRulesTests", dependencies: ["DriftRules", "DriftEngine"]),
        .testTarget(name: "DriftCLITests", dependencies: ["drift"]),
        .testTarget(name: "DriftGitTests", dependencies: ["DriftGit"]),
        .testTarget(
            name: "DriftEngineTests",
            dependencies: ["DriftEngine", "DriftGit", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
