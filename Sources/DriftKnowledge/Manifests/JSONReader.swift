import DriftCore

/// A strict JSON reader that keeps object keys in order, for manifests such as `package.json`.
/// Numbers that are not integers are kept as `.string` of their text (manifests never compute with
/// them). Nesting deeper than `maximumDepth` is refused rather than risking the stack.
struct JSONReader {
    struct SyntaxError: Error, Equatable {
        var line: Int
        var message: String
    }

    static let maximumDepth = 200

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    static func value(in text: String) throws(SyntaxError) -> JSONValue {
        var reader = JSONReader(bytes: Array(text.utf8))
        // A UTF-8 byte order mark is common in files written on Windows.
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else { throw reader.fail("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func fail(_ message: String) -> SyntaxError { SyntaxError(line: line, message: message) }

    private mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
            if c == 0x0A { line += 1 }
            index += 1
        }
    }

    private mutating func parseValue(depth: Int) throws(SyntaxError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw fail("nested more than \(Self.maximumDepth) levels deep") }
        skipWhitespace()
        guard let c = current else { throw fail("expected a value, found the end of the file") }
        switch c {
        case UInt8(ascii: "{"):
            index += 1
            var pairs: [(String, JSONValue)] = []
            skipWhitespace()
            if current == UInt8(ascii: "}") { index += 1; return .object(pairs) }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                let key = try parseString()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw fail("expected ':' after the key \"\(key)\"") }
                index += 1
                pairs.append((key, try parseValue(depth: depth + 1)))
                skipWhitespace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                guard current == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in the object") }
                index += 1
                return .object(pairs)
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                guard current == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in the array") }
                index += 1
                return .array(items)
            }
        case UInt8(ascii: "\""):
            return .string(try parseString())
        default:
            let start = index
            while let d = current, d != UInt8(ascii: ","), d != UInt8(ascii: "]"), d != UInt8(ascii: "}"),
                  d != 0x20, d != 0x09, d != 0x0A, d != 0x0D { index += 1 }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            switch word {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                if let number = Int(word) { return .int(number) }
                if !word.isEmpty, word.allSatisfy({ "0123456789+-.eE".contains($0) }), word.contains(where: \.isNumber) {
                    return .string(word)
                }
                throw fail(word.isEmpty ? "expected a value" : "'\(word.prefix(20))' is not a JSON value")
            }
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
            pending.removeAll()
        }
        while let c = current {
            if c == UInt8(ascii: "\"") { index += 1; flush(); return String(scalars) }
            if c == 0x0A { throw fail("the string is not closed on this line") }
            if c == UInt8(ascii: "\\") {
                index += 1
                guard let e = current else { break }
                index += 1
                switch e {
                case UInt8(ascii: "n"): pending.append(0x0A)
                case UInt8(ascii: "t"): pending.append(0x09)
                case UInt8(ascii: "r"): pending.append(0x0D)
                case UInt8(ascii: "b"): pending.append(0x08)
                case UInt8(ascii: "f"): pending.append(0x0C)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "/"): pending.append(e)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                        throw fail("invalid \\u escape in a string")
                    }
                    index += 4
                    flush()
                    // Surrogate pairs and lone surrogates: decode the pair or substitute U+FFFD.
                    if (0xD800...0xDBFF).contains(code), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                       bytes[index + 1] == UInt8(ascii: "u"),
                       let low = UInt32(String(decoding: bytes[index + 2..<index + 6], as: UTF8.self), radix: 16),
                       (0xDC00...0xDFFF).contains(low) {
                        index += 6
                        scalars.append(Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}")
                    } else {
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    }
                default: throw fail("unknown escape in a string")
                }
                continue
            }
            pending.append(c)
            index += 1
        }
        throw fail("the string is not closed")
    }
}
