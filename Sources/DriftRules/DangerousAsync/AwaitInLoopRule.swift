import DriftCore
import DriftSyntax

/// Flags `await` inside a `for` loop whose iterations look independent of each other.
struct AwaitInLoopRule: Rule {
    static let description = RuleDescription(
        id: "await-in-loop",
        name: "Await in loop",
        category: .dangerousAsync,
        severity: .low,
        summary: "A `for` loop awaits each iteration in turn although the iterations do not depend on each other.",
        why: """
            Each iteration waits for the previous one, so a loop over 100 requests of 50 ms takes 5 s \
            instead of 50 ms. This is a performance finding: it stays quiet where an iteration feeds \
            the next (an accumulator, a cursor, an early `break`/`return`, a deliberate sleep between \
            calls), since those must run in order.
            """,
        fix: """
            Start all iterations, then wait once: `await Promise.all(items.map((item) => save(item)));` \
            (JS/TS) or `await asyncio.gather(*(save(item) for item in items))` (Python); bound the \
            concurrency (p-limit, `asyncio.Semaphore`) when the list is long.
            """,
        examples: [
            .bad(.javascript, """
                async function saveAll(users) {
                  for (const user of users) {
                    ↓await db.save(user);
                  }
                }
                """),
            .bad(.typescript, """
                async function fetchAll(urls: string[]) {
                  const pages: string[] = [];
                  for (const url of urls) {
                    const res = ↓await fetch(url);
                    pages.push(await res.text());
                  }
                  return pages;
                }
                """),
            .bad(.python, """
                async def fetch_all(client, urls):
                    pages = []
                    for url in urls:
                        pages.append(↓await client.get(url))
                    return pages
                """),
            .good(.javascript, """
                async function readAll(cursor) {
                  let page = await cursor.first();
                  while (page) { page = await cursor.next(page); }
                  for await (const chunk of stream) { process(chunk); }
                }
                """),
            .good(.typescript, """
                async function migrate(steps: Step[]) {
                  let version = 0;
                  for (const step of steps) {
                    version = await step.apply(version);
                  }
                  for (const url of urls) {
                    const res = await fetch(url);
                    if (res.ok) return res;
                  }
                  for (const job of jobs) {
                    await run(job);
                    await sleep(1000);
                  }
                }
                """),
            .good(.javascript, """
                async function reduce(array, reducer, accumulator) {
                  for (let i = 0; i < array.length; i++) {
                    accumulator = await reducer(accumulator, array[i], i, array);
                  }
                  return accumulator;
                }
                """),
            .good(.python, """
                async def total(client, ids):
                    total = 0
                    for i in ids:
                        total += await client.price(i)
                    async for row in cursor:
                        print(row)
                    for _ in range(3):
                        lines.append(await reader.readline())
                    for task in tasks:
                        task.cancel()
                        await checkpoint()
                    for attempt in range(3):
                        try:
                            return await client.get(url)
                        except TimeoutError:
                            await asyncio.sleep(2 ** attempt)
                """),
        ])

    static let pacing = ["sleep", "delay", "wait", "timeout", "throttle", "backoff", "retry", "lock", "acquire", "checkpoint"]

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        var result: [Finding] = []
        for loop in tree.nodes(ofKind: .loop) {
            let node = tree[loop]
            guard !node.flags.contains(.comprehension), !node.flags.contains(.awaiting),
                  !node.flags.contains(.whileLoop), !node.flags.contains(.doWhile),
                  let body = tree.child(of: loop, role: .body) else { continue }
            let inside = file.descendantsInSameFunction(of: body).sorted()
            let perIteration = iterationNames(loop, body: body, inside: inside, in: file)
            var firstAwait: Int?
            var independent = true
            for n in inside {
                let current = tree[n]
                switch current.kind {
                case .await:
                    // Awaits of a nested loop belong to that loop.
                    // Only work on this iteration's item can run alongside the others; an await that does
                    // not touch it (`await reader.readline()`) repeats one sequential operation.
                    if firstAwait == nil, file.enclosing(.loop, of: n) == loop, mentions(perIteration, in: n, file: file) { firstAwait = n }
                    if let name = awaitedName(n, in: file)?.lowercased(), Self.pacing.contains(where: name.contains) { independent = false }
                case .returnStatement, .throwStatement:
                    independent = false
                case .otherStatement where current.flags.contains(.jump):
                    independent = false
                case .assignment:
                    if current.flags.contains(.augmented) || writesOuterState(n, loop: loop, in: file) { independent = false }
                case .withStatement where current.flags.contains(.awaiting):
                    independent = false  // `async with lock:` serialises on purpose
                default:
                    break
                }
                if !independent { break }
            }
            guard independent, let first = firstAwait else { continue }
            result.append(finding(
                in: file, from: tree[first].startByte, to: tree[first].endByte,
                message: "This `await` runs once per iteration of the `for` loop at line \(file.line(ofByte: node.startByte)), one after another; the iterations do not depend on each other."))
        }
        return result
    }

    /// The loop's own variables, and the names the body derives from them (`const url = urls[i]`).
    private func iterationNames(_ loop: Int, body: Int, inside: [Int], in file: SourceFile) -> Set<String> {
        let tree = file.tree
        var names: Set<String> = []
        for child in tree.children(of: loop) where child != body {
            for n in tree.descendants(of: child) where tree[n].kind == .declarator || tree[n].role == .target {
                let target = tree[n].kind == .declarator ? tree.child(of: n, role: .target) : n
                if let target { for (name, _) in file.patternNames(target) { names.insert(name) } }
            }
        }
        for n in inside where tree[n].kind == .declarator || (tree[n].kind == .assignment && !tree[n].flags.contains(.augmented)) {
            guard let target = tree.child(of: n, role: .target), let value = tree.child(of: n, role: .value),
                  mentions(names, in: value, file: file) else { continue }
            for (name, _) in file.patternNames(target) { names.insert(name) }
        }
        return names
    }

    private func mentions(_ names: Set<String>, in node: Int, file: SourceFile) -> Bool {
        file.tree.descendants(of: node).contains { file.tree[$0].kind == .name && file.name(of: $0).map(names.contains) == true }
    }

    /// The last name of the awaited callee (`sleep` in `await asyncio.sleep(1)`).
    private func awaitedName(_ awaitNode: Int, in file: SourceFile) -> String? {
        guard file.tree[awaitNode].firstChild >= 0 else { return nil }
        let operand = file.unwrapped(Int(file.tree[awaitNode].firstChild))
        guard file.tree[operand].kind == .call else { return nil }
        return file.calleeName(of: operand) ?? file.tree.child(of: operand, role: .callee).flatMap { file.trailingChain(of: $0).parts.last }
    }

    /// An assignment to a name that exists before the loop, or to a property: the next
    /// iteration may read it.
    private func writesOuterState(_ assignment: Int, loop: Int, in file: SourceFile) -> Bool {
        let tree = file.tree
        for target in tree.children(of: assignment) where tree[target].role == .target {
            let t = tree[target]
            if t.kind == .subscript { continue }  // `results[i] = …` fills a slot per iteration
            guard t.kind == .name, let name = file.name(of: target) else { return true }
            // Bound before the loop (the earliest binding of a name comes first) or a parameter.
            if let binding = file.declaration(of: name, at: target)?.binding, binding.kind == .parameter || tree[binding.node].startByte < tree[loop].startByte { return true }
        }
        return false
    }
}
