/// A reader for the part of TOML 1.0 that configuration files use: tables, dotted and quoted keys,
/// strings (basic, literal, multi-line), integers, booleans, arrays and inline tables. Each value
/// keeps the line it was written on, so errors can point at it. Floats and dates are refused with
/// a clear message rather than misread.
public struct TOMLReader {
    /// A parsed value and the line it starts on.
    public indirect enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case array([Value])
        case table([(key: String, value: Value)])

        public static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case let (.string(a), .string(b)): a == b
            case let (.integer(a), .integer(b)): a == b
            case let (.boolean(a), .boolean(b)): a == b
            case let (.array(a), .array(b)): a == b
            case let (.table(a), .table(b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
            default: false
            }
        }

        public var typeName: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .boolean: "a boolean"
            case .array: "an array"
            case .table: "a table"
            }
        }
    }

    /// One `key = value` with its full dotted path (table headers included) and line.
    public struct Entry: Sendable, Equatable {
        public var path: [String]
        public var value: Value
        public var line: Int
    }

    /// A syntax error at a line.
    public struct SyntaxError: Error, Equatable {
        public var line: Int
        public var message: String
    }

    private let bytes: [UInt8]
    private let lenient: Bool
    private var index = 0
    private var line = 1
    private var arrayTableCounts: [[String]: Int] = [:]
    /// Arrays and inline tables nest by recursion: deeper than this is refused, not a stack overflow.
    private var depth = 0
    private static let maximumDepth = 100

    /// Parses `text` into its entries in file order.
    public static func entries(in text: String) throws(SyntaxError) -> [Entry] {
        var reader = TOMLReader(bytes: Array(text.utf8), lenient: false)
        return try reader.parseDocument()
    }

    /// Parses a file written for other tools (`pyproject.toml`, `Pipfile`), which may use the TOML
    /// this reader does not model: floats, dates and times are kept as `.string` of their source
    /// text, and each `[[name]]` table of an array of tables gets its index as a path component
    /// (`["tool", "poetry", "source", "0", "url"]`).
    public static func lenientEntries(in text: String) throws(SyntaxError) -> [Entry] {
        var reader = TOMLReader(bytes: Array(text.utf8), lenient: true)
        return try reader.parseDocument()
    }

    private init(bytes: [UInt8], lenient: Bool) {
        self.bytes = bytes
        self.lenient = lenient
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func fail(_ message: String) -> SyntaxError { SyntaxError(line: line, message: message) }

    private mutating func skipSpaces() {
        while let c = current, c == 0x20 || c == 0x09 { index += 1 }
    }

    /// Skips spaces, comments and newlines (between array items and between statements).
    private mutating func skipBlank() {
        while let c = current {
            if c == 0x20 || c == 0x09 || c == 0x0D { index += 1 }
            else if c == 0x0A { index += 1; line += 1 }
            else if c == UInt8(ascii: "#") { while let d = current, d != 0x0A { index += 1 } }
            else { break }
        }
    }

    private mutating func expectLineEnd() throws(SyntaxError) {
        skipSpaces()
        if current == UInt8(ascii: "#") { while let d = current, d != 0x0A { index += 1 } }
        if current == 0x0D { index += 1 }
        guard current == nil || current == 0x0A else {
            throw fail("expected the end of the line after the value")
        }
    }

    private mutating func parseDocument() throws(SyntaxError) -> [Entry] {
        var entries: [Entry] = []
        var table: [String] = []
        var seen = Set<[String]>()
        while true {
            skipBlank()
            guard let c = current else { break }
            if c == UInt8(ascii: "[") {
                index += 1
                let isArrayTable = current == UInt8(ascii: "[")
                if isArrayTable {
                    guard lenient else { throw fail("arrays of tables ([[...]]) are not used in this file") }
                    index += 1
                }
                skipSpaces()
                table = try parseKeyPath()
                skipSpaces()
                guard current == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header") }
                index += 1
                if isArrayTable {
                    guard current == UInt8(ascii: "]") else { throw fail("expected ']]' to close the table header") }
                    index += 1
                    let position = arrayTableCounts[table, default: 0]
                    arrayTableCounts[table] = position + 1
                    table.append(String(position))
                }
                try expectLineEnd()
                continue
            }
            let entryLine = line
            let key = try parseKeyPath()
            skipSpaces()
            guard current == UInt8(ascii: "=") else { throw fail("expected '=' after the key '\(key.joined(separator: "."))'") }
            index += 1
            skipSpaces()
            let value = try parseValue()
            let path = table + key
            guard seen.insert(path).inserted else { throw SyntaxError(line: entryLine, message: "the key '\(path.joined(separator: "."))' is defined twice") }
            entries.append(Entry(path: path, value: value, line: entryLine))
            try expectLineEnd()
        }
        return entries
    }

    private mutating func parseKeyPath() throws(SyntaxError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            if current == UInt8(ascii: "\"") { parts.append(try parseBasicString()) }
            else if current == UInt8(ascii: "'") { parts.append(try parseLiteralString()) }
            else {
                let start = index
                while let c = current, isBareKeyByte(c) { index += 1 }
                guard index > start else { throw fail("expected a key") }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipSpaces()
            guard current == UInt8(ascii: ".") else { return parts }
            index += 1
        }
    }

    private func isBareKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
    }

    private mutating func parseValue() throws(SyntaxError) -> Value {
        guard depth < Self.maximumDepth else { throw fail("values nest more than \(Self.maximumDepth) levels deep") }
        depth += 1
        defer { depth -= 1 }
        guard let c = current else { throw fail("expected a value") }
        switch c {
        case UInt8(ascii: "\""): return .string(try parseBasicString())
        case UInt8(ascii: "'"): return .string(try parseLiteralString())
        case UInt8(ascii: "["):
            index += 1
            var items: [Value] = []
            while true {
                skipBlank()
                if current == UInt8(ascii: "]") { index += 1; return .array(items) }
                items.append(try parseValue())
                skipBlank()
                if current == UInt8(ascii: ",") { index += 1; continue }
                guard current == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in the array") }
            }
        case UInt8(ascii: "{"):
            index += 1
            var pairs: [(key: String, value: Value)] = []
            skipSpaces()
            if current == UInt8(ascii: "}") { index += 1; return .table(pairs) }
            while true {
                let key = try parseKeyPath().joined(separator: ".")
                skipSpaces()
                guard current == UInt8(ascii: "=") else { throw fail("expected '=' in the inline table") }
                index += 1
                skipSpaces()
                pairs.append((key, try parseValue()))
                skipSpaces()
                if current == UInt8(ascii: ",") { index += 1; continue }
                guard current == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in the inline table") }
                index += 1
                return .table(pairs)
            }
        default:
            let start = index
            while let d = current, d != 0x0A, d != 0x0D, d != UInt8(ascii: ","), d != UInt8(ascii: "]"),
                  d != UInt8(ascii: "}"), d != UInt8(ascii: "#"), d != 0x20, d != 0x09 { index += 1 }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            if word == "true" { return .boolean(true) }
            if word == "false" { return .boolean(false) }
            let digits = word.replacingUnderscores()
            if let number = Int(digits) { return .integer(number) }
            if word.isEmpty { throw fail("expected a value") }
            if lenient { return .string(word) }
            throw fail("'\(word)' is not a value this file accepts (use a quoted string, an integer, true/false or an array)")
        }
    }

    private mutating func parseBasicString() throws(SyntaxError) -> String {
        let multiline = bytes.count >= index + 3 && bytes[index + 1] == 0x22 && bytes[index + 2] == 0x22
        index += multiline ? 3 : 1
        if multiline, current == 0x0A { index += 1; line += 1 }
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
            pending.removeAll()
        }
        while let c = current {
            if c == 0x22 {
                if !multiline { index += 1; flush(); return String(scalars) }
                if index + 2 < bytes.count, bytes[index + 1] == 0x22, bytes[index + 2] == 0x22 {
                    index += 3; flush(); return String(scalars)
                }
            }
            if c == 0x0A {
                guard multiline else { throw fail("the string is not closed on this line") }
                line += 1
            }
            if c == UInt8(ascii: "\\") {
                index += 1
                guard let e = current else { break }
                index += 1
                switch e {
                case UInt8(ascii: "n"): pending.append(0x0A)
                case UInt8(ascii: "t"): pending.append(0x09)
                case UInt8(ascii: "r"): pending.append(0x0D)
                case UInt8(ascii: "\\"), 0x22: pending.append(e)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let length = e == UInt8(ascii: "u") ? 4 : 8
                    guard index + length <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<index + length], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code) else { throw fail("invalid unicode escape in the string") }
                    flush()
                    scalars.append(scalar)
                    index += length
                default: throw fail("unknown escape '\\\(Character(Unicode.Scalar(e)))' in the string")
                }
                continue
            }
            pending.append(c)
            index += 1
        }
        throw fail("the string is not closed")
    }

    private mutating func parseLiteralString() throws(SyntaxError) -> String {
        let multiline = bytes.count >= index + 3 && bytes[index + 1] == 0x27 && bytes[index + 2] == 0x27
        index += multiline ? 3 : 1
        if multiline, current == 0x0A { index += 1; line += 1 }
        let start = index
        while let c = current {
            if c == 0x27 {
                if !multiline { index += 1; return String(decoding: bytes[start..<index - 1], as: UTF8.self) }
                if index + 2 < bytes.count, bytes[index + 1] == 0x27, bytes[index + 2] == 0x27 {
                    index += 3
                    return String(decoding: bytes[start..<index - 3], as: UTF8.self)
                }
            }
            if c == 0x0A {
                guard multiline else { throw fail("the string is not closed on this line") }
                line += 1
            }
            index += 1
        }
        throw fail("the string is not closed")
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
