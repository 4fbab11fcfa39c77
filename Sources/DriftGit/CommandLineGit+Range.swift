import Foundation

/// Range scans where libgit2 cannot open the repository (SHA-256 object format): the same answers
/// from `git diff`, `git ls-tree`, `git blame --porcelain` and `git log`.
extension GitRepository {
    func commandLineSnapshot(of range: CommitRange, lookingUp: [String], lineNumbers: Bool) throws -> StagedSnapshot {
        // The empty tree in this repository's hash: `--all` and ranges from before the first commit.
        let from = try range.base ?? String(decoding: try git.checked(["hash-object", "-t", "tree", "/dev/null"]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let common = ["diff", "-M", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", from, range.head]
        var entries = CommandLineGit.parseRaw(try git.checked(common + ["--raw", "-z", "--no-abbrev"]))
        let added = lineNumbers
            ? CommandLineGit.parseAddedLines(try git.checked(
                common + ["-p", "-U0", "--src-prefix=a/", "--dst-prefix=b/", "--inter-hunk-context=0"]))
            : [:]
        let sizes = try commandLineSizes(of: entries)
        for index in entries.indices {
            if let id = entries[index].newBlobID { entries[index].size = sizes[id] ?? 0 }
            if entries[index].status != .deleted, lineNumbers {
                entries[index].addedLines = AddedLines(lines: added[entries[index].path] ?? [])
            }
        }
        var lookedUp: [String: String] = [:]
        if !lookingUp.isEmpty {
            // `mode type id\tpath\0`
            for record in try git.checked(["ls-tree", "-z", "--full-tree", range.head, "--"] + lookingUp).split(separator: 0) {
                guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { continue }
                let fields = String(decoding: record[record.startIndex..<tab], as: UTF8.self).split(separator: " ")
                let path = String(decoding: record[(tab + 1)...], as: UTF8.self)
                if fields.count == 3, fields[1] == "blob", lookingUp.contains(path) { lookedUp[path] = String(fields[2]) }
            }
        }
        var snapshot = StagedSnapshot(head: range.base, changes: entries, lookedUp: lookedUp, indexPath: "", source: .commandLine)
        if let commandLineReason { snapshot.notes.append(commandLineReason) }
        return snapshot
    }

    func commandLineCommitInfo(_ id: String) throws -> CommitInfo {
        let out = try git.checked(["log", "-1", "--no-show-signature", "--format=%P%x00%an%x00%ae%x00%at%x00%aI%x00%B", id])
        let fields = out.split(separator: 0, maxSplits: 5, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count == 6 else { throw GitError("cannot read commit \(id)") }
        // `%aI` ends with the author's offset: `+02:00`, `-05:30` or `Z`.
        let iso = fields[4]
        var offset = 0
        if let sign = iso.suffix(6).first, sign == "+" || sign == "-" {
            let parts = iso.suffix(5).split(separator: ":").compactMap { Int($0) }
            if parts.count == 2 { offset = (parts[0] * 60 + parts[1]) * (sign == "-" ? -1 : 1) }
        }
        var message = fields[5]
        // `%B` is followed by the newline git puts after every formatted commit.
        if message.hasSuffix("\n") { message.removeLast() }
        return CommitInfo(
            id: id, parents: fields[0].split(separator: " ").map(String.init), authorName: fields[1], authorEmail: fields[2],
            authorTime: Int64(fields[3]) ?? 0, authorOffsetMinutes: offset, message: message)
    }

    /// `git blame --porcelain`: a header `<commit> <original line> <final line> [<count>]` per line.
    func commandLineLastChanges(of path: String, lines: [Int], at head: String) throws -> [Int: String] {
        let out = try git.checked(["blame", "--porcelain", head, "--", path])
        var byLine: [Int: String] = [:]
        for line in String(decoding: out, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("\t") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, fields[0].count >= 40, fields[0].allSatisfy(\.isHexDigit),
                  let final = Int(fields[2]) else { continue }
            byLine[final] = String(fields[0])
        }
        return byLine.filter { lines.contains($0.key) }
    }
}
