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
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        var result: [Finding] = []
        for call in file.calls(to: "Promise") where tree[call].flags.contains(.new) {
            guard let executor = file.arguments(of: call).first, tree[executor].kind == .function,
                  tree[executor].flags.contains(.async) else { continue }
            result.append(finding(
                in: file, from: tree[executor].startByte, to: tree[executor].endByte,
                message: "The executor of this `new Promise` is `async`; an error thrown in it is lost and the promise never settles."))
        }
        return result
    }
}
