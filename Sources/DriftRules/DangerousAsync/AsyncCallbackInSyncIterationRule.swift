import DriftCore
import DriftSyntax

/// Flags `forEach`/`filter`/`some`/… given an `async` callback, and `map(async …)` whose promises
/// never reach `Promise.all`.
struct AsyncCallbackInSyncIterationRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "async-callback-in-sync-iteration",
        name: "Async callback in sync iteration",
        category: .dangerousAsync,
        severity: .high,
        summary: "An `async` callback is given to `forEach`, `filter`, `some`, `every`, `find` or a `map` whose promises are never awaited.",
        why: """
            Array methods call their callback and ignore what it returns. With an `async` callback \
            that is a promise: `forEach` returns before any iteration has finished, so the code after \
            the loop runs on unfinished writes and every rejection goes unhandled; `filter`, `some`, \
            `every` and `find` test the promise, which is always truthy. Generated code reaches for \
            `forEach(async …)` because it reads like a loop. A `forEach` callback that catches around \
            its own awaits loses no rejection and is reported as medium.
            """,
        fix: "`for (const item of items) { await save(item); }` (one at a time) or `await Promise.all(items.map(async (item) => save(item)));` (together).",
        examples: [
            .bad(.javascript, """
                async function saveAll(users) {
                  users.↓forEach(async (user) => {
                    await db.save(user);
                  });
                  console.log("all saved");
                }
                """),
            .bad(.typescript, """
                const active = users.↓filter(async (u) => await isActive(u.id));
                """),
            .bad(.typescript, """
                async function notify(ids: string[]) {
                  ids.↓map(async (id) => { await send(id); });
                }
                """),
            .bad(.javascript, """
                async function sum(items) {
                  return items.↓reduce(async (total, item) => total + (await price(item)), 0);
                }
                """),
            .bad(.typescript, """
                async function save(user: User): Promise<void> { await db.put(user); }
                export function saveAll(users: User[]) {
                  users.↓forEach((user) => save(user));
                }
                """),
            .good(.javascript, """
                async function saveAll(users) {
                  await Promise.all(users.map(async (user) => { await db.save(user); }));
                  const pending = users.map(async (user) => db.save(user));
                  await Promise.allSettled(pending);
                  for (const user of users) { await db.save(user); }
                  users.forEach((user) => cache.set(user.id, user));
                  users.forEach((user) => void db.save(user).catch(report));
                }
                """),
            .good(.typescript, """
                async function save(user: User): Promise<void> { await db.put(user); }
                export function saveAll(users: User[]) {
                  users.forEach((user) => void save(user));
                  users.forEach((user) => save(user).catch(report));
                }
                """),
            .good(.typescript, """
                function saves(users: User[]): Promise<void>[] {
                  return users.map(async (user) => { await db.save(user); });
                }
                const total = await items.reduce(async (sum, item) => (await sum) + (await price(item)), Promise.resolve(0));
                """),
        ])

    static let ignoring: Set<String> = ["forEach", "filter", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "flatMap", "reduce", "reduceRight"]
    static let collecting: Set<String> = ["map"]

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        var callees: AsyncCallees?
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) {
            guard let callee = tree.child(of: call, role: .callee), tree[callee].kind == .member,
                  let method = file.name(of: callee), Self.ignoring.contains(method) || Self.collecting.contains(method),
                  let callback = file.arguments(of: call).first, tree[callback].kind == .function,
                  !tree[callback].flags.contains(.generator) else { continue }
            if !tree[callback].flags.contains(.async) {
                // `forEach((u) => save(u))`: an arrow that returns a proven async call is an async callback too.
                guard method == "forEach", tree[callback].flags.contains(.expressionBody), let body = file.body(of: callback),
                      tree[file.unwrapped(body)].kind == .call, !tree[file.unwrapped(body)].flags.contains(.voided) else { continue }
                if callees == nil { callees = AsyncCallees(file: file, context: context) }
                guard let evidence = callees?.evidence(forCall: file.unwrapped(body)), evidence.severity == .high else { continue }
                result.append(finding(
                    in: file, from: Int(tree[callee].nameStart), to: tree[call].endByte,
                    message: "`forEach` is given a callback that returns the promise of `\(evidence.name)` (\(evidence.origin)); `forEach` drops it, so the loop ends before any call does and rejections go unhandled."))
                continue
            }
            if method == "map" || method == "flatMap", !isLost(call, in: file) { continue }
            if method == "reduce" || method == "reduceRight", awaitsAccumulator(callback, in: file) { continue }
            let what = method == "map" || method == "flatMap"
                ? "the promises `\(method)` returns are never awaited"
                : method == "forEach" ? "`forEach` does not wait for the promises it returns, so the loop ends before any iteration does and rejections go unhandled"
                : method.hasPrefix("reduce") ? "each step gets the previous step's promise, not its value"
                : "`\(method)` tests the promise, which is always truthy"
            var finding = finding(
                in: file, from: Int(tree[callee].nameStart), to: tree[call].endByte,
                message: "`\(method)` is given an `async` callback; \(what).")
            // `forEach(async (x) => { try { await send(x) } catch … })` starts every item on purpose and
            // loses no rejection; only the ordering is at stake, which is a warning.
            if method == "forEach" {
                if callees == nil { callees = AsyncCallees(file: file, context: context) }
                if callees?.awaitsAreHandled(callback) == true { finding.severity = .medium }
            }
            result.append(finding)
        }
        return result
    }

    /// Whether the array of promises from `map` is dropped or awaited as an array (not through
    /// `Promise.all`). Returned, passed on or stored arrays are assumed to be handled.
    private func isLost(_ call: Int, in file: SourceFile) -> Bool {
        switch file.valueUse(of: call) {
        case .dropped, .awaited: return true
        case .assigned:
            // `const ps = items.map(async …)` with `ps` never mentioned again.
            if let holder = file.tree.parent(of: call), let target = file.tree.child(of: holder, role: .target),
               file.tree[target].kind == .name, let name = file.name(of: target) {
                return file.nameCount(name) == 1
            }
            return false
        default: return false
        }
    }

    /// `reduce(async (acc, x) => (await acc) + …)`: the callback waits for the previous step.
    private func awaitsAccumulator(_ callback: Int, in file: SourceFile) -> Bool {
        let tree = file.tree
        guard let first = tree.children(of: callback).first(where: { tree[$0].kind == .parameter }),
              let accumulator = file.name(of: first), let body = file.body(of: callback) else { return false }
        return tree.descendants(of: body).contains { node in
            guard tree[node].kind == .await, tree[node].firstChild >= 0 else { return false }
            return file.memberChain(of: file.unwrapped(Int(tree[node].firstChild))) == [accumulator]
        }
    }
}
