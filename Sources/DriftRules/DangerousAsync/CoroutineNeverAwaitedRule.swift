import DriftCore
import DriftSyntax

/// Flags a call to an `async def` whose coroutine is never awaited, scheduled or passed on.
struct CoroutineNeverAwaitedRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "coroutine-never-awaited",
        name: "Coroutine never awaited",
        category: .dangerousAsync,
        severity: .high,
        summary: "An `async def` is called without `await`, `asyncio.create_task`, `gather`, `run` or being passed on.",
        why: """
            Calling an `async def` does not run it: it only creates a coroutine object. Without `await` \
            the body never executes — the row is never saved, the message never sent — and the only \
            trace is a `RuntimeWarning: coroutine … was never awaited` at garbage collection. High when \
            the function is declared `async def` in this file or a project file, or is a known async \
            API (asyncio, aiohttp, httpx, anyio); medium when only a method of that name is async.
            """,
        fix: "`await save_user(user)`, or `asyncio.create_task(save_user(user))` with the task kept (see dangling-task) to run it concurrently.",
        examples: [
            .bad(.python, """
                async def save_user(user):
                    await db.insert(user)

                async def register(user):
                    ↓save_user(user)
                    return user.id
                """),
            .bad(.python, """
                async def display_name(user_id):
                    return (await db.get(user_id)).name

                async def greet(user_id):
                    return f"Hello, {↓display_name(user_id)}!"
                """),
            .bad(.python, """
                import asyncio
                async def poll():
                    while True:
                        ↓asyncio.sleep(1)
                        check()
                """),
            .bad(.python, """
                class Notifier:
                    async def send(self, text):
                        await self.client.post(text)
                    def notify(self, text):
                        ↓self.send(text)
                """),
            .bad(.python, """
                class Mailer:
                    async def send(self, to):
                        await self.smtp.send(to)
                def welcome(user):
                    mailer = Mailer()
                    ↓mailer.send(user.email)
                """),
            .bad(.python, """
                import aiohttp
                async def ping(url):
                    async with aiohttp.ClientSession() as session:
                        ↓session.get(url)
                """),
            .good(.python, """
                import asyncio
                async def save_user(user):
                    await db.insert(user)
                async def register(users):
                    await save_user(users[0])
                    task = asyncio.create_task(save_user(users[1]))
                    await asyncio.gather(*(save_user(u) for u in users))
                    await task
                    print(f"saved {await save_user(users[3])!r}")
                    return save_user(users[2])
                if __name__ == "__main__":
                    asyncio.run(save_user(None))
                """),
            .good(.python, """
                import requests
                def save_user(user):
                    requests.post(URL, json=user)
                class Store:
                    def close(self):
                        self.flush()
                    def flush(self):
                        pass
                def register(user):
                    save_user(user)
                """),
            .knownGap(.python, """
                from app.mail import Mailer
                def welcome(user):
                    ↓Mailer().send(user.email)
                """),
            .good(.python, """
                class WebSocket:
                    async def close(self):
                        await self._writer.close()
                    def _fail(self):
                        self._response.close()
                        self.transport.write(b"bye")
                """),
            .good(.python, """
                from asgiref.sync import async_to_sync
                @async_to_sync
                async def send(text):
                    await channel.send(text)
                def handler(text):
                    send(text)
                """),
            .good(.python, """
                async def fetch(client):
                    await client.get("/")
                async def test_fetch(client):
                    await fetch(client)
                """, path: "tests/test_api.py"),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard !context.role.contains(.declaration) else { return [] }
        let tree = file.tree
        // Formatted into an f-string, the coroutine becomes the text `<coroutine object …>`.
        let calls = AsyncCallees(file: file, context: context)
            .unawaitedCalls(use: { file.valueUse(of: $0) }, keeping: { $0 == .dropped || $0 == .interpolated })
        return calls.map { call, use, evidence in
            let how = use == .interpolated
                ? "formatting its call into a string shows `<coroutine object …>` instead of its result, and its body never runs."
                : "calling it without `await` only creates a coroutine, so its body never runs."
            var finding = finding(
                in: file, from: tree[call].startByte, to: tree[call].endByte,
                message: "\(evidence.phrase); \(how)",
                fix: use == .interpolated ? "`{await \(evidence.name)(…)}` inside an `async def`" : "`await \(evidence.name)(…)`")
            finding.severity = evidence.severity
            return finding
        }
    }
}
