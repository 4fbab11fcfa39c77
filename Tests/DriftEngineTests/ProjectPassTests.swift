import DriftTestSupport
import DriftCore
import DriftEngine
import DriftGit
import Foundation
import Testing

/// Cross-file findings in the commit path: rules that read the project run against the staged
/// tree on every request, so a finding follows the other file's staged version even when the
/// judged file's blob (and so its cache entry) is unchanged.
@Suite struct ProjectPassTests {
    static func engine() -> CommitEngine { CommitEngine(cache: BlobCache(path: nil)) }

    static func summary(_ repo: GitFixture, engine: CommitEngine) throws -> [String] {
        let report = try engine.evaluate(CommitRequest(cwd: repo.root)).report
        return report.findings.map { "\($0.path):\($0.line) \($0.ruleID) \($0.severity.rawValue)" }
    }

    @Test func aCoroutineDeclaredInAnotherStagedFileIsNeverAwaited() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "async def fetch():\n    return 1\n")
        try repo.commitAll()
        try repo.write("b.py", "from a import fetch\n\ndef main():\n    fetch()\n")
        try repo.git("add", "b.py")
        let engine = Self.engine()

        let report = try engine.evaluate(CommitRequest(cwd: repo.root)).report
        #expect(report.findings.map { "\($0.path):\($0.line) \($0.ruleID) \($0.severity.rawValue)" }
            == ["b.py:4 coroutine-never-awaited high"])
        #expect(report.findings.first?.message.contains("(a.py:1)") == true, "\(report.findings.first?.message ?? "")")
        #expect(report.isBlocked)

        // a.py staged as a plain function: b.py's blob is the same, its finding is gone.
        let bBlob = try repo.stagedID("b.py")
        try repo.write("a.py", "def fetch():\n    return 1\n")
        try repo.git("add", "a.py")
        #expect(try repo.stagedID("b.py") == bBlob)
        #expect(try Self.summary(repo, engine: engine) == [])

        // And back: the answer follows the staged tree, not a remembered one.
        try repo.write("a.py", "async def fetch():\n    return 1\n")
        try repo.git("add", "a.py")
        #expect(try Self.summary(repo, engine: engine) == ["b.py:4 coroutine-never-awaited high"])
    }

    @Test func aPromiseOfAnAsyncFunctionInAnotherStagedFileIsDropped() throws {
        let repo = try GitFixture()
        try repo.write("package.json", #"{ "name": "app", "type": "module" }"# + "\n")
        try repo.write("lib.js", "export async function load() {\n  return 1;\n}\n")
        try repo.commitAll()
        try repo.write("app.js", "import { load } from './lib.js';\n\nexport function start() {\n  load();\n}\n")
        try repo.git("add", "app.js")
        let engine = Self.engine()
        #expect(try Self.summary(repo, engine: engine) == ["app.js:4 floating-promise high"])

        try repo.write("lib.js", "export function load() {\n  return 1;\n}\n")
        try repo.git("add", "lib.js")
        #expect(try Self.summary(repo, engine: engine) == [])
    }

    @Test func theStagedFileIsReadNotTheWorkTreeOne() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "def fetch():\n    return 1\n")
        try repo.commitAll()
        try repo.write("a.py", "async def fetch():\n    return 1\n")
        try repo.git("add", "a.py")
        try repo.write("a.py", "def fetch():\n    return 1\n")  // the work tree says sync; the commit says async
        try repo.write("b.py", "from a import fetch\n\ndef main():\n    fetch()\n")
        try repo.git("add", "b.py")
        #expect(try Self.summary(repo, engine: Self.engine()) == ["b.py:4 coroutine-never-awaited high"])
    }

    /// undefined-name proves a global undefined only when the project declares no such global;
    /// the staged package.json decides, not the work tree's.
    @Test func theStagedPackageJSONWinsOverTheWorkTrees() throws {
        let repo = try GitFixture()
        let declaring = #"{ "name": "app", "eslintConfig": { "globals": { "appConfig": "readonly" } } }"# + "\n"
        let plain = #"{ "name": "app" }"# + "\n"
        try repo.write("package.json", declaring)
        try repo.write("src/util.js", "export const one = 1;\n")
        try repo.commitAll()
        try repo.write("package.json", plain)
        try repo.git("add", "package.json")
        try repo.write("package.json", declaring)  // the work tree still declares the global
        try repo.write("src/check.js", "export const port = appConfig.port;\n")
        try repo.git("add", "src/check.js")
        let engine = Self.engine()
        #expect(try Self.summary(repo, engine: engine) == ["src/check.js:1 undefined-name high"])

        try repo.git("add", "package.json")  // now the declaration is staged too
        #expect(try Self.summary(repo, engine: engine) == [])
    }

    @Test func configurationAndSuppressionsApplyToProjectFindings() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "async def fetch():\n    return 1\n")
        try repo.commitAll()
        try repo.write("b.py", "from a import fetch\n\ndef main():\n    fetch()  # drift-ignore: coroutine-never-awaited — fire and forget\n")
        try repo.write("c.py", "from a import fetch\n\ndef main():\n    fetch()\n")
        try repo.write(".drift.toml", "[rules]\ncoroutine-never-awaited = \"low\"\n")
        try repo.git("add", "-A")
        #expect(try Self.summary(repo, engine: Self.engine()) == ["c.py:4 coroutine-never-awaited low"])
    }

    @Test func onlyAddedLinesShowProjectFindings() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "async def fetch():\n    return 1\n")
        try repo.write("b.py", "from a import fetch\n\ndef main():\n    fetch()\n")
        try repo.commitAll()
        try repo.write("b.py", "from a import fetch\n\ndef main():\n    fetch()\n\nx = 1\n")
        try repo.git("add", "b.py")
        let engine = Self.engine()
        #expect(try Self.summary(repo, engine: engine) == [])
        let all = try engine.evaluate(CommitRequest(cwd: repo.root, allLines: true)).report
        #expect(all.findings.map(\.line) == [4])
    }

    /// A project-wide answer (names some Python file adds to builtins) follows the staged tree
    /// too: it is kept by HEAD and blob, and recomputed for the changed files only.
    @Test func namesInjectedIntoBuiltinsFollowTheStagedTree() throws {
        let repo = try GitFixture()
        try repo.write("setup_i18n.py", "import builtins\nbuiltins._t = str\n")
        try repo.write("app.py", "x = 1\n")
        try repo.commitAll()
        try repo.write("app.py", "x = 1\nprint(_t('hi'))\n")
        try repo.git("add", "app.py")
        let engine = Self.engine()
        #expect(try Self.summary(repo, engine: engine) == [])

        try repo.git("rm", "-q", "--cached", "setup_i18n.py")  // staged deletion; the file stays on disk
        #expect(try Self.summary(repo, engine: engine) == ["app.py:2 undefined-name high"])
    }

    /// The commit-msg hook asks about the index pre-commit just judged: nothing runs again. A
    /// re-staged file runs again, and so do the files whose pass read it; the others are reused.
    @Test func findingsAreReusedWhileWhatTheyReadIsUnchanged() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "async def fetch():\n    return 1\n")
        try repo.write("other.py", "def helper():\n    return 2\n")
        try repo.commitAll()
        try repo.write("b.py", "from a import fetch\n\ndef main():\n    fetch()\n")
        try repo.write("c.py", "from other import helper\n\ndef run():\n    return helper()\n")
        try repo.git("add", "b.py", "c.py")
        let engine = Self.engine()
        _ = try engine.evaluate(CommitRequest(cwd: repo.root))
        #expect(engine.projectPassStatistics == ProjectPassStatistics(reused: 0, computed: 2))

        _ = try engine.evaluate(CommitRequest(cwd: repo.root))
        #expect(engine.projectPassStatistics == ProjectPassStatistics(reused: 2, computed: 2))

        try repo.write("c.py", "from other import helper\n\ndef run():\n    return helper() + 1\n")
        try repo.git("add", "c.py")
        _ = try engine.evaluate(CommitRequest(cwd: repo.root))
        #expect(engine.projectPassStatistics == ProjectPassStatistics(reused: 3, computed: 3), "b.py never read c.py")

        try repo.write("a.py", "def fetch():\n    return 1\n")
        try repo.git("add", "a.py")
        let report = try engine.evaluate(CommitRequest(cwd: repo.root)).report
        #expect(report.findings.isEmpty)
        #expect(engine.projectPassStatistics == ProjectPassStatistics(reused: 4, computed: 5), "b.py read a.py; a.py is new")
    }

    /// Installed packages are not committed: the pass reads them from disk, and installing one
    /// makes the next request (even on the same index) run the pass again.
    @Test func installedPackagesAreReadFromDiskAndInstallingOneInvalidates() throws {
        let repo = try GitFixture()
        try repo.write(".gitignore", ".venv/\n")
        try repo.write("app.py", "x = 1\n")
        try repo.commitAll()
        try repo.write("app.py", "from helpers import *\n\nprint(make_thing())\n")
        try repo.git("add", "app.py")
        let engine = Self.engine()
        #expect(try Self.summary(repo, engine: engine) == [], "helpers cannot be resolved: what the star brings is unknown")

        let site = ".venv/lib/python3.11/site-packages"
        try repo.write(".venv/pyvenv.cfg", "home = /usr/bin\n")
        try repo.write(site + "/helpers/__init__.py", "def make_other():\n    return 1\n")
        try repo.write(site + "/helpers-1.0.dist-info/top_level.txt", "helpers\n")
        try repo.write(site + "/helpers-1.0.dist-info/METADATA", "Name: helpers\nVersion: 1.0\n")
        #expect(try Self.summary(repo, engine: engine) == ["app.py:3 undefined-name high"])
    }

    @Test func aRepositoryOnlyTheCLICanReadGetsTheProjectPassToo() throws {
        let repo = try GitFixture(objectFormat: "sha256")
        try repo.write("a.py", "async def fetch():\n    return 1\n")
        try repo.commitAll()
        try repo.write("b.py", "from a import fetch\n\ndef main():\n    fetch()\n")
        try repo.git("add", "b.py")
        let engine = Self.engine()
        #expect(try Self.summary(repo, engine: engine) == ["b.py:4 coroutine-never-awaited high"])
        try repo.write("a.py", "def fetch():\n    return 1\n")
        try repo.git("add", "a.py")
        #expect(try Self.summary(repo, engine: engine) == [])
    }

    /// A file's role comes from its path in the repository: a checkout kept under a folder named
    /// `tests` or `e2e` does not make every file a test (which would soften its findings).
    @Test func foldersAboveTheRepositoryDoNotMakeItsFilesTests() throws {
        let repo = try GitFixture(name: "e2e/repo")
        try repo.write("package.json", #"{ "name": "app", "dependencies": { "left-pad": "1.3.0" } }"# + "\n")
        try repo.write(".gitignore", "node_modules\n")
        try repo.write("node_modules/left-pad/package.json", #"{ "name": "left-pad", "version": "1.3.0" }"# + "\n")
        try repo.commitAll()
        try repo.write("app.js", "import pad from 'left-pad';\nimport router from 'expressify-fast-router';\nexport default [pad, router];\n")
        try repo.git("add", "app.js")
        #expect(try Self.summary(repo, engine: Self.engine()) == ["app.js:2 unknown-package high"])
    }

    /// What views derive from the staged tree is shared across requests (a parsed package.json,
    /// a walk of the package root): re-staging the manifest, staging a `.d.ts` that declares the
    /// module, or a new commit must each be seen by the next request on the same engine.
    @Test func manifestsAndDeclarationsSharedAcrossRequestsFollowTheStagedTree() throws {
        let repo = try GitFixture()
        try repo.write("package.json", #"{ "name": "app", "dependencies": { "left-pad": "1.3.0" } }"# + "\n")
        try repo.write(".gitignore", "node_modules\n")
        try repo.write("node_modules/left-pad/package.json", #"{ "name": "left-pad", "version": "1.3.0" }"# + "\n")
        try repo.write("src/types/ambient.d.ts", "declare const VERSION: string;\n")
        try repo.commitAll()
        try repo.write("src/app.js", "import pad from 'left-pad';\nimport router from 'expressify-fast-router';\nexport default [pad, router];\n")
        try repo.git("add", "src/app.js")
        let engine = Self.engine()
        #expect(try Self.summary(repo, engine: engine) == ["src/app.js:2 unknown-package high"])

        // Another file judged on the next request reads the shared manifest; still undeclared.
        try repo.write("src/other.js", "import router from 'expressify-fast-router';\nexport default router;\n")
        try repo.git("add", "src/other.js")
        #expect(try Self.summary(repo, engine: engine) == ["src/app.js:2 unknown-package high", "src/other.js:1 unknown-package high"])

        // A module declared by a staged `.d.ts` deep in the tree is local to the project.
        try repo.write("src/types/router.d.ts", "declare module 'expressify-fast-router' {\n  const router: unknown;\n  export default router;\n}\n")
        try repo.git("add", "src/types/router.d.ts")
        #expect(try Self.summary(repo, engine: engine) == [])

        try repo.git("rm", "-q", "--cached", "src/types/router.d.ts")
        #expect(try Self.summary(repo, engine: engine) == ["src/app.js:2 unknown-package high", "src/other.js:1 unknown-package high"])

        // Declared in the re-staged manifest: known to the project (not installed: medium at most).
        try repo.write("package.json", #"{ "name": "app", "dependencies": { "left-pad": "1.3.0", "expressify-fast-router": "1.0.0" } }"# + "\n")
        try repo.git("add", "package.json")
        #expect(try Self.summary(repo, engine: engine).allSatisfy { !$0.hasSuffix("unknown-package high") })

        // Committed: a new HEAD; the dependency is removed again in the index.
        try repo.git("commit", "-q", "-m", "declare the router")
        try repo.write("package.json", #"{ "name": "app", "dependencies": { "left-pad": "1.3.0" } }"# + "\n")
        try repo.git("add", "package.json")
        try repo.write("src/third.js", "import router from 'expressify-fast-router';\nexport default router;\n")
        try repo.git("add", "src/third.js")
        #expect(try Self.summary(repo, engine: engine) == ["src/third.js:1 unknown-package high"])
    }

    /// Installing a package into `node_modules` makes the next request on the same index prove
    /// the import (the install stamp is part of every reused finding and derivation).
    @Test func installingIntoNodeModulesMakesTheNextRequestSeeThePackage() throws {
        let repo = try GitFixture()
        try repo.write("package.json", #"{ "name": "app", "dependencies": { "left-pad": "1.3.0" } }"# + "\n")
        try repo.write(".gitignore", "node_modules\n")
        try repo.write("node_modules/.package-lock.json", "{}\n")
        try repo.write("node_modules/left-pad/package.json", #"{ "name": "left-pad", "version": "1.3.0" }"# + "\n")
        try repo.commitAll()
        try repo.write("app.js", "import pad from 'left-pad';\nimport { parse } from 'tiny-parsekit';\nexport default [pad, parse];\n")
        try repo.git("add", "app.js")
        let engine = Self.engine()
        #expect(try Self.summary(repo, engine: engine) == ["app.js:2 unknown-package high"])

        try repo.write("node_modules/tiny-parsekit/package.json", #"{ "name": "tiny-parsekit", "version": "1.0.0", "main": "index.js" }"# + "\n")
        try repo.write("node_modules/tiny-parsekit/index.js", "export function parse(text) {\n  return text;\n}\n")
        try repo.write("node_modules/.package-lock.json", #"{ "packages": { "node_modules/tiny-parsekit": {} } }"# + "\n")
        let after = try Self.summary(repo, engine: engine)
        #expect(!after.contains("app.js:2 unknown-package high"), "installed now (undeclared is another rule's business)")
    }

    /// Python files read Python's manifests only: re-staging package.json reuses their findings,
    /// and re-staging pyproject.toml to declare the package changes them.
    @Test func eachLanguageDependsOnItsOwnManifests() throws {
        let repo = try GitFixture()
        try repo.write(".gitignore", ".venv/\n")
        try repo.write("package.json", #"{ "name": "app", "dependencies": {} }"# + "\n")
        try repo.write("pyproject.toml", "[project]\nname = \"app\"\ndependencies = []\n")
        try repo.write(".venv/pyvenv.cfg", "home = /usr/bin\n")
        try repo.write(".venv/lib/python3.11/site-packages/.keep", "")
        try repo.commitAll()
        try repo.write("app.py", "import fastjsonx_turbo\n\nprint(fastjsonx_turbo.loads('1'))\n")
        try repo.git("add", "app.py")
        let engine = Self.engine()
        #expect(try Self.summary(repo, engine: engine) == ["app.py:1 unknown-package high"])
        #expect(engine.projectPassStatistics == ProjectPassStatistics(reused: 0, computed: 1))

        try repo.write("package.json", #"{ "name": "app", "description": "edited", "dependencies": {} }"# + "\n")
        try repo.git("add", "package.json")
        #expect(try Self.summary(repo, engine: engine) == ["app.py:1 unknown-package high"])
        #expect(engine.projectPassStatistics == ProjectPassStatistics(reused: 1, computed: 1), "app.py never read package.json")

        try repo.write("pyproject.toml", "[project]\nname = \"app\"\ndependencies = [\"fastjsonx-turbo>=1\"]\n")
        try repo.git("add", "pyproject.toml")
        #expect(try Self.summary(repo, engine: engine).allSatisfy { !$0.hasSuffix("unknown-package high") })
        #expect(engine.projectPassStatistics == ProjectPassStatistics(reused: 1, computed: 2))
    }

    /// A relative import of a file that is on disk but not staged (generated, or not added yet) is
    /// not proven missing; the project pass asked the disk through the view's files, so when that
    /// file goes (the index unchanged) the reused result is not stale: the import is now missing.
    @Test func aResultThatReliedOnAnUnstagedFileOnDiskIsNotReusedOnceTheFileIsGone() throws {
        let repo = try GitFixture()
        try repo.write("pkg/__init__.py", "")
        try repo.commitAll()
        try repo.write("pkg/gen.py", "VALUE = 1\n")  // on disk, never staged
        try repo.write("pkg/b.py", "from .gen import VALUE\n\nprint(VALUE)\n")
        try repo.write("web/gen.js", "export const value = 1;\n")
        try repo.write("web/app.js", "import { value } from './gen.js';\n\nconsole.log(value);\n")
        try repo.git("add", "pkg/b.py", "web/app.js")
        let engine = Self.engine()
        #expect(try Self.summary(repo, engine: engine) == [])
        #expect(engine.projectPassStatistics == ProjectPassStatistics(reused: 0, computed: 2))

        try FileManager.default.removeItem(atPath: repo.root + "/pkg/gen.py")
        try FileManager.default.removeItem(atPath: repo.root + "/web/gen.js")
        #expect(try Self.summary(repo, engine: engine)
            == ["pkg/b.py:1 unresolved-relative-import high", "web/app.js:1 unresolved-relative-import high"])

        // Unchanged disk and index: reused.
        #expect(try Self.summary(repo, engine: engine)
            == ["pkg/b.py:1 unresolved-relative-import high", "web/app.js:1 unresolved-relative-import high"])
        #expect(engine.projectPassStatistics == ProjectPassStatistics(reused: 2, computed: 4))

        try repo.write("pkg/gen.py", "VALUE = 1\n")
        #expect(try Self.summary(repo, engine: engine) == ["web/app.js:1 unresolved-relative-import high"])
    }
}
