import DriftCore
import DriftEngine
import DriftKnowledge
import Foundation
import Testing

/// `drift check` reads the project from disk through one view: each question is asked of the disk
/// once and its answer kept for that view (per folder, not per file), while a new view reads afresh.
@Suite struct ProjectKnowledgeDiskTests {
    static func tree() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("drift-view-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/src/deep", withIntermediateDirectories: true)
        try #"{ "name": "app" }"#.write(toFile: root + "/package.json", atomically: true, encoding: .utf8)
        try "export const b = 1;\n".write(toFile: root + "/src/b.js", atomically: true, encoding: .utf8)
        return root
    }

    @Test func aViewKeepsWhatItReadFromDiskAndANewViewReadsAfresh() throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let view = ProjectKnowledge()
        #expect(view.files.isFile(root + "/src/b.js"))
        #expect(view.files.names(in: root + "/src") == ["b.js", "deep"] || view.files.names(in: root + "/src") == ["deep", "b.js"])
        #expect(view.projectImport("./b", level: 0, from: root + "/src/a.js") == .found(root + "/src/b"))
        try FileManager.default.removeItem(atPath: root + "/src/b.js")
        #expect(view.files.isFile(root + "/src/b.js"))
        #expect(view.projectImport("./b", level: 0, from: root + "/src/other.js") == .found(root + "/src/b"))
        let fresh = ProjectKnowledge()
        #expect(!fresh.files.isFile(root + "/src/b.js"))
        #expect(fresh.files.contents(root + "/src/b.js", limit: 1 << 20) == nil)
        guard case .missing = fresh.projectImport("./b", level: 0, from: root + "/src/a.js") else {
            Issue.record("a new view should see that ./b is gone")
            return
        }
    }

    @Test func answersKeptPerFolderStillNameTheImportersFolder() throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let view = ProjectKnowledge()
        let near = view.projectImport("./gone", level: 0, from: root + "/src/a.js")
        #expect(view.projectImport("./gone", level: 0, from: root + "/src/c.js") == near)
        #expect(Self.reason(near) == "no file `gone.*` or folder `gone/` in `.`")
        #expect(Self.reason(view.projectImport("../gone", level: 0, from: root + "/src/deep/d.js")) == "no file `gone.*` or folder `gone/` in `..`")
        #expect(view.projectImport("./b", level: 0, from: root + "/src/a.js") == .found(root + "/src/b"))
        #expect(Self.reason(view.projectImport("./b", level: 0, from: root + "/src/deep/d.js")) == "no file `b.*` or folder `b/` in `.`")
    }

    static func reason(_ target: ProjectImportTarget) -> String? {
        guard case .missing(let reason, _) = target else { return nil }
        return reason
    }
}
