import DriftCore
import DriftSyntax

/// Flags `+=` (and read-modify-write) of a global or `self` attribute in a function run on other
/// threads, with no lock held.
struct SharedCounterWithoutLockRule: Rule {
    static let description = RuleDescription(
        id: "shared-counter-without-lock",
        name: "Shared counter without lock",
        category: .dangerousAsync,
        severity: .medium,
        summary: "A function used as a `threading.Thread` target or executor job updates a global or `self` attribute with `+=` and no lock.",
        why: """
            `counter += 1` is a read, an add and a write; two threads can read the same old value and \
            one increment is lost. The GIL does not make it atomic (and free-threaded Python has no GIL \
            at all). The bug shows only under load, as totals that are slightly off.
            """,
        fix: "Hold a lock around the update: `with self.lock: self.count += 1` (`self.lock = threading.Lock()`), or give each thread its own counter and sum them after `join()`.",
        examples: [
            .bad(.python, """
                import threading
                processed = 0
                def worker(items):
                    global processed
                    for item in items:
                        handle(item)
                        ↓processed += 1
                threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
                """),
            .bad(.python, """
                from concurrent.futures import ThreadPoolExecutor
                class Crawler:
                    def fetch(self, url):
                        body = get(url)
                        ↓self.bytes = self.bytes + len(body)
                    def run(self, urls):
                        with ThreadPoolExecutor() as pool:
                            pool.map(self.fetch, urls)
                """),
            .knownGap(.python, """
                import threading
                class Worker(threading.Thread):
                    def run(self):
                        ↓self.done += 1
                """),
            .good(.python, """
                import threading
                class Stats:
                    def __init__(self):
                        self.lock = threading.Lock()
                        self.count = 0
                    def work(self):
                        with self.lock:
                            self.count += 1
                    def start(self):
                        threading.Thread(target=self.work).start()
                """),
            .good(.python, """
                count = 0
                def tick():
                    global count
                    count += 1
                tick()
                def worker(items):
                    done = 0
                    for item in items:
                        done += 1
                    return done
                pool.submit(worker, items)
                """),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        var result: [Finding] = []
        var reported: Set<Int> = []
        for (job, how) in threadJobs(in: file) where reported.insert(job).inserted {
            guard let body = file.body(of: job) else { continue }
            let nodes = file.descendantsInSameFunction(of: body)
            if nodes.contains(where: { tree[$0].kind == .call && file.calleeName(of: $0) == "acquire" }) { continue }
            let globals = SharedState.pythonGlobals(in: nodes, of: file)
            for n in nodes where tree[n].kind == .assignment {
                guard let target = tree.child(of: n, role: .target), let value = tree.child(of: n, role: .value) else { continue }
                let location: String
                if tree[target].kind == .name, let name = file.name(of: target), globals.contains(name) {
                    location = name
                } else if let chain = file.memberChain(of: target), chain.count == 2, chain[0] == "self" {
                    location = chain.joined(separator: ".")
                } else {
                    continue
                }
                let readsItself = tree[n].flags.contains(.augmented)
                    || tree.descendants(of: value).contains { (tree[$0].kind == .name || tree[$0].kind == .member) && file.memberChain(of: $0)?.joined(separator: ".") == location }
                guard readsItself, !SharedState.isUnderLock(n, in: file) else { continue }
                result.append(finding(
                    in: file, from: tree[n].startByte, to: tree[n].endByte,
                    message: "`\(location)` is updated without a lock in `\(file.name(of: job) ?? "this function")`, which runs on several threads (\(how)); concurrent updates are lost."))
            }
        }
        return result
    }

    /// Functions of this file handed to `Thread(target=…)`, `executor.submit(f, …)`, `executor.map(f, …)`.
    private func threadJobs(in file: SourceFile) -> [(Int, String)] {
        let tree = file.tree
        var result: [(Int, String)] = []
        for call in tree.nodes(ofKind: .call) {
            guard let chain = file.calleeChain(of: call), let last = chain.last else { continue }
            var job: Int?
            if last == "Thread" {
                job = file.arguments(of: call).first { tree[$0].kind == .keywordArgument && file.name(of: $0) == "target" }
                    .flatMap { tree.child(of: $0, role: .value) }
            } else if last == "submit" || last == "map", chain.count >= 2 {
                job = file.arguments(of: call).first
            }
            guard let job, let function = function(named: job, at: call, in: file) else { continue }
            result.append((function, "passed to `\(chain.joined(separator: "."))` at line \(file.line(ofByte: tree[call].startByte))"))
        }
        return result
    }

    /// `worker` → the `def worker` it names; `self.fetch` → the method of the enclosing class.
    private func function(named node: Int, at call: Int, in file: SourceFile) -> Int? {
        guard let chain = file.memberChain(of: node) else { return nil }
        if chain.count == 1, let binding = file.declaration(of: chain[0], at: call)?.binding, binding.kind == .function { return binding.node }
        if chain.count == 2, chain[0] == "self", let owner = file.enclosingClass(of: call) { return file.methods(of: owner)[chain[1]] }
        return nil
    }

}
