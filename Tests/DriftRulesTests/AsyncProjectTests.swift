import DriftCore
import DriftEngine
import DriftKnowledge
import DriftRules
import DriftSyntax
import Foundation
import Testing

/// Cross-file resolution of async functions through `FileFacts` and `ProjectView`, which rule
/// examples (one file each) cannot show.
@Suite struct AsyncProjectTests {
    static let db = SourceFile(path: "src/db.ts", language: .typescript, text: """
        import { pool } from "./pool";

        export async function saveUser(user: User) { await pool.query(user); }
        export const deleteUser = async (id: string) => { await pool.query(id); };
        export function format(user: User) { return user.name; }
        async function internal() {}
        """)

    /// A project folder (bounded by a `.git`) holding `files`, for a disk view to read.
    static func project(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("drift-async-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        for (relative, text) in files {
            let path = root + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return root
    }

    static func text(of file: SourceFile) -> String { String(decoding: file.bytes, as: UTF8.self) }

    @Test func factsListExportedAsyncFunctions() {
        let facts = FileFacts(of: Self.db)
        #expect(facts.asyncFunctions == ["saveUser": 3, "deleteUser": 4])
    }

    @Test func factsOfPythonModuleListTopLevelAsyncDefs() {
        let file = SourceFile(path: "app/db.py", language: .python, text: """
            async def save(row):
                await conn.execute(row)
            def close():
                pass
            class Repo:
                async def get(self): ...
            """)
        #expect(FileFacts(of: file).asyncFunctions == ["save": 1])
    }

    @Test func importedAsyncFunctionIsProvenThroughTheProjectView() throws {
        let api = SourceFile(path: "src/api.ts", language: .typescript, text: """
            import { saveUser, format } from "./db.js";
            export function onSubmit(user: User) {
              saveUser(user);
              format(user);
            }
            """)
        let root = try Self.project(["src/db.ts": Self.text(of: Self.db)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let placed = SourceFile(path: root + "/" + api.path, language: .typescript, text: Self.text(of: api))
        let rule = try #require(RuleCatalog.rule(withID: "floating-promise")).init()
        let findings = rule.findings(in: placed, context: RuleContext(project: ProjectKnowledge()))
        #expect(findings.map(\.line) == [3])
        #expect(findings.first?.severity == .high)
        #expect(findings.first?.message.contains("`saveUser` is async (\(root)/src/db.ts:3)") == true)
        // Without the project's facts nothing proves `saveUser` async.
        #expect(rule.findings(in: api, context: RuleContext()).isEmpty)
    }

    @Test func pythonRelativeImportResolvesToThePackageFile() throws {
        let db = SourceFile(path: "app/db.py", language: .python, text: "async def save(row):\n    await conn.execute(row)\n")
        let api = SourceFile(path: "app/api.py", language: .python, text: """
            from .db import save
            from . import db
            def handle(row):
                save(row)
                db.save(row)
            """)
        // A namespace package (no `__init__.py`): with one, `db.save` is looked up in `__init__` (a gap of AsyncCallees).
        let root = try Self.project(["app/db.py": Self.text(of: db)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let placed = SourceFile(path: root + "/" + api.path, language: .python, text: Self.text(of: api))
        let rule = try #require(RuleCatalog.rule(withID: "coroutine-never-awaited")).init()
        let findings = rule.findings(in: placed, context: RuleContext(project: ProjectKnowledge()))
        #expect(findings.map(\.line) == [4, 5])
        #expect(findings.allSatisfy { $0.message.contains("(\(root)/app/db.py:1)") })
    }

    @Test func factsOfCommonJSExports() {
        let file = SourceFile(path: "lib/db.js", language: .javascript, text: """
            async function save(row) { await pool.query(row); }
            function close() {}
            module.exports = { save, close };
            exports.remove = async function (id) { await pool.query(id); };
            """)
        #expect(FileFacts(of: file).asyncFunctions == ["save": 1, "remove": 4])
    }

    @Test func floatingPromiseSeverityFollowsProof() throws {
        let file = SourceFile(path: "src/jobs.js", language: .javascript, text: """
            async function sync() { await api.pull(); }
            async function safe() { try { await api.pull(); } catch (e) { log(e); } }
            async function guarded() { prepare(); try { await api.pull(); } catch (e) { log(e); } }
            function run() {
              sync();
              guarded();
              (async () => { await sync(); })();
            }
            sync();
            safe();
            """)
        let rule = try #require(RuleCatalog.rule(withID: "floating-promise")).init()
        let graded = rule.findings(in: file, context: RuleContext()).map { "\($0.line):\($0.severity)" }
        // Proven and able to reject inside running code: high. A callee that catches around its own
        // awaits, an async IIFE and a script's top-level call: medium. A top-level call of a
        // function that catches everything: nothing.
        #expect(graded == ["5:high", "6:medium", "7:medium", "9:medium"])
    }

    @Test func forEachWithACallbackThatCatchesIsAWarning() throws {
        let file = SourceFile(path: "src/notify.js", language: .javascript, text: """
            function notifyAll(users) {
              users.forEach(async (u) => { try { await send(u); } catch (e) { log(e); } });
              users.forEach(async (u) => { await send(u); });
            }
            """)
        let rule = try #require(RuleCatalog.rule(withID: "async-callback-in-sync-iteration")).init()
        #expect(rule.findings(in: file, context: RuleContext()).map { "\($0.line):\($0.severity)" } == ["2:medium", "3:high"])
    }

    @Test func instanceMethodMessagesCiteTheirOwnClass() throws {
        let file = SourceFile(path: "app/mail.py", language: .python, text: """
            class Sms:
                async def send(self, to): ...
            class Mailer:
                async def send(self, to): ...
            def welcome(user):
                mailer = Mailer()
                mailer.send(user.email)
            """)
        let rule = try #require(RuleCatalog.rule(withID: "coroutine-never-awaited")).init()
        let findings = rule.findings(in: file, context: RuleContext())
        #expect(findings.map(\.line) == [7])
        #expect(findings.first?.message.contains("`mailer.send` is async (app/mail.py:4)") == true)
    }

    @Test func analyzerKeepsARulesOwnGradingUnlessConfigured() throws {
        let file = SourceFile(path: "src/q.ts", language: .typescript, text: """
            class Queue { async drain() {} }
            function stop(queue: Queue) { queue.drain(); }
            """)
        let rule = try #require(RuleCatalog.rule(withID: "floating-promise"))
        let findings = Analyzer(rules: [rule]).findings(in: file, configuration: Configuration())
        #expect(findings.map(\.severity) == [.medium])
    }
}
