import Foundation

extension GitRepository {
    /// The same snapshot as the libgit2 path, from `git diff --cached` (raw for ids and modes,
    /// `-U0` patch for added lines) and `git cat-file --batch-check` for sizes.
    func commandLineSnapshot(indexPath: String, head: String?, lookingUp: [String]) throws -> StagedSnapshot {
        // Flags that pin down output which user configuration could otherwise change.
        let common = ["diff", "--cached", "-M", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative"]
        let raw = try git.checked(common + ["--raw", "-z", "--no-abbrev"], indexPath: indexPath)
        let patch = try git.checked(
            common + ["-p", "-U0", "--src-prefix=a/", "--dst-prefix=b/", "--inter-hunk-context=0"], indexPath: indexPath)
        var entries = CommandLineGit.parseRaw(raw)
        let added = CommandLineGit.parseAddedLines(patch)

        let sizes = try commandLineSizes(of: entries)
        for index in entries.indices {
            if let id = entries[index].newBlobID { entries[index].size = sizes[id] ?? 0 }
            if entries[index].status != .deleted {
                entries[index].addedLines = AddedLines(lines: added[entries[index].path] ?? [])
            }
        }

        var lookedUp: [String: String] = [:]
        if !lookingUp.isEmpty {
            let out = try git.checked(["ls-files", "-s", "-z", "--"] + lookingUp.map { ":(top,literal)" + $0 }, indexPath: indexPath)
            for entry in CommandLineGit.parseStageListing(out) where lookingUp.contains(entry.path) {
                lookedUp[entry.path] = entry.blobID
            }
        }
        return StagedSnapshot(head: head, changes: entries, lookedUp: lookedUp, indexPath: indexPath, source: .commandLine)
    }

    /// The sizes of the changes' new blobs (submodules have none), from one `git cat-file --batch-check`.
    func commandLineSizes(of changes: [StagedChange]) throws -> [String: Int] {
        let sized = changes.compactMap { change in change.mode == 0o160000 ? nil : change.newBlobID }
        var sizes: [String: Int] = [:]
        guard !sized.isEmpty else { return sizes }
        let input = Array((Array(Set(sized)).joined(separator: "\n") + "\n").utf8)
        let out = try git.checked(["cat-file", "--batch-check"], input: input)
        for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 3, let size = Int(fields[2]) { sizes[String(fields[0])] = size }
        }
        return sizes
    }
}

extension CommandLineGit {
    /// Parses `git diff --raw -z --no-abbrev`: `:oldmode newmode oldid newid status\0path\0[path\0]`.
    static func parseRaw(_ bytes: [UInt8]) -> [StagedChange] {
        var fields = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if fields.last == "" { fields.removeLast() }
        var changes: [StagedChange] = []
        var position = 0
        while position < fields.count {
            let header = fields[position]
            position += 1
            guard header.hasPrefix(":") else { continue }
            let parts = header.dropFirst().split(separator: " ")
            guard parts.count >= 5, position < fields.count else { break }
            let oldMode = UInt32(parts[0], radix: 8) ?? 0
            let newMode = UInt32(parts[1], radix: 8) ?? 0
            let oldID = parts[2].allSatisfy { $0 == "0" } ? nil : String(parts[2])
            let newID = parts[3].allSatisfy { $0 == "0" } ? nil : String(parts[3])
            let letter = parts[4].first ?? "M"
            var path = fields[position]
            position += 1
            var oldPath: String? = path
            if letter == "R" || letter == "C", position < fields.count {
                oldPath = path
                path = fields[position]
                position += 1
            }
            let status: StagedChange.Status
            switch letter {
            case "A": status = .added; oldPath = nil
            case "D": status = .deleted
            case "R": status = .renamed
            case "C": status = .copied
            case "T": status = .typeChange
            default: status = .modified
            }
            changes.append(StagedChange(
                path: path, oldPath: oldPath, status: status,
                newBlobID: status == .deleted ? nil : newID, oldBlobID: status == .added ? nil : oldID,
                mode: status == .deleted ? oldMode : newMode, size: 0, addedLines: AddedLines()))
        }
        return changes
    }

    /// Added line numbers per new path from a `-U0` patch: with no context, a hunk's new side
    /// `+start,count` is exactly the added lines.
    static func parseAddedLines(_ bytes: [UInt8]) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        var current: String?
        var inHeader = false
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if rawLine.starts(with: Array("diff --git ".utf8)) {
                current = nil
                inHeader = true
                continue
            }
            if inHeader, rawLine.starts(with: Array("+++ ".utf8)) {
                var field = String(decoding: rawLine.dropFirst(4), as: UTF8.self)
                // git ends the name with a tab when it contains a space, so patch(1) can tell where it stops.
                if field.hasSuffix("\t") { field.removeLast() }
                let name = unquote(field)
                current = name.hasPrefix("b/") ? String(name.dropFirst(2)) : nil  // nil for /dev/null
                continue
            }
            guard rawLine.starts(with: Array("@@ ".utf8)) else { continue }
            inHeader = false
            guard let path = current else { continue }
            // "@@ -a[,b] +c[,d] @@"
            let text = String(decoding: rawLine, as: UTF8.self)
            guard let plus = text.split(separator: " ").first(where: { $0.hasPrefix("+") }) else { continue }
            let numbers = plus.dropFirst().split(separator: ",")
            guard let start = numbers.first.flatMap({ Int($0) }) else { continue }
            let count = numbers.count > 1 ? Int(numbers[1]) ?? 1 : 1
            if count > 0 { result[path, default: []].append(contentsOf: start..<(start + count)) }
        }
        return result
    }

    /// Undoes git's C-style quoting of unusual path names (`"b/tab\there"`, octal escapes for
    /// bytes outside ASCII).
    static func unquote(_ name: String) -> String {
        guard name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 else { return name }
        let body = Array(name.utf8.dropFirst().dropLast())
        var bytes: [UInt8] = []
        var index = 0
        while index < body.count {
            let byte = body[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < body.count else {
                bytes.append(byte)
                index += 1
                continue
            }
            let next = body[index + 1]
            switch next {
            case UInt8(ascii: "n"): bytes.append(10); index += 2
            case UInt8(ascii: "t"): bytes.append(9); index += 2
            case UInt8(ascii: "r"): bytes.append(13); index += 2
            case UInt8(ascii: "a"): bytes.append(7); index += 2
            case UInt8(ascii: "b"): bytes.append(8); index += 2
            case UInt8(ascii: "f"): bytes.append(12); index += 2
            case UInt8(ascii: "v"): bytes.append(11); index += 2
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = 0
                var digits = 0
                while digits < 3, index + 1 + digits < body.count,
                      (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(body[index + 1 + digits]) {
                    value = value * 8 + Int(body[index + 1 + digits] - UInt8(ascii: "0"))
                    digits += 1
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
                index += 1 + digits
            default: bytes.append(next); index += 2
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `git ls-files -s -z`: `mode id stage\tpath\0`, keeping stage 0.
    static func parseStageListing(_ bytes: [UInt8]) -> [StagedEntry] {
        bytes.split(separator: 0).compactMap { record in
            guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { return nil }
            let fields = String(decoding: record[record.startIndex..<tab], as: UTF8.self).split(separator: " ")
            guard fields.count == 3, fields[2] == "0", let mode = UInt32(fields[0], radix: 8) else { return nil }
            return StagedEntry(path: String(decoding: record[(tab + 1)...], as: UTF8.self), blobID: String(fields[1]), mode: mode)
        }
    }

    /// Parses `git cat-file --batch`: `id type size\n<bytes>\n`, or `id missing\n`.
    static func parseBatch(_ bytes: [UInt8]) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        var position = 0
        while position < bytes.count {
            guard let newline = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: bytes[position..<newline], as: UTF8.self).split(separator: " ")
            position = newline + 1
            guard header.count == 3, let size = Int(header[2]) else { continue }
            let end = min(bytes.count, position + size)
            if header[1] == "blob" { result[String(header[0])] = Array(bytes[position..<end]) }
            position = end + 1  // the newline after the contents
        }
        return result
    }
}
