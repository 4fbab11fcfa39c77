import Foundation
import Testing

/// `drift-hook install` and `uninstall` against existing hooks, core.hooksPath and repeats.
@Suite struct InstallTests {
    static let existingHook = "#!/bin/sh\n# the team's own hook\necho ran >> \"$(git rev-parse --git-dir)/existing-hook-ran\"\n"

    static func attributes(_ path: String) throws -> (Data, Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int
        return (data, mode)
    }

    @Test func theEmbeddedShimsAreTheCommittedOnes() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        for hook in ["pre-commit", "commit-msg"] {
            let embedded = try sandbox.run([Sandbox.driftHook, "shim", hook], in: sandbox.root).output
            let committed = try String(contentsOfFile: Sandbox.packageRoot + "/hooks/" + hook, encoding: .utf8)
            #expect(embedded == committed, "run Scripts/embed-hooks.sh after editing hooks/\(hook)")
        }
    }

    @Test func installTwiceWithAnExistingHookThenUninstallRestoresItByteForByte() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository(install: false)
        let hook = repo + "/.git/hooks/pre-commit"
        try Self.existingHook.write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o750)
        let original = try Self.attributes(hook)

        let first = try sandbox.run([Sandbox.driftHook, "install"], in: repo)
        #expect(first.status == 0, "\(first)")
        #expect(first.output.contains("kept the existing pre-commit; it runs before Drift"))
        let shim = try String(contentsOfFile: hook, encoding: .utf8)
        let second = try sandbox.run([Sandbox.driftHook, "install"], in: repo)
        #expect(second.status == 0, "\(second)")
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == shim)
        #expect(try Self.attributes(hook + ".drift-previous") == original)

        // Both run: the team's hook first, then Drift.
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(FileManager.default.fileExists(atPath: repo + "/.git/existing-hook-ran"))

        let uninstall = try sandbox.run([Sandbox.driftHook, "uninstall"], in: repo)
        #expect(uninstall.status == 0, "\(uninstall)")
        #expect(try Self.attributes(hook) == original)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/hooks/commit-msg"))
        #expect(!FileManager.default.fileExists(atPath: hook + ".drift-previous"))
    }

    @Test func forceKeepsTheExistingHookButDoesNotRunIt() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository(install: false)
        let hook = repo + "/.git/hooks/pre-commit"
        try Self.existingHook.write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o755)
        let install = try sandbox.run([Sandbox.driftHook, "install", "--force"], in: repo)
        #expect(install.status == 0, "\(install)")
        try sandbox.stage(Snippet.clean, at: "app.py", in: repo, adding: ".")
        #expect(try sandbox.git("commit", "-m", "Add app", in: repo).status == 0)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/existing-hook-ran"))
        _ = try sandbox.run([Sandbox.driftHook, "uninstall"], in: repo)
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == Self.existingHook)
    }

    @Test func coreHooksPathIsRespected() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository(install: false)
        try sandbox.git("config", "core.hooksPath", ".githooks", in: repo, allowFailure: false)
        try FileManager.default.createDirectory(atPath: repo + "/.githooks", withIntermediateDirectories: true)
        let hook = repo + "/.githooks/commit-msg"
        try "#!/bin/sh\nexit 0\n".write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o755)
        let original = try Self.attributes(hook)
        try FileManager.default.createDirectory(atPath: repo + "/src", withIntermediateDirectories: true)
        let install = try sandbox.run([Sandbox.driftHook, "install"], in: repo + "/src")
        #expect(install.status == 0, "\(install)")
        #expect(install.output.contains(repo + "/.githooks"))
        #expect(FileManager.default.fileExists(atPath: repo + "/.githooks/pre-commit"))
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/hooks/pre-commit"))
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo)
        #expect(try sandbox.git("commit", "-m", "Add handler", in: repo).status == 1)
        let uninstall = try sandbox.run([Sandbox.driftHook, "uninstall"], in: repo)
        #expect(uninstall.status == 0, "\(uninstall)")
        #expect(try Self.attributes(hook) == original)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.githooks/pre-commit"))
    }

    @Test func shimsFallBackToPathAndThenLetTheCommitThrough() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository(install: false)
        // Install from a copy, then delete the copy: the shim must find drift-hook in PATH.
        let copy = sandbox.root + "/copy/drift-hook"
        try FileManager.default.createDirectory(atPath: sandbox.root + "/copy", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Sandbox.driftHook, toPath: copy)
        #expect(try sandbox.run([copy, "install"], in: repo).status == 0)
        try FileManager.default.removeItem(atPath: copy)
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        #expect(try sandbox.git("commit", "-m", "Add handler", in: repo).status == 1)
        // Neither there nor in PATH: one line, and the commit goes through.
        let noDrift = try sandbox.git("commit", "-m", "Add handler", in: repo, environment: ["PATH": "/usr/bin:/bin"])
        #expect(noDrift.status == 0, "\(noDrift)")
        #expect(noDrift.error.contains("drift: analysis skipped — drift-hook not found"))
    }

    @Test func aDriftHookPathWithSpacesAndQuotesIsRecordedSafely() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository(install: false)
        let folder = sandbox.root + "/it's a \"tools\" $dir"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for binary in ["drift-hook", "driftd"] {
            try FileManager.default.copyItem(atPath: Sandbox.binDirectory + "/" + binary, toPath: folder + "/" + binary)
        }
        #expect(try sandbox.run([folder + "/drift-hook", "install"], in: repo).status == 0)
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        // PATH without the build folder: only the recorded path can find drift-hook.
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo, environment: ["PATH": "/usr/bin:/bin"])
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("handler.py:2:5"))
    }

    @Test func installOutsideARepositoryFailsWithOneLine() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let result = try sandbox.run([Sandbox.driftHook, "install"], in: sandbox.root)
        #expect(result.status == 1)
        #expect(result.error == "drift-hook: not a git repository (or any parent up to /)\n")
    }
}
