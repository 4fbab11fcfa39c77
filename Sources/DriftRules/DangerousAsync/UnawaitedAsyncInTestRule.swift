import DriftCore
import DriftSyntax

/// Flags a test that calls an async function without awaiting it, or leaves an
/// `expect(…).rejects`/`.resolves` assertion floating: the test passes while testing nothing.
struct UnawaitedAsyncInTestRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "unawaited-async-in-test",
        name: "Unawaited async in test",
        category: .dangerousAsync,
        severity: .high,
        summary: "A test calls an async function, or makes an `expect(…).rejects`/`.resolves` assertion, without awaiting or returning it.",
        why: """
            The test function returns before the async work or the assertion has run, so the runner \
            records a pass whatever happens: a rejected promise or a failing `expect` surfaces later \
            as an unhandled rejection, in another test, or not at all. In Python the coroutine is \
            never even started. Generated tests look thorough and check nothing.
            """,
        fix: "`await expect(save(user)).rejects.toThrow(\"invalid\");` / `await save(user)` inside an `async` test; in pytest, `async def test_…` with `await` (pytest-asyncio or anyio).",
        examples: [
            .bad(.javascript, """
                test("rejects invalid users", () => {
                  ↓expect(saveUser({})).rejects.toThrow("invalid");
                });
                """, path: "src/user.test.js"),
            .bad(.typescript, """
                async function seed(): Promise<void> { await db.insert(rows); }
                describe("users", () => {
                  it("lists users", async () => {
                    ↓seed();
                    expect(await listUsers()).toHaveLength(3);
                  });
                });
                """, path: "src/users.spec.ts"),
            .bad(.python, """
                async def create_user(name):
                    return await db.insert(name)

                def test_create_user():
                    ↓create_user("ada")
                    assert db.count() == 1
                """, path: "tests/test_users.py"),
            .good(.javascript, """
                test("rejects invalid users", async () => {
                  await expect(saveUser({})).rejects.toThrow("invalid");
                });
                test("resolves", () => {
                  return expect(load()).resolves.toBe(1);
                });
                test("sync", () => {
                  expect(parse("1")).toBe(1);
                });
                """, path: "src/user.test.js"),
            .good(.typescript, """
                async function seed(): Promise<void> { await db.insert(rows); }
                beforeEach(async () => { await seed(); });
                it("lists users", () => seed().then(() => expect(count()).toBe(3)));
                """, path: "src/users.spec.ts"),
            .good(.python, """
                import pytest
                async def create_user(name):
                    return await db.insert(name)

                @pytest.mark.asyncio
                async def test_create_user():
                    await create_user("ada")
                    assert await db.count() == 1
                """, path: "tests/test_users.py"),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        let callees = AsyncCallees(file: file, context: context)
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) where file.valueUse(of: call) == .dropped {
            guard let test = TestFunctions.enclosingTest(of: call, in: file) else { continue }
            let testName = file.name(of: test).map { "`\($0)`" } ?? "this test"
            if file.language != .python, let modifier = floatingAssertion(call, in: file) {
                result.append(finding(
                    in: file, from: tree[call].startByte, to: tree[call].endByte,
                    message: "`expect(…).\(modifier)` is neither awaited nor returned, so \(testName) finishes before the assertion runs and passes whatever happens.",
                    fix: "`await expect(…).\(modifier)…` (in an `async` test) or `return expect(…).\(modifier)…`."))
                continue
            }
            guard let evidence = callees.evidence(forCall: call) else { continue }
            let outcome = file.language == .python ? "the coroutine never runs" : "the test finishes before it does and its failure is lost"
            var finding = finding(
                in: file, from: tree[call].startByte, to: tree[call].endByte,
                message: "\(evidence.phrase) and \(testName) does not await it; \(outcome), so the test passes without testing it.",
                fix: "`await \(evidence.name)(…)`\(tree[test].flags.contains(.async) ? "" : " in an `async` test").")
            // A JS test may start work without waiting to look at an intermediate state; when the
            // callee catches around its own awaits nothing is lost, so that is a warning.
            finding.severity = file.language != .python && evidence.handlesOwnErrors ? .medium : evidence.severity
            result.append(finding)
        }
        return result
    }

    /// `expect(x).rejects.toThrow()` / `.resolves.toBe(…)`: which modifier, if the chain has one.
    private func floatingAssertion(_ call: Int, in file: SourceFile) -> String? {
        let tree = file.tree
        guard var n = tree.child(of: call, role: .callee) else { return nil }
        var modifier: String?
        while tree[n].kind == .member, tree[n].firstChild >= 0 {
            if let name = file.name(of: n), name == "rejects" || name == "resolves" { modifier = name }
            n = Int(tree[n].firstChild)
        }
        guard let modifier, tree[n].kind == .call, file.calleeChain(of: n) == ["expect"] else { return nil }
        return modifier
    }
}
