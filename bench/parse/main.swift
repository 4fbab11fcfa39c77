// drift-bench: parse statistics and single-core throughput of parse + all rules on real code,
// next to ruff on the same Python files. Run it from a release build:
//
//   swift build -c release --product drift-bench
//   .build/release/drift-bench python <dir>... [--ruff] [--runs N] [--dump FILE] [--no-disk]
//   .build/release/drift-bench javascript <dir>...
//   .build/release/drift-bench typescript <dir>...
//   .build/release/drift-bench stack
//
// See docs/benchmarks-parsing.md for the numbers and the exact commands.

import DriftCore
import DriftEngine
import DriftKnowledge
import DriftRules
import DriftSyntax
import Foundation

/// One file read into memory.
struct Input {
    var path: String
    var bytes: [UInt8]
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// CPU time of this thread: on a shared machine wall time measures the neighbours too.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// User + system CPU time of finished child processes.
func childrenCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

func extensions(for language: Language) -> [String] {
    switch language {
    case .python: [".py"]
    case .javascript: [".js", ".mjs", ".cjs", ".jsx"]
    case .typescript: [".ts", ".mts", ".cts", ".tsx"]
    default: []
    }
}

/// Every file of `language` under `roots`, each real file once, up to `maxBytes` each.
func collect(_ language: Language, roots: [String], maxBytes: Int) -> (inputs: [Input], skipped: Int) {
    let wanted = extensions(for: language)
    var seen = Set<String>()
    var inputs: [Input] = []
    var skipped = 0
    let manager = FileManager.default
    for root in roots {
        guard let enumerator = manager.enumerator(atPath: root) else { continue }
        for case let relative as String in enumerator where wanted.contains(where: { relative.hasSuffix($0) }) {
            let path = root + "/" + relative
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard seen.insert(real).inserted else { continue }
            guard let data = manager.contents(atPath: real) else { continue }
            if data.count > maxBytes { skipped += 1; continue }
            inputs.append(Input(path: path, bytes: [UInt8](data)))
        }
    }
    inputs.sort { $0.path < $1.path }
    return (inputs, skipped)
}

func megabytes(_ inputs: [Input]) -> Double { Double(inputs.reduce(0) { $0 + $1.bytes.count }) / 1_000_000 }

/// Parses every file once: no crash, files and bytes in opaque nodes.
func parseStatistics(_ language: Language, _ inputs: [Input]) {
    var withOpaque = 0
    var opaqueBytes = 0
    var total = 0
    var examples: [(String, Int)] = []
    let start = threadCPUSeconds()
    for input in inputs {
        let file = SourceFile(path: input.path, language: language, bytes: input.bytes)
        total += input.bytes.count
        var bytes = 0
        for node in file.tree.nodes where node.kind == .opaque {
            // Opaque nodes do not nest inside each other, so lengths add up.
            bytes += node.endByte - node.startByte
        }
        if bytes > 0 || file.tree.hasOpaqueNodes {
            withOpaque += 1
            opaqueBytes += bytes
            if examples.count < 15 {
                let first = file.tree.nodes.first { $0.kind == .opaque }!
                examples.append((input.path, file.line(ofByte: first.startByte)))
            }
        }
    }
    let elapsed = threadCPUSeconds() - start
    print(String(format: "  parsed %d files, %.1f MB, no crash; parse only: %.1f MB/s (CPU time, with the statistics)",
                 inputs.count, Double(total) / 1e6, Double(total) / 1e6 / elapsed))
    print(String(format: "  files with any opaque node: %d of %d (%.2f%%); bytes inside opaque nodes: %.3f%%",
                 withOpaque, inputs.count, 100 * Double(withOpaque) / Double(max(1, inputs.count)),
                 100 * Double(opaqueBytes) / Double(max(1, total))))
    for (path, line) in examples { print("    opaque: \(path):\(line)") }
}

/// Parse + every rule of `RuleCatalog` (the local ones and those that read the project), the way
/// `drift check` analyses a file: `Analyzer.findings(in:configuration:project:)`, suppressions
/// included, on this thread; best of `runs`. With `project` nil, rules that read the project see
/// no project (a pasted snippet); with a `ProjectKnowledge` view of the disk they look up manifests and
/// installed packages as `drift check` does (its caches are warm after the first run, as in a
/// long `drift check` over many files). When `dump` is set, every finding is written there (path,
/// line, column, rule, severity, message), sorted, so that runs before and after a change compare.
func throughput(_ language: Language, _ inputs: [Input], runs: Int, project: (any ProjectView)?, label: String,
                dump: String?) -> Double {
    let analyzer = Analyzer(rules: RuleCatalog.all)
    let configuration = Configuration()
    let clock = ContinuousClock()
    var best = Double.infinity
    var bestWall = Double.infinity
    var findings = 0
    var byRule: [String: Int] = [:]
    var lines: [String] = []
    for run in 0..<runs {
        findings = 0
        let start = clock.now
        let cpu = threadCPUSeconds()
        for input in inputs {
            let file = SourceFile(path: input.path, language: language, bytes: input.bytes)
            let found = analyzer.findings(in: file, configuration: configuration, project: project)
            findings += found.count
            if run == 0 {
                for finding in found {
                    byRule[finding.ruleID, default: 0] += 1
                    if dump != nil {
                        lines.append("\(input.path):\(finding.line):\(finding.column) \(finding.ruleID) \(finding.severity) \(finding.message)")
                    }
                }
            }
        }
        best = min(best, threadCPUSeconds() - cpu)
        bestWall = min(bestWall, seconds(clock.now - start))
    }
    let rate = megabytes(inputs) / best
    print(String(format: "  parse + all %d rules (%d run on %@), %@, one core: %.3f s CPU for %.1f MB = %.1f MB/s (wall %.3f s = %.1f MB/s; %d findings)",
                 RuleCatalog.all.count, analyzer.rules(for: language).count, language.displayName, label, best, megabytes(inputs), rate, bestWall, megabytes(inputs) / bestWall, findings))
    print("  findings by rule (all lines, default severities): " + byRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    if let dump {
        FileManager.default.createFile(atPath: dump, contents: Data((lines.sorted().joined(separator: "\n") + "\n").utf8))
        print("  \(lines.count) findings written to \(dump)")
    }
    return rate
}

/// CPU time of parsing and of each rule (and of finding suppressions) over every file, one run:
/// which rules cost the most. Rules are timed one at a time around their `findings(in:context:)`,
/// so the sum is a little above the untimed total (two clock reads per rule per file). Only the
/// rules the engine runs on `language` are timed, as `Analyzer` dispatches them.
func perRuleCost(_ language: Language, _ inputs: [Input], project: (any ProjectView)?) {
    let analyzer = Analyzer(rules: RuleCatalog.all)
    let rules = analyzer.rules(for: language)
    var ruleSeconds = [Double](repeating: 0, count: rules.count)
    var parseSeconds = 0.0
    var suppressionSeconds = 0.0
    for input in inputs {
        var mark = threadCPUSeconds()
        let file = SourceFile(path: input.path, language: language, bytes: input.bytes)
        var now = threadCPUSeconds()
        parseSeconds += now - mark
        let context = analyzer.context(forPath: input.path, project: project)
        for (index, rule) in rules.enumerated() {
            mark = now
            _ = rule.findings(in: file, context: context)
            now = threadCPUSeconds()
            ruleSeconds[index] += now - mark
        }
        _ = Suppression.all(in: file)
        suppressionSeconds += threadCPUSeconds() - now
    }
    let megabytes = megabytes(inputs)
    let total = parseSeconds + suppressionSeconds + ruleSeconds.reduce(0, +)
    func row(_ name: String, _ spent: Double) -> String {
        "    " + name.padding(toLength: 44, withPad: " ", startingAt: 0)
            + String(format: " %7.3f s  %5.1f %%  (alone: %7.1f MB/s)", spent, 100 * spent / total, megabytes / spent)
    }
    print(String(format: "  CPU time by part, one run (sum %.3f s = %.1f MB/s):", total, megabytes / total))
    print(row("parse", parseSeconds))
    let order = ruleSeconds.indices.sorted { ruleSeconds[$0] > ruleSeconds[$1] }
    for index in order {
        let id = type(of: rules[index]).description.id + (type(of: rules[index]).readsProject ? " (project)" : "")
        print(row(id, ruleSeconds[index]))
    }
    print(row("suppressions", suppressionSeconds))
}

/// `ruff check --no-cache` on the same files, copied flat into a scratch folder (ruff skips
/// site-packages by default), with one Rayon thread; best of `runs`.
func ruff(_ inputs: [Input], runs: Int) {
    let folder = NSTemporaryDirectory() + "drift-bench-ruff"
    try? FileManager.default.removeItem(atPath: folder)
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (index, input) in inputs.enumerated() {
        _ = FileManager.default.createFile(atPath: "\(folder)/f\(index).py", contents: Data(input.bytes))
    }
    var best = Double.infinity
    var bestWall = Double.infinity
    for _ in 0..<runs {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ruff", "check", "--no-cache", "--exit-zero", "--quiet", "--isolated", folder]
        var environment = ProcessInfo.processInfo.environment
        environment["RAYON_NUM_THREADS"] = "1"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        let cpu = childrenCPUSeconds()
        do { try process.run() } catch { print("  ruff: cannot run (\(error)); pip install ruff"); return }
        process.waitUntilExit()
        best = min(best, childrenCPUSeconds() - cpu)
        bestWall = min(bestWall, seconds(clock.now - start))
    }
    print(String(format: "  ruff check --no-cache (RAYON_NUM_THREADS=1), same files: %.3f s CPU = %.1f MB/s (wall %.3f s = %.1f MB/s)",
                 best, megabytes(inputs) / best, bestWall, megabytes(inputs) / bestWall))
    try? FileManager.default.removeItem(atPath: folder)
}

/// Deeply nested inputs parsed on a 512 KiB thread: the nesting limit bounds the stack.
func stack() {
    let inputs = [
        String(repeating: "(", count: 100_000),
        "x = " + String(repeating: "f(", count: 100_000),
        String(repeating: "{", count: 100_000),
        String(repeating: "`${", count: 50_000),
        (0..<3000).map { String(repeating: " ", count: $0) + "if x:\n" }.joined(),
        String(repeating: "if (a) ", count: 100_000),
    ]
    for input in inputs {
        for language in [Language.python, .javascript, .typescript] {
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                _ = SourceFile(path: "x.\(language.defaultExtension)", language: language, text: input)
                done.signal()
            }
            thread.stackSize = 512 * 1024
            thread.start()
            done.wait()
        }
    }
    print("  \(inputs.count) deeply nested inputs x 3 languages parsed on 512 KiB stacks")
}

var arguments = Array(CommandLine.arguments.dropFirst())
/// Removes `--name VALUE` from `arguments` and returns VALUE.
func option(_ name: String, from arguments: inout [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
}
let wantsRuff = arguments.contains("--ruff")
let wantsDisk = !arguments.contains("--no-disk")
arguments.removeAll { $0 == "--ruff" || $0 == "--no-disk" }
let runs = option("--runs", from: &arguments).flatMap { Int($0) } ?? 3
let dump = option("--dump", from: &arguments)
guard let command = arguments.first else {
    print("usage: drift-bench python|javascript|typescript <dir>... [--ruff] [--runs N] [--dump FILE] [--no-disk] | drift-bench stack")
    exit(2)
}
if command == "stack" {
    stack()
    exit(0)
}
guard let language = Language(name: command) else {
    print("unknown language \(command)")
    exit(2)
}
let (inputs, skipped) = collect(language, roots: Array(arguments.dropFirst()), maxBytes: 1 << 20)
print("\(language.displayName): \(inputs.count) files, \(String(format: "%.1f", megabytes(inputs))) MB (\(skipped) over 1 MiB skipped, as the engine does)")
parseStatistics(language, inputs)
_ = throughput(language, inputs, runs: runs, project: nil, label: "no project", dump: dump.map { $0 + ".no-project" })
perRuleCost(language, inputs, project: nil)
if wantsDisk {
    let disk = ProjectKnowledge()
    _ = throughput(language, inputs, runs: runs, project: disk, label: "project from disk", dump: dump.map { $0 + ".disk" })
    perRuleCost(language, inputs, project: disk)
}
if wantsRuff, language == .python { ruff(inputs, runs: runs) }
