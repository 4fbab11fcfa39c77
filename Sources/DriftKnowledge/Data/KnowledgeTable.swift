/// The parsed form of one generated data file: namespaces (`@name<TAB>version<TAB>flags` lines) and
/// their members (`name<TAB>version<TAB>flags` lines), as written by `Scripts/knowledge_output.py`.
struct KnowledgeTable: Sendable {
    /// One `@` block: its header fields and its members.
    struct Namespace: Sendable {
        var name: String
        var version: String
        var flags: String
        /// Member name → (version, flags); an empty version means "the namespace's own".
        var members: [String: Member]
        var memberOrder: [String]
    }

    struct Member: Sendable, Equatable {
        var version: String
        var flags: String
    }

    private(set) var namespaces: [String: Namespace] = [:]
    /// Namespace names in file order.
    private(set) var names: [String] = []
    /// `#key<TAB>value` directive lines, such as the surveyed Node.js major version.
    private(set) var directives: [String: String] = [:]

    /// Parses `text`; the work is one pass over its bytes, splitting on newlines and tabs.
    init(text: String) {
        var text = text
        text.withUTF8 { bytes in parse(bytes) }
    }

    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) {
        var current: Namespace?
        var start = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count, bytes[end] != 0x0A { end += 1 }
            let fields = Self.fields(bytes, start, end)
            start = end + 1
            guard let first = fields.first, !first.isEmpty else { continue }
            if first.hasPrefix("@") {
                if let finished = current { store(finished) }
                current = Namespace(name: String(first.dropFirst()), version: fields.count > 1 ? fields[1] : "",
                                    flags: fields.count > 2 ? fields[2] : "", members: [:], memberOrder: [])
            } else if first.hasPrefix("#") {
                directives[String(first.dropFirst())] = fields.count > 1 ? fields[1] : ""
            } else if current != nil {
                current!.members[first] = Member(version: fields.count > 1 ? fields[1] : "", flags: fields.count > 2 ? fields[2] : "")
                current!.memberOrder.append(first)
            }
        }
        if let finished = current { store(finished) }
    }

    private mutating func store(_ namespace: Namespace) {
        if namespaces[namespace.name] == nil { names.append(namespace.name) }
        namespaces[namespace.name] = namespace
    }

    private static func fields(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [String] {
        var fields: [String] = []
        var fieldStart = start
        var index = start
        while index <= end {
            if index == end || bytes[index] == 0x09 {
                var last = index
                if index == end, last > fieldStart, bytes[last - 1] == 0x0D { last -= 1 }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<last]), as: UTF8.self))
                fieldStart = index + 1
            }
            index += 1
        }
        return fields
    }
}

/// Section-based data (`#section` lines followed by plain lines), used by the package-name data.
struct KnowledgeSections: Sendable {
    private(set) var sections: [String: [String]] = [:]

    init(text: String) {
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") { current = String(line.dropFirst()); continue }
            sections[current, default: []].append(String(line))
        }
    }
}
