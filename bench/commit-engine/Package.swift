// swift-tools-version: 6.0
import PackageDescription

// A separate package so the benchmark's release build never slows the main build or test run.
let package = Package(
    name: "CommitEngineBench",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Drift", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "commit-engine-bench",
            dependencies: [
                .product(name: "DriftEngine", package: "Drift"),
                .product(name: "DriftGit", package: "Drift"),
            ]),
    ]
)
