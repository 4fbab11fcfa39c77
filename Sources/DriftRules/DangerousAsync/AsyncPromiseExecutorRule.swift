import DriftCore
import DriftSyntax

/// Flags `new Promise(async (resolve, reject) => …)`.
struct AsyncPromiseExecutorRule: Rule {
    static let description = RuleDescription(
        id: "async-promise-executor",
        name: "Async promise executor",
        category: .dangerousAsync,
        severity: .high,
        summary: "The executor passed to `new Promise(…)` is an `async` function.",
        why: """
            An error thrown inside an async executor rejects the executor's own promise, which nobody \
            holds, instead of the `new Promise`: the outer promise never settles and the caller hangs \
            forever while the error surfaces as an unhandled rejection. If the executor needs `await`, \
            the `new Promise` wrapper is not needed at all.
            """,
        fix: "Drop the wrapper and write an `async` function: `async function load() { const data = await read(); return parse(data); }`.",
        examples: [
            .bad(.javascript, """
                function load(path) {
                  return new Promise(↓async (resolve, reject) => {
                    const data = await fs.promises.readFile(path);
                    resolve(JSON.parse(data));
                  });
                }
                """),
            .bad(.typescript, """
                const ready = new Promise<void>(↓async function (resolve) {
                  await connect();
                  resolve();
                });
                """),
            .good(.javascript, """
                function delay(ms) {
                  return new Promise((resolve) => setTimeout(resolve, ms));
                }
                async function load(path) {
                  return JSON.parse(await fs.promises.readFile(path));
                }
                """),
            .good(.typescript, """
                const p = new Promise<void>((resolve, reject) => {
                  connect().then(() => resolve(), reject);
                });
                """),
            // `Promise` bound in the file is not the global: a library's class (bluebird) or a
            // local stand-in may accept any executor. Only the global `Promise` is judged.
            .good(.javascript, """
                let Promise;
                Promise = require('./my-promise');
                const p = new Promise(async (resolve) => resolve(await load()));
                """),
            .good(.javascript, """
                function wrap(Promise) {
                  return new Promise(async (resolve) => resolve(await load()));
                }
                """),
            .good(.typescript, """
                import Promise from 'bluebird';
                const p = new Promise<void>(async (resolve) => { await connect(); resolve(); });
                """),
            .good(.javascript, """
                const Promise = require('bluebird');
                function load() {
                  return new Promise(async (resolve) => resolve(await read()));
                }
                """),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        var result: [Finding] = []
        for call in file.calls(to: "Promise") where tree[call].flags.contains(.new) {
            guard let executor = file.arguments(of: call).first, tree[executor].kind == .function,
                  tree[executor].flags.contains(.async), readsGlobalPromise(call, in: file) else { continue }
            result.append(finding(
                in: file, from: tree[executor].startByte, to: tree[executor].endByte,
                message: "The executor of this `new Promise` is `async`; an error thrown in it is lost and the promise never settles."))
        }
        return result
    }

    /// Whether the callee of `new Promise(…)` is the global `Promise`: a `Promise` bound anywhere
    /// on the way out (a `let`, a parameter, an import of bluebird) is some other class.
    private func readsGlobalPromise(_ call: Int, in file: SourceFile) -> Bool {
        guard let callee = file.tree.child(of: call, role: .callee), file.tree[callee].kind == .name else { return false }
        let analysis = file.scopeAnalysis()
        guard let reference = analysis.reference(at: callee, offset: Int(file.tree[callee].nameStart)) else { return false }
        return analysis.readsGlobal(reference)
    }
}
