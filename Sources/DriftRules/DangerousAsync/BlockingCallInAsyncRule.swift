import DriftCore
import DriftKnowledge
import DriftSyntax

/// Flags calls that block the thread (`time.sleep`, `requests.get`, `fs.readFileSync`) inside async
/// functions, where they stall every other task on the event loop.
struct BlockingCallInAsyncRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "blocking-call-in-async",
        name: "Blocking call in async function",
        category: .dangerousAsync,
        severity: .medium,
        summary: "A blocking call (`time.sleep`, `requests.*`, `subprocess.run`, `urlopen`, `fs.*Sync`, `execSync`) runs inside an async function.",
        why: """
            An event loop runs one thing at a time: while `time.sleep(1)` or `requests.get(…)` blocks, \
            no other request is served and every timer is late. The code works in a test with one \
            request and falls over under load. Generated code pastes synchronous snippets into \
            `async def` handlers. In JS/TS a `*Sync` call in an async function or request handler \
            blocks the same way; it is reported as low, since startup and CLI code use them on purpose.
            """,
        fix: "Use the awaitable form (`await asyncio.sleep(1)`, `httpx.AsyncClient`, `await fs.promises.readFile(…)`), or move the call off the loop: `await asyncio.to_thread(requests.get, url)`.",
        examples: [
            .bad(.python, """
                import time, requests
                async def poll(url):
                    while True:
                        ↓requests.get(url, timeout=5)
                        ↓time.sleep(1)
                """),
            .bad(.python, """
                from subprocess import check_output
                from urllib.request import urlopen
                async def version():
                    page = ↓urlopen("https://example.com")
                    return ↓check_output(["git", "--version"])
                """),
            .bad(.javascript, """
                const fs = require("fs");
                app.get("/config", (req, res) => {
                  res.send(↓fs.readFileSync("config.json", "utf8"));
                });
                async function load() {
                  return JSON.parse(↓fs.readFileSync("data.json"));
                }
                """),
            .bad(.typescript, """
                import { execSync } from "node:child_process";
                export async function version(): Promise<string> {
                  return ↓execSync("git --version").toString();
                }
                """),
            .good(.typescript, """
                import { execFile } from "node:child_process";
                import { promisify } from "node:util";
                import { readFileSync } from "node:fs";
                const defaults = JSON.parse(readFileSync("defaults.json", "utf8"));
                export async function version(): Promise<string> {
                  const { stdout } = await promisify(execFile)("git", ["--version"]);
                  return stdout;
                }
                """),
            .good(.python, """
                import asyncio, time, requests
                async def poll(url):
                    await asyncio.sleep(1)
                    def work():
                        time.sleep(1)
                        return requests.get(url)
                    await asyncio.to_thread(work)
                    await loop.run_in_executor(None, lambda: requests.get(url))
                def sync_poll(url):
                    time.sleep(1)
                """),
            .knownGap(.python, """
                import requests
                session = requests.Session()
                async def poll(url):
                    ↓session.get(url)
                """),
            .good(.python, """
                async def handler(requests):
                    requests.get("id")
                """),
            .good(.javascript, """
                const fs = require("fs");
                const config = JSON.parse(fs.readFileSync("config.json", "utf8"));
                async function load() {
                  return JSON.parse(await fs.promises.readFile("data.json"));
                }
                """),
        ])

    static let routeMethods: Set<String> = ["get", "post", "put", "delete", "patch", "all", "use", "head", "options"]

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        let callees = AsyncCallees(file: file, context: context)
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) {
            guard let function = file.enclosingFunction(of: call), let callee = tree.child(of: call, role: .callee) else { continue }
            let isAsync = tree[function].flags.contains(.async)
            guard isAsync || (file.language != .python && isRequestHandler(function, in: file)) else { continue }
            var replacement: String?
            var name = ""
            if let chain = file.memberChain(of: callee), let (module, path) = callees.qualified(chain, at: call) {
                replacement = AsyncAPIs.blockingReplacement(module: module, path: path, language: file.language)
                name = chain.joined(separator: ".")
            } else if file.language == .python, tree[callee].kind == .member, let method = file.name(of: callee),
                      method == "read" || method == "readlines", tree[callee].firstChild >= 0 {
                let receiver = Int(tree[callee].firstChild)
                if tree[receiver].kind == .call, file.calleeChain(of: receiver) == ["open"], file.declaration(of: "open", at: call) == nil {
                    replacement = "`await asyncio.to_thread(Path(…).read_text)` (or aiofiles)"
                    name = "open(…).\(method)"
                }
            }
            guard let replacement else { continue }
            let place = isAsync ? "async function" : "request handler"
            let owner = file.name(of: function).map { "`\($0)`" } ?? "this \(place)"
            var finding = finding(
                in: file, from: tree[call].startByte, to: tree[call].endByte,
                message: "`\(name)` blocks the event loop inside \(owner) (line \(file.line(ofByte: tree[function].startByte))); every other task waits until it returns.",
                fix: "Use \(replacement).")
            if file.language != .python { finding.severity = .low }
            result.append(finding)
        }
        return result
    }

    /// A callback given to `app.get(path, handler)`, `router.post(…)` and the like.
    private func isRequestHandler(_ function: Int, in file: SourceFile) -> Bool {
        let tree = file.tree
        guard tree[function].role == .argument, let call = tree.parent(of: function),
              let callee = tree.child(of: call, role: .callee), tree[callee].kind == .member,
              let method = file.name(of: callee), Self.routeMethods.contains(method),
              let first = file.arguments(of: call).first, tree[first].kind == .literal, tree[first].flags.contains(.string) else { return false }
        return true
    }
}
