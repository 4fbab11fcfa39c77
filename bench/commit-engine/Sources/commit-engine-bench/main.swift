import DriftEngine
import DriftGit
import Foundation

// Times CommitEngine.evaluate on a repository with staged changes, as the daemon would call it.
// Usage: commit-engine-bench REPO [ITERATIONS] [VARIANTS…]
// Each VARIANTS folder holds index files that re-stage files with other contents (bench/project-pass.sh).

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: commit-engine-bench REPO [ITERATIONS] [VARIANTS…]\n".utf8))
    exit(2)
}
let repository = arguments[1]
let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("drift-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }
let cachePath = scratch + "/cache.sqlite"

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

/// CPU time of this thread: on two shared cores wall time mostly measures waiting for a core,
/// and the hot path is single-threaded when every blob is a cache hit.
func cpuMilliseconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }
    let start = now()
    try body()
    return now() - start
}

func describe(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))] }
    return String(format: "median %.3f ms, p10 %.3f, p90 %.3f, min %.3f (n=%d)", at(0.5), at(0.1), at(0.9), sorted[0], sorted.count)
}

let request = CommitRequest(cwd: repository)
let cache = BlobCache(path: cachePath)
let engine = CommitEngine(cache: cache)

var evaluation: CommitEvaluation?
let cold = try milliseconds { evaluation = try engine.evaluate(request) }
let changed = evaluation!.snapshot.changes.count
print("repository: \(repository)")
print("snapshot source: \(evaluation!.snapshot.source)")
print("staged changes: \(changed), findings: \(evaluation!.report.findings.count), files checked: \(evaluation!.report.filesChecked)")
print(String(format: "cold (open repository, read index, diff, analyse, write cache): %.3f ms", cold))

// The hot path: commit-msg asking about the index pre-commit just judged.
let warm = try (0..<iterations).map { _ in try milliseconds { _ = try engine.evaluate(request) } }
print("warm, same index (hook hot path): " + describe(warm))

// A re-staged index: new index file (same content, so the blob cache answers), so libgit2 reads
// the whole index and diffs it against HEAD again.
let rounds = Int(ProcessInfo.processInfo.environment["BENCH_ROUNDS"] ?? "5") ?? 1
let indexCopies = (0..<min(iterations, 40)).map { scratch + "/index-\($0)" }
for copy in indexCopies {
    try FileManager.default.copyItem(atPath: repository + "/.git/index", toPath: copy)
}
var restagedCPU: [Double] = []
let restaged = try (0..<rounds).flatMap { _ in indexCopies }.map { copy in
    try milliseconds {
        restagedCPU.append(try cpuMilliseconds { _ = try engine.evaluate(CommitRequest(cwd: repository, indexPath: copy)) })
    }
}
print("warm cache, changed index (index load + diff + memory cache hits): " + describe(restaged))
print("  same, CPU time of the calling thread: " + describe(restagedCPU))

// A new process with a warm disk cache: fresh engine and memory cache, rows read from SQLite.
let fresh = try (0..<min(iterations, 20)).map { _ in
    try milliseconds { _ = try CommitEngine(cache: BlobCache(path: cachePath)).evaluate(request) }
}
print("new engine, disk cache hit (open repository + SQLite + index + diff): " + describe(fresh))

// The snapshot alone, by each reader, on changed index files (no memo: a new path each time).
let gitRepository = try GitRepository.open(cwd: repository)
for (name, backend) in [("index reader + libgit2 diff", GitRepository.Backend.automatic), ("git_index_open + libgit2 diff", .libgit2), ("git CLI", .commandLine)] {
    let samples = try (0..<(backend == .commandLine ? 1 : rounds)).flatMap { _ in indexCopies }.map { copy in
        try milliseconds { _ = try gitRepository.snapshot(indexPath: copy, lookingUp: [".drift.toml"], backend: backend) }
    }
    print("snapshot only, changed index, \(name): " + describe(samples))
}

// Re-staged indexes whose contents differ: the changed blob is analysed (first round) or found in
// the cache (later rounds), and the project pass runs again for the files that read it.
for folder in arguments.dropFirst(3) {
    let variants = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
    for round in 0..<rounds {
        let before = engine.projectPassStatistics
        let samples = try variants.map { variant in
            try milliseconds { _ = try engine.evaluate(CommitRequest(cwd: repository, indexPath: variant)) }
        }
        let after = engine.projectPassStatistics
        print("\((folder as NSString).lastPathComponent), round \(round + 1)" + (round == 0 ? " (new blobs)" : "")
            + ": " + describe(samples) + "; project pass reused \(after.reused - before.reused), ran \(after.computed - before.computed)")
    }
}

// The staged tree (HEAD plus the snapshot's changes) and a few lookups in it, on a changed index.
let snapshot = try gitRepository.snapshot(indexPath: indexCopies[0])
let lookups = try (0..<rounds * 10).map { _ in
    try milliseconds {
        let tree = try gitRepository.stagedTree(for: snapshot)
        for change in snapshot.changes { _ = tree.node(at: change.path) }
        _ = tree.names(in: "")
        _ = tree.node(at: "src/module250/file002.ts")
    }
}
print("staged tree of a snapshot, \(snapshot.changes.count + 2) lookups: " + describe(lookups))

let passes = engine.projectPassStatistics
print("project pass: \(passes.reused) files reused, \(passes.computed) computed")
let statistics = cache.statistics
print("cache: \(statistics.memoryHits) memory hits, \(statistics.diskHits) disk hits, \(statistics.misses) misses")
