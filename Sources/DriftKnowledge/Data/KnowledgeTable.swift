/// One generated data file, indexed but not parsed: namespaces (`@name<TAB>version<TAB>flags`
/// lines) map to the byte range of their member lines (`name<TAB>version<TAB>flags`), which are
/// scanned only when asked about. Building the index is one pass over the bytes that allocates a
/// string per namespace, not per member, so first use costs about a millisecond, not tens.
/// The format is written by `Scripts/knowledge_output.py`.
struct KnowledgeTable: Sendable {
    /// One `@` block: its header fields and where its member lines are.
    struct Namespace: Sendable {
        let name: String
        let version: String
        let flags: String
        fileprivate let bytes: [UInt8]
        fileprivate let body: Range<Int>

        /// The member line for `name`, if there is one.
        func member(_ name: String) -> Member? {
            let target = Array(name.utf8)
            var found: Member?
            forEachLine { start, nameEnd, end in
                guard nameEnd - start == target.count else { return true }
                var index = 0
                while index < target.count, bytes[start + index] == target[index] { index += 1 }
                guard index == target.count else { return true }
                found = Self.member(bytes, nameEnd, end)
                return false
            }
            return found
        }

        /// Member names in file order.
        var memberNames: [String] {
            var names: [String] = []
            forEachLine { start, nameEnd, _ in
                names.append(String(decoding: bytes[start..<nameEnd], as: UTF8.self))
                return true
            }
            return names
        }

        /// Every member with its fields, in file order.
        var members: [(name: String, member: Member)] {
            var result: [(String, Member)] = []
            forEachLine { start, nameEnd, end in
                result.append((String(decoding: bytes[start..<nameEnd], as: UTF8.self), Self.member(bytes, nameEnd, end)))
                return true
            }
            return result
        }

        /// Calls `body(lineStart, nameEnd, lineEnd)` for each member line until it returns false.
        private func forEachLine(_ visit: (Int, Int, Int) -> Bool) {
            var start = body.lowerBound
            while start < body.upperBound {
                var nameEnd = start
                while nameEnd < body.upperBound, bytes[nameEnd] != 0x09, bytes[nameEnd] != 0x0A { nameEnd += 1 }
                var end = nameEnd
                while end < body.upperBound, bytes[end] != 0x0A { end += 1 }
                if nameEnd > start, !visit(start, nameEnd, end) { return }
                start = end + 1
            }
        }

        private static func member(_ bytes: [UInt8], _ nameEnd: Int, _ end: Int) -> Member {
            let fields = KnowledgeTable.fields(bytes, nameEnd, end)
            return Member(version: fields.count > 1 ? fields[1] : "", flags: fields.count > 2 ? fields[2] : "")
        }
    }

    struct Member: Sendable, Equatable {
        var version: String
        var flags: String
    }

    private let bytes: [UInt8]
    private(set) var namespaces: [String: Namespace] = [:]
    /// Namespace names in file order.
    private(set) var names: [String] = []
    /// `#key<TAB>value` directive lines, such as the surveyed Node.js major version.
    private(set) var directives: [String: String] = [:]

    init(text: String) {
        bytes = Array(text.utf8)
        var header: (name: String, version: String, flags: String, bodyStart: Int)?
        var start = 0
        let count = bytes.count
        func close(at end: Int) {
            guard let open = header else { return }
            if namespaces[open.name] == nil { names.append(open.name) }
            namespaces[open.name] = Namespace(name: open.name, version: open.version, flags: open.flags, bytes: bytes,
                                              body: open.bodyStart..<max(open.bodyStart, end))
            header = nil
        }
        while start < count {
            var end = start
            while end < count, bytes[end] != 0x0A { end += 1 }
            let first = bytes[start]
            if first == UInt8(ascii: "@") || first == UInt8(ascii: "#") {
                close(at: start)
                let fields = Self.fields(bytes, start + 1, end)
                if first == UInt8(ascii: "@") {
                    header = (fields[0], fields.count > 1 ? fields[1] : "", fields.count > 2 ? fields[2] : "", end + 1)
                } else {
                    directives[fields[0]] = fields.count > 1 ? fields[1] : ""
                }
            }
            start = end + 1
        }
        close(at: count)
    }

    /// Tab-separated fields of `bytes[start..<end]` (a trailing carriage return dropped).
    fileprivate static func fields(_ bytes: [UInt8], _ start: Int, _ end: Int) -> [String] {
        var fields: [String] = []
        var fieldStart = start
        var index = start
        while index <= end {
            if index == end || bytes[index] == 0x09 {
                var last = index
                if index == end, last > fieldStart, bytes[last - 1] == 0x0D { last -= 1 }
                fields.append(String(decoding: bytes[fieldStart..<last], as: UTF8.self))
                fieldStart = index + 1
            }
            index += 1
        }
        return fields
    }
}

extension String {
    /// Whether a data file's flags field holds the one-letter `flag`, tested on bytes: member
    /// lookups ask this several times each, and `contains("p")` is a Foundation substring search.
    func hasFlag(_ flag: Unicode.Scalar) -> Bool { utf8.contains(UInt8(ascii: flag)) }
}
