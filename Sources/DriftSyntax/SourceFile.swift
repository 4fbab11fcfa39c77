/// One file of source code, lexed: its bytes, its tokens and a line table.
///
/// Everything is byte-based; nothing here assumes valid UTF-8. Building a `SourceFile` is linear in
/// the size of the input and never fails.
public struct SourceFile: Sendable {
    /// Path as the user sees it (relative to the repository or as given on the command line).
    public let path: String
    public let language: Language
    public let bytes: [UInt8]
    public let tokens: [Token]
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// The structural tree (Python, JavaScript, TypeScript); only the module node for Swift and Go.
    public let tree: SyntaxTree
    /// Analyses shared by the rules, computed once per file on first use.
    let memo = SourceFileMemo()

    public init(path: String, language: Language, bytes: [UInt8]) {
        self.path = path
        self.language = language
        self.bytes = bytes
        let jsx = language == .javascript || path.hasSuffix(".tsx")
        let tokens = Lexer.tokenize(bytes, language: language, jsx: jsx)
        self.tokens = tokens
        switch language {
        case .python:
            self.tree = bytes.withUnsafeBufferPointer { buffer in
                var parser = PythonParser(bytes: buffer, tokens: tokens)
                return parser.parse()
            }
        case .javascript, .typescript:
            self.tree = bytes.withUnsafeBufferPointer { buffer in
                var parser = JavaScriptParser(bytes: buffer, tokens: tokens, typeScript: language == .typescript, jsx: jsx)
                return parser.parse()
            }
        case .swift, .go:
            var tree = SyntaxTree()
            tree.nodes[0].end = Int32(truncatingIfNeeded: bytes.count)
            self.tree = tree
        }
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    public init(path: String, language: Language, text: String) {
        self.init(path: path, language: language, bytes: Array(text.utf8))
    }

    public var lineCount: Int {
        // A trailing newline does not start another line.
        if let last = bytes.last, last == UInt8(ascii: "\n") { return lineStarts.count - 1 }
        return bytes.isEmpty ? 0 : lineStarts.count
    }

    /// The 1-based line holding byte `offset`.
    public func line(ofByte offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// Line and column (Unicode scalars, 1-based) of byte `offset`.
    public func location(ofByte offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let line = line(ofByte: clamped)
        var column = 1
        var index = lineStarts[line - 1]
        // Far into a very long line (minified code) columns are counted in bytes past the first
        // 64 KiB, so that many findings on one line stay linear.
        let exactEnd = min(clamped, index + 65_536)
        while index < exactEnd {
            // UTF-8 continuation bytes do not start a new character.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        column += clamped - exactEnd
        return SourceLocation(line: line, column: column)
    }

    public func range(ofBytes start: Int, _ end: Int) -> SourceRange {
        SourceRange(start: location(ofByte: start), end: location(ofByte: end))
    }

    public func range(of token: Token) -> SourceRange { range(ofBytes: token.start, token.end) }

    /// The text of a byte range, with invalid UTF-8 replaced.
    public func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[max(0, start)..<min(end, bytes.count)], as: UTF8.self)
    }

    public func text(of token: Token) -> String { text(token.start, token.end) }

    /// The text of 1-based line `number`, without its line break.
    public func lineText(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return text(start, max(start, end))
    }

    /// Whether the bytes of `token` contain `needle` (a cheap pre-filter before decoding text).
    public func token(_ token: Token, contains needle: some Collection<UInt8>) -> Bool {
        guard let first = needle.first, needle.count <= token.length else { return false }
        var index = token.start
        let last = token.end - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Comment tokens, in order.
    public var comments: some Sequence<Token> { tokens.lazy.filter { $0.kind == .comment } }

    /// The contents of a comment without its delimiters (`//`, `#`, `/*`, `*/`, leading `*` of
    /// block-comment lines), trimmed.
    public func commentBody(_ token: Token) -> String {
        var text = text(of: token)
        if text.hasPrefix("//") { text.removeFirst(2) }
        else if text.hasPrefix("#") { text.removeFirst() }
        else if text.hasPrefix("/*") {
            text.removeFirst(2)
            if text.hasSuffix("*/") { text.removeLast(2) }
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { line -> Substring in
                    let trimmed = line.drop { $0 == " " || $0 == "\t" }
                    return trimmed.hasPrefix("*") ? trimmed.dropFirst().drop { $0 == " " || $0 == "\t" } : trimmed
                }
                .joined(separator: "\n")
        }
        while text.hasPrefix("/") || text.hasPrefix("!") || text.hasPrefix("*") { text.removeFirst() }
        return text.trimmingWhitespace()
    }

    /// The value of a string literal token without prefix and quotes; escapes are kept as written.
    /// Interpolated parts (template `${}`, f-string `{}`, Swift `\()`) are kept as written too.
    public func stringContent(_ token: Token) -> String {
        var start = token.start, end = token.end
        // Skip a prefix (Python r/b/f/u, Swift #) up to the first quote.
        while start < end, !Lexer.isQuote(bytes[start]) { start += 1 }
        guard start < end else { return "" }
        let quote = bytes[start]
        var quoteCount = 0
        while start < end, bytes[start] == quote, quoteCount < 3 { start += 1; quoteCount += 1 }
        if quoteCount == 2 { return "" }  // an empty "" or ''
        while end > start, bytes[end - 1] == UInt8(ascii: "#") { end -= 1 }
        var closing = 0
        while end > start, bytes[end - 1] == quote, closing < quoteCount { end -= 1; closing += 1 }
        return text(start, end)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension SourceFile {
    /// Whether bytes `start..<end` contain `needle`, comparing ASCII letters case-insensitively
    /// when asked: a cheap filter before building strings for every comment or literal.
    public func bytes(_ start: Int, _ end: Int, contain needle: String, caseInsensitive: Bool = false) -> Bool {
        bytes(start, end, contain: Array(needle.utf8), caseInsensitive: caseInsensitive)
    }

    /// `bytes(_:_:contain:caseInsensitive:)` for a needle already in UTF-8, so that a rule testing
    /// many ranges against fixed words encodes them once.
    public func bytes(_ start: Int, _ end: Int, contain pattern: [UInt8], caseInsensitive: Bool = false) -> Bool {
        guard let first = pattern.first, start >= 0, end <= bytes.count, end - start >= pattern.count else { return false }
        // Rules run this over every comment, literal and assignment value: a plain loop over the
        // buffer, folding case only when asked.
        @inline(__always) func fold(_ byte: UInt8) -> UInt8 {
            caseInsensitive && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        }
        let head = fold(first)
        return bytes.withUnsafeBufferPointer { buffer in
            pattern.withUnsafeBufferPointer { needle in
                var i = start
                let last = end - needle.count
                while i <= last {
                    if fold(buffer[i]) == head {
                        var j = 1
                        while j < needle.count, fold(buffer[i + j]) == fold(needle[j]) { j += 1 }
                        if j == needle.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
