import Foundation
import Testing

/// A real `git commit` blocked by a finding that needs another staged file to prove it.
@Suite struct CrossFileCommitTests {
    @Test func aCoroutineFromAnotherFileCalledWithoutAwaitBlocksTheCommit() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage("async def fetch():\n    return 1\n", at: "a.py", in: repo)
        #expect(try sandbox.git("commit", "-m", "Add fetch", in: repo).status == 0)

        try sandbox.stage("from a import fetch\n\ndef main():\n    fetch()\n", at: "b.py", in: repo)
        let blocked = try sandbox.git("commit", "-m", "Call fetch", in: repo)
        #expect(blocked.status == 1, "\(blocked)")
        #expect(blocked.error.contains("b.py:4:5: high [coroutine-never-awaited]"), "\(blocked.error)")
        #expect(blocked.error.contains("a.py:1"), "the message names where fetch is declared")

        // Staging a.py as a plain function (b.py untouched) lets the same commit through.
        try sandbox.stage("def fetch():\n    return 1\n", at: "a.py", in: repo)
        let passed = try sandbox.git("commit", "-m", "Call fetch", in: repo)
        #expect(passed.status == 0, "\(passed)")
    }
}
