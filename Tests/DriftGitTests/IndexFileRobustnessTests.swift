@testable import DriftGit
import DriftTestSupport
import Foundation
import Testing

/// The index reader runs on files git may be rewriting and on whatever a tool left behind: any
/// truncation or corruption must end in a parsed index or `Unsupported`, never a crash.
@Suite struct IndexFileRobustnessTests {
    static func sampleIndex(version: Int) throws -> [UInt8] {
        let repo = try GitFixture()
        for index in 0..<12 { try repo.write("d\(index % 3)/sub/f\(index).py", "x = \(index)\n") }
        try repo.commitAll()
        try repo.write("d1/sub/new.py", "n = 1\n")
        try repo.git("add", "-A")
        try repo.git("update-index", "--index-version", "\(version)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: try repo.gitDirectory() + "/index")))
    }

    static func parse(_ bytes: [UInt8]) -> Bool {
        do {
            let file = try IndexFile(copying: bytes)
            for position in file.entries.indices { _ = (file.path(position).count, file.id(position).count) }
            return true
        } catch {
            return false
        }
    }

    @Test(arguments: [2, 3, 4])
    func truncatedAndCorruptedIndexesNeverCrash(version: Int) throws {
        let original = try Self.sampleIndex(version: version)
        #expect(Self.parse(original))
        for length in 0..<original.count { _ = Self.parse(Array(original.prefix(length))) }
        for position in 0..<original.count {
            for value: UInt8 in [0x00, 0xFF, 0x2F, 0x80] {
                var corrupted = original
                corrupted[position] = value
                _ = Self.parse(corrupted)
            }
        }
    }

    @Test func splitAndSparseIndexesAreDeclined() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "a\n")
        try repo.write("dir/b.py", "b\n")
        try repo.commitAll()
        try repo.git("update-index", "--split-index")
        #expect(throws: IndexFile.Unsupported.self) { try IndexFile(path: try repo.gitDirectory() + "/index") }
    }
}
