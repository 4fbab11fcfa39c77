/// Just enough of Python's lexical rules to find literal arguments in `setup.py`: string literals
/// (quotes, prefixes, triple quotes), comments, brackets.
struct PythonLiteralScanner {
    struct StringItem {
        var text: String
        var line: Int
    }

    let bytes: [UInt8]

    init(text: String) { bytes = Array(text.utf8) }

    func line(of offset: Int) -> Int {
        1 + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    private static func isIdentifierByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
    }

    /// Offsets of code (not inside strings or comments) where `word` appears as a whole identifier.
    private func codeOccurrences(of word: String) -> [Int] {
        let target = Array(word.utf8)
        var found: [Int] = []
        var index = 0
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                index = skipString(from: index)
                continue
            }
            if Self.isIdentifierByte(c) {
                let start = index
                while index < bytes.count, Self.isIdentifierByte(bytes[index]) { index += 1 }
                if index - start == target.count, Array(bytes[start..<index]) == target { found.append(start) }
                continue
            }
            index += 1
        }
        return found
    }

    private func skipSpaces(_ index: Int) -> Int {
        var index = index
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: "\\") { index += 1; continue }
            if c == UInt8(ascii: "#") { while index < bytes.count, bytes[index] != 0x0A { index += 1 }; continue }
            break
        }
        return index
    }

    /// Offset of the value of the first `keyword=` argument.
    func keywordArgument(_ keyword: String) -> Int? {
        for start in codeOccurrences(of: keyword) {
            let after = skipSpaces(start + keyword.utf8.count)
            if after < bytes.count, bytes[after] == UInt8(ascii: "="), after + 1 < bytes.count, bytes[after + 1] != UInt8(ascii: "=") {
                return skipSpaces(after + 1)
            }
        }
        return nil
    }

    /// Offset of the value in a module-level `name = value` assignment.
    func assignment(of name: String) -> Int? {
        for start in codeOccurrences(of: name) where start == 0 || bytes[start - 1] == 0x0A {
            let after = skipSpaces(start + name.utf8.count)
            if after < bytes.count, bytes[after] == UInt8(ascii: "="), after + 1 < bytes.count, bytes[after + 1] != UInt8(ascii: "=") {
                return skipSpaces(after + 1)
            }
        }
        return nil
    }

    /// The identifier at `offset`, if the value there is a bare name (not a call or attribute).
    func identifier(at offset: Int) -> String? {
        var end = offset
        while end < bytes.count, Self.isIdentifierByte(bytes[end]) { end += 1 }
        guard end > offset, !(bytes[offset] >= 0x30 && bytes[offset] <= 0x39) else { return nil }
        let next = skipSpaces(end)
        if next < bytes.count, bytes[next] == UInt8(ascii: "(") || bytes[next] == UInt8(ascii: ".") || bytes[next] == UInt8(ascii: "[") {
            return nil
        }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    /// Index just past the string literal starting at `index` (which is a quote).
    private func skipString(from index: Int) -> Int {
        let quote = bytes[index]
        let triple = index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote
        var i = index + (triple ? 3 : 1)
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") { i += 2; continue }
            if c == quote {
                if !triple { return i + 1 }
                if i + 2 < bytes.count, bytes[i + 1] == quote, bytes[i + 2] == quote { return i + 3 }
            }
            if c == 0x0A, !triple { return i }
            i += 1
        }
        return bytes.count
    }

    /// Index just past the string literal (prefix included) that starts at `offset`.
    private func literalEnd(at offset: Int) -> Int {
        var start = offset
        while start < bytes.count, bytes[start] != UInt8(ascii: "\"") && bytes[start] != UInt8(ascii: "'") { start += 1 }
        return start < bytes.count ? skipString(from: start) : bytes.count
    }

    /// The string literal at `offset` (with an optional `r`/`u` prefix), if there is one.
    func stringLiteral(at offset: Int) -> StringItem? {
        var start = offset
        while start < bytes.count, bytes[start] == UInt8(ascii: "r") || bytes[start] == UInt8(ascii: "u") || bytes[start] == UInt8(ascii: "R") || bytes[start] == UInt8(ascii: "U") { start += 1 }
        guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'") else { return nil }
        let end = skipString(from: start)
        let quote = bytes[start]
        let triple = start + 2 < bytes.count && bytes[start + 1] == quote && bytes[start + 2] == quote
        let contentStart = start + (triple ? 3 : 1)
        let contentEnd = max(contentStart, end - (triple ? 3 : 1))
        guard end <= bytes.count, contentEnd <= bytes.count else { return nil }
        return StringItem(text: String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self), line: line(of: start))
    }

    /// A `[...]` or `(...)` of string literals only (implicit concatenation not supported).
    func listOfStrings(at offset: Int) -> [StringItem]? {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "[") || bytes[offset] == UInt8(ascii: "(") else { return nil }
        let close = bytes[offset] == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ")")
        var items: [StringItem] = []
        var index = skipSpaces(offset + 1)
        while index < bytes.count {
            if bytes[index] == close { return items }
            guard let item = stringLiteral(at: index) else { return nil }
            items.append(item)
            index = skipSpaces(literalEnd(at: index))
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index = skipSpaces(index + 1) }
            else if index < bytes.count, bytes[index] != close { return nil }
        }
        return nil
    }

    /// A `{ "key": [strings], … }` literal.
    func dictionaryOfLists(at offset: Int) -> [(String, [StringItem])]? {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "{") else { return nil }
        var result: [(String, [StringItem])] = []
        var index = skipSpaces(offset + 1)
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "}") { return result }
            guard let key = stringLiteral(at: index) else { return nil }
            index = skipSpaces(literalEnd(at: index))
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index = skipSpaces(index + 1)
            guard let items = listOfStrings(at: index) else { return nil }
            result.append((key.text, items))
            // Skip to the matching close of the list.
            let close = bytes[index] == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ")")
            while index < bytes.count, bytes[index] != close {
                if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") { index = skipString(from: index) } else { index += 1 }
            }
            index = skipSpaces(index + 1)
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index = skipSpaces(index + 1) }
        }
        return nil
    }
}
