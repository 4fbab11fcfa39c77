import Foundation
import Testing

/// `drift scan --format sarif` checked against the SARIF 2.1.0 JSON schema (vendored under
/// Tests/Fixtures/sarif) by the `jsonschema` package.
@Suite struct SARIFSchemaTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sarif")

    static func validate(_ files: [URL]) throws -> PythonTools.Run {
        try PythonTools.run(try PythonTools.python.get(), [fixtures.appendingPathComponent("validate.py").path] + files.map(\.path))
    }

    @Test func rangeScanOutputIsValidSARIF() throws {
        let repo = try HistoryRepository()
        let ids = try repo.threeCommitRange()
        // An inline suppression and a path that needs percent-encoding, so every part is exercised.
        try repo.write("my dir/ignored #1.py", "TOKEN = \"YOUR_API_KEY\"  # drift-ignore: placeholder-credential — sample config\nclient.get(url, verify=False)\n")
        try repo.commit("more")
        let file = repo.root.deletingLastPathComponent().appendingPathComponent("scan.sarif")
        let scan = try repo.drift(["scan", "--range", "\(ids.base)..HEAD", "--format", "sarif", "-o", file.path])
        #expect(scan.status == 1, "\(scan.stderr)")
        let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        #expect(text.contains("\"uri\": \"my%20dir/ignored%20%231.py\""))
        #expect(text.contains("\"kind\": \"inSource\""))
        #expect(text.contains("\"justification\": \"sample config\""))
        #expect(text.contains("\"kind\": \"external\""))

        let result = try Self.validate([file])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func emptyAndWholeTreeScansAreValidSARIF() throws {
        let repo = try HistoryRepository()
        try repo.write("a.py", "x = 1\n")
        try repo.commit("clean")
        let clean = repo.root.deletingLastPathComponent().appendingPathComponent("clean.sarif")
        #expect(try repo.drift(["scan", "--all", "--format", "sarif", "-o", clean.path]).status == 0)
        let result = try Self.validate([clean])
        #expect(result.status == 0, "\(result.output)")
    }

    /// The validator itself must be able to fail, or a passing test proves nothing.
    @Test func theValidatorRejectsBrokenSARIF() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("drift-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.sarif")
        try #"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "r", "level": "severe", "message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}]}]}]}"#
            .write(to: broken, atomically: true, encoding: .utf8)
        let result = try Self.validate([broken])
        #expect(result.status == 1)
        #expect(result.output.contains("'severe' is not one of"))
        #expect(result.output.contains("0 is less than the minimum of 1"))
    }
}
