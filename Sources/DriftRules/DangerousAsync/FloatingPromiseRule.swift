import DriftCore
import DriftSyntax

/// Flags a promise-valued call whose result is dropped: nobody awaits it, returns it, passes it on
/// or handles its rejection.
struct FloatingPromiseRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "floating-promise",
        name: "Floating promise",
        category: .dangerousAsync,
        severity: .high,
        summary: "A call that returns a promise is neither awaited, returned, passed on nor given a `.catch`.",
        why: """
            The caller moves on before the work is done, so code after it runs on state that is not \
            written yet, and a rejection is never handled: Node prints an unhandled-rejection warning \
            or exits, and the error never reaches the `try`/`catch` the author wrote around the call. \
            Generated code drops the `await` when it turns a sync helper async or calls an async \
            function from a sync one. High when the callee is proven async (declared `async` in this \
            file or an exported async function of a project file, or a known async API such as \
            `fetch` or `fs.promises.*`) and can reject unseen; medium when only a method of the same \
            name is known async, when the callee catches around its own awaits, for an async IIFE, \
            and for a script's top-level `main()` (which fails loudly anyway).
            """,
        fix: "`await saveUser(user);` — or, for fire-and-forget on purpose, `void saveUser(user).catch(reportError);`.",
        examples: [
            .bad(.javascript, """
                async function saveUser(user) { await db.put(user); }
                function onSubmit(user) {
                  ↓saveUser(user);
                  showToast("saved");
                }
                """),
            .bad(.typescript, """
                import { readFile } from "node:fs/promises";
                export async function load(path: string) {
                  ↓readFile(path, "utf8");
                  ↓fetch("/log?path=" + path);
                }
                """),
            .bad(.typescript, """
                class Cache {
                  async flush(): Promise<void> { await this.store.write(this.items); }
                  close(): void {
                    ↓this.flush();
                  }
                }
                """),
            .bad(.javascript, """
                const sendMail = async (to) => { await smtp.send(to); };
                async function main() {
                  const pending = ↓sendMail("a@b.c");
                }
                """),
            .bad(.javascript, """
                async function saveUser(user) { await db.put(user); }
                function onBlur(user) {
                  user.changed && ↓saveUser(user);
                  user.valid ? ↓saveUser(user) : showErrors(user);
                }
                """),
            .bad(.javascript, """
                ↓(async () => {
                  await migrate();
                })();
                """),
            .bad(.javascript, """
                function later(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
                async function retry() {
                  ↓later(100);
                }
                """),
            .bad(.typescript, """
                class Mailer {
                  async send(to: string) { await smtp.send(to); }
                }
                export function welcome(user: User) {
                  const mailer = new Mailer();
                  ↓mailer.send(user.email);
                }
                """),
            .knownGap(.typescript, """
                import { UserRepo } from "./repo";
                export function register(user: User) {
                  const repo = new UserRepo();
                  ↓repo.save(user);
                }
                """),
            .bad(.typescript, """
                class Queue {
                  async drain() {}
                }
                function stop(queue: Queue) {
                  ↓queue.drain();
                }
                """),
            .good(.javascript, """
                async function saveUser(user) { await db.put(user); }
                async function onSubmit(user) {
                  await saveUser(user);
                  void saveUser(user);
                  saveUser(user).catch(console.error);
                  saveUser(user).then(done, fail);
                  return saveUser(user);
                }
                """),
            .good(.javascript, """
                async function saveUser(user) { await db.put(user); }
                async function saveAll(users) {
                  const pending = [];
                  for (const user of users) pending.push(saveUser(user));
                  await Promise.all(pending);
                  const one = saveUser(users[0]);
                  await one;
                }
                """),
            .good(.javascript, """
                (async () => {
                  await migrate();
                })().catch((error) => { console.error(error); process.exit(1); });
                """),
            .good(.javascript, """
                const express = require("express");
                const app = express();
                app.get("/users", async (req, res) => { res.json(await listUsers()); });
                emitter.on("data", async (chunk) => { await write(chunk); });
                """),
            .good(.typescript, """
                function save(user: User) { return db.put(user); }
                class Store {
                  flush() { this.items = []; }
                  close() { this.flush(); }
                }
                res.json({ ok: true });
                """),
            .good(.javascript, """
                function isexe(path, cb) {
                  if (!cb) {
                    return new Promise((resolve, reject) => { isexe(path, (er, is) => er ? reject(er) : resolve(is)); });
                  }
                  core(path, cb);
                }
                function check(path) {
                  isexe(path, (er, is) => console.log(is));
                }
                """),
            .good(.javascript, """
                function next() {
                  (async () => {
                    try {
                      const value = await source.next();
                      emit(value);
                    } catch (error) {
                      fail(error);
                    }
                  })();
                }
                """),
            .good(.javascript, """
                async function main() {
                  try {
                    await config.load();
                  } catch (err) {
                    console.error(err);
                    process.exit(1);
                  }
                }
                main();
                """),
            .good(.javascript, """
                class Walker {
                  async readdir(path) { return this.fs.promises.readdir(path); }
                  walk(path) {
                    this.fs.readdir(path, { withFileTypes: true }, (er, entries) => this.visit(entries));
                  }
                }
                """),
            .good(.javascript, """
                class Shrinkwrap {
                  static async reset(options) {
                    const s = new Shrinkwrap(options);
                    s.reset();
                    return s;
                  }
                  reset() { this.data = {}; }
                  clear() { this.reset(); }
                }
                """),
            .good(.typescript, """
                async function* pages() { yield 1; }
                function start() { pages(); }
                """),
            .good(.typescript, """
                test("saves", async () => {
                  await saveUser(user);
                });
                """, path: "src/user.test.ts"),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard !context.role.contains(.declaration) else { return [] }
        let tree = file.tree
        let callees = AsyncCallees(file: file, context: context)
        let calls = callees.unawaitedCalls(use: { use(of: $0, in: file) }, keeping: { $0 == .dropped || $0 == .assigned })
        return calls.compactMap { call, use, evidence -> Finding? in
            var how = "its promise is dropped"
            if use == .assigned {
                guard let name = unusedTarget(of: call, in: file, callees: callees) else { return nil }
                how = "its promise is stored in `\(name)` and never used"
            }
            let topLevel = file.enclosingFunction(of: call) == nil
            // `main()` at the end of a script whose body catches everything is fire-and-forget by design.
            if topLevel, evidence.cannotReject { return nil }
            var finding = finding(
                in: file, from: tree[call].startByte, to: tree[call].endByte,
                message: "\(evidence.phrase); \(how), so the caller does not wait for it and a rejection is never handled.",
                fix: "`await \(evidence.name)(…)`, or `void \(evidence.name)(…).catch(reportError)` when not waiting is intended.")
            // High only where a rejection can escape unseen inside running code: a script's
            // top-level `main()` fails loudly anyway, and a callee that catches around its own
            // awaits was written to be started and left alone.
            finding.severity = topLevel || evidence.handlesOwnErrors ? .medium : evidence.severity
            return finding
        }
    }

    /// Where the call's value goes, looking through `cond && save()` and `cond ? save() : other()`
    /// used as statements: a branch of a dropped condition is dropped too.
    private func use(of call: Int, in file: SourceFile) -> ValueUse {
        let tree = file.tree
        var node = call
        while let parent = tree.parent(of: node), tree[parent].kind == .expression, tree[node].previousSibling >= 0 {
            let before = Int(tree[node].previousSibling)
            let between = file.text(tree[before].endByte, tree[node].startByte).trimmingWhitespace()
            guard ["&&", "||", "??", "?", ":"].contains(between) else { break }
            node = parent
        }
        guard node != call else { return file.valueUse(of: call) }
        return file.valueUse(of: node) == .dropped ? .dropped : .other
    }

    /// `const p = save()` where `p` is never mentioned again anywhere in the file.
    private func unusedTarget(of call: Int, in file: SourceFile, callees: AsyncCallees) -> String? {
        let tree = file.tree
        var value = call
        while let parent = tree.parent(of: value), tree[parent].kind == .group, tree[parent].flags.contains(.parenthesized) { value = parent }
        guard let holder = tree.parent(of: value), tree[holder].kind == .declarator || tree[holder].kind == .assignment,
              let target = tree.child(of: holder, role: .target), tree[target].kind == .name,
              let name = file.name(of: target), !name.hasPrefix("_") else { return nil }
        return callees.isMentionedOnce(name) ? name : nil
    }
}
