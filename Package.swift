// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way (DESIGN.md §3):
// DriftSyntax ← DriftCore ← DriftKnowledge/DriftRules ← DriftEngine ← CLI/daemon; Git and Protocol are leaves.
let package = Package(
    name: "Drift",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "drift", targets: ["drift"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        .executableTarget(
            name: "drift",
            dependencies: [
                "DriftEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Parser + rules throughput and real-code parse statistics (docs/benchmarks-parsing.md).
        .executableTarget(name: "drift-bench", dependencies: ["DriftEngine"], path: "bench/parse"),
        .testTarget(name: "DriftSyntaxTests", dependencies: ["DriftSyntax"]),
        .testTarget(name: "DriftCoreTests", dependencies: ["DriftCore"]),
        .testTarget(name: "DriftKnowledgeTests", dependencies: ["DriftKnowledge"]),
        .testTarget(name: "DriftRulesTests", dependencies: ["DriftRules", "DriftEngine"]),
        .testTarget(name: "DriftCLITests", dependencies: ["drift"]),
    ]
)
