import DriftCore
import DriftSyntax

/// Flags `asyncio.create_task(…)` / `ensure_future(…)` whose task nobody keeps.
struct DanglingTaskRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "dangling-task",
        name: "Dangling task",
        category: .dangerousAsync,
        severity: .high,
        summary: "The task returned by `asyncio.create_task(…)` or `ensure_future(…)` is discarded.",
        why: """
            The event loop keeps only a weak reference to a task. With no other reference the task can \
            be garbage-collected mid-flight — the Python docs warn about exactly this — and its \
            exception is never retrieved. `_ = create_task(…)` does not help: `_` is overwritten by the \
            next throwaway. Task groups (`asyncio.TaskGroup`, anyio) keep their tasks and are fine. \
            In test files it is medium: tests start throwaway tasks on purpose and keep alive what \
            those tasks wait on.
            """,
        fix: """
            Keep a reference until it is done: `task = asyncio.create_task(job()); background.add(task); \
            task.add_done_callback(background.discard)`, or use `async with asyncio.TaskGroup() as tg: tg.create_task(job())`.
            """,
        examples: [
            .bad(.python, """
                import asyncio
                async def handle(request):
                    ↓asyncio.create_task(send_email(request.user))
                    return Response("ok")
                """),
            .bad(.python, """
                from asyncio import ensure_future
                def start(loop):
                    _ = ↓ensure_future(heartbeat())
                    ↓loop.create_task(cleanup())
                """),
            .good(.python, """
                import asyncio
                background = set()
                async def handle(request):
                    task = asyncio.create_task(send_email(request.user))
                    background.add(task)
                    task.add_done_callback(background.discard)
                    async with asyncio.TaskGroup() as tg:
                        tg.create_task(send_sms(request.user))
                    self._tasks.append(asyncio.ensure_future(sync()))
                    return await asyncio.create_task(load())
                """),
            .good(.python, """
                import asyncio
                def wrap(fut):
                    asyncio.ensure_future(fut)
                class TaskTests(unittest.TestCase):
                    def test_no_loop(self):
                        with self.assertRaisesRegex(RuntimeError, "no current event loop"):
                            asyncio.ensure_future(coro())
                """),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        let callees = AsyncCallees(file: file, context: context)
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) {
            guard let callee = tree.child(of: call, role: .callee), let name = spawner(call, callee: callee, in: file, callees: callees) else { continue }
            let use = file.valueUse(of: call)
            var discarded = use == .dropped
            if use == .assigned, let holder = tree.parent(of: call), let target = tree.child(of: holder, role: .target),
               tree[target].kind == .name, file.name(of: target) == "_" {
                discarded = true
            }
            guard discarded, !TestFunctions.isExpectedToRaise(call, in: file) else { continue }
            var finding = finding(
                in: file, from: tree[call].startByte, to: tree[call].endByte,
                message: "The task from `\(name)(…)` is discarded; the event loop keeps only a weak reference, so it can vanish before it finishes and its exception is never seen.")
            // Tests spawn throwaway tasks on purpose and keep what they await alive themselves.
            if context.role.contains(.test) { finding.severity = .medium }
            result.append(finding)
        }
        return result
    }

    /// `asyncio.create_task`, `asyncio.ensure_future` (also imported by name), and `create_task`
    /// on an event loop (`loop`, `self._loop`, `asyncio.get_running_loop()`).
    private func spawner(_ call: Int, callee: Int, in file: SourceFile, callees: AsyncCallees) -> String? {
        let tree = file.tree
        // A dotted chain keeps its last name when qualified, so only `…create_task`, `…ensure_future`
        // and single (possibly aliased) names need resolving.
        if let chain = file.memberChain(of: callee), chain.count == 1 || chain.last == "create_task" || chain.last == "ensure_future",
           let (module, path) = callees.qualified(chain, at: call),
           module == "asyncio", path == ["create_task"] || path == ["ensure_future"] {
            // `ensure_future(future)` returns the future it is given; only a coroutine makes a task.
            if path == ["ensure_future"], let first = file.arguments(of: call).first, tree[first].kind != .call { return nil }
            return chain.joined(separator: ".")
        }
        guard tree[callee].kind == .member, file.name(of: callee) == "create_task", tree[callee].firstChild >= 0 else { return nil }
        let receiver = Int(tree[callee].firstChild)
        if let chain = file.memberChain(of: receiver), let last = chain.last?.lowercased(), last.hasSuffix("loop") {
            return chain.joined(separator: ".") + ".create_task"
        }
        if tree[receiver].kind == .call, let name = file.calleeName(of: receiver),
           ["get_event_loop", "get_running_loop", "new_event_loop"].contains(name) {
            return "\(name)().create_task"
        }
        return nil
    }
}
