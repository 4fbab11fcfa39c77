import Foundation
import Testing

/// `install.sh`'s options that do not build anything (a build takes minutes; CI runs the real one
/// through `./test.sh`'s `--deps-only`).
@Suite struct InstallScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("install.sh").path

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    @Test func helpListsTheOptions() throws {
        let help = try run(["--help"])
        #expect(help.status == 0)
        for option in ["--prefix DIR", "--uninstall", "--deps-only", "--help"] {
            #expect(help.stdout.contains(option))
        }
    }

    @Test func unknownOptionsAndAMissingPrefixAreOneLineErrors() throws {
        let unknown = try run(["--bogus"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("install.sh: unknown option '--bogus'"))
        let prefix = try run(["--prefix"])
        #expect(prefix.status == 1)
        #expect(prefix.stderr.contains("install.sh: --prefix needs a folder"))
    }

    @Test func uninstallRemovesOnlyDriftsBinariesAndSaysSo() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("drift-install-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        for name in ["drift", "drift-hook", "driftd", "other-tool"] {
            FileManager.default.createFile(atPath: prefix + "/bin/" + name, contents: Data("x".utf8))
        }
        let first = try run(["--uninstall", "--prefix", prefix])
        #expect(first.status == 0)
        #expect(first.stdout.contains("removed \(prefix)/bin/drift-hook"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: prefix + "/bin") == ["other-tool"])
        let again = try run(["--uninstall", "--prefix=\(prefix)"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("nothing to remove in \(prefix)/bin"))
    }
}
