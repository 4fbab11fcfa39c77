/// What every language's parser shares: the significant tokens and their codes, bracket partners,
/// the cursor, the comment bookkeeping and the tree being built.
///
/// A front-end (`PythonParser`, `JavaScriptParser`) holds one and reaches it through
/// `LanguageParser`, which also gives it the cursor and tree-building helpers.
struct ParserCore {
    /// Deep enough for any real code, shallow enough for a 512 KiB thread stack in a debug build.
    static let maxDepth = 120

    let bytes: UnsafeBufferPointer<UInt8>
    let language: Language
    /// Whether the file was lexed with JSX (template holes are lexed the same way).
    let jsx: Bool
    let allTokens: [Token]

    /// Significant tokens (comments removed) and what they are.
    var toks: [Token] = []
    var codes: [TokenCode] = []
    /// For each bracket token, the index of its partner; -1 for unmatched ones.
    var match: [Int32] = []
    /// Where unclosed brackets are taken to end (see `assignSoftEnds`).
    var softEnds: [Int32: Int32] = [:]
    /// Index into `allTokens` of each significant token (nil while parsing a template hole).
    var originals: [Int32] = []
    var emitsComments = true
    var commentCursor = 0

    var pos = 0
    var depth = 0
    var templateDepth = 0
    var tree = SyntaxTree()

    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [Token], language: Language, jsx: Bool) {
        self.bytes = bytes
        self.language = language
        self.jsx = jsx
        self.allTokens = tokens
        var significant: [Token] = []
        significant.reserveCapacity(tokens.count)
        var originals: [Int32] = []
        originals.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() where token.kind != .comment {
            significant.append(token)
            originals.append(Int32(index))
        }
        self.originals = originals
        load(significant)
    }

    /// Makes `tokens` the stream being parsed.
    mutating func load(_ tokens: [Token]) {
        toks = tokens
        codes = TokenCode.classify(tokens, bytes: bytes, language: language)
        match = ParserCore.matchBrackets(codes)
        softEnds = [:]
        assignSoftEnds()
        pos = 0
    }

    /// An unclosed bracket ends before the next line that is indented no deeper than the line it
    /// opened on: that is where a reader sees the broken statement end. Found for all lines at
    /// once with a monotonic stack ("next smaller or equal"), so this stays linear.
    mutating func assignSoftEnds() {
        var unmatched: [Int] = []
        for i in codes.indices where codes[i].isOpenBracket && match[i] < 0 { unmatched.append(i) }
        guard !unmatched.isEmpty else { return }
        var lineStarts: [Int] = []
        var indents: [Int] = []
        for i in toks.indices where toks[i].startsLine || i == 0 {
            lineStarts.append(i)
            indents.append(indent(ofByte: toks[i].start))
        }
        var nextLE = [Int](repeating: toks.count, count: lineStarts.count)
        var stack: [Int] = []
        for line in lineStarts.indices.reversed() {
            while let top = stack.last, indents[top] > indents[line] { stack.removeLast() }
            if let top = stack.last { nextLE[line] = lineStarts[top] }
            stack.append(line)
        }
        var line = 0
        for opener in unmatched {
            while line + 1 < lineStarts.count, lineStarts[line + 1] <= opener { line += 1 }
            softEnds[Int32(opener)] = Int32(max(opener, nextLE[line] - 1))
        }
    }

    /// Pairs brackets with an explicit stack; a closer that does not fit the innermost opener
    /// closes the nearest opener it fits (the ones in between stay unmatched) or, if none, is stray.
    static func matchBrackets(_ codes: [TokenCode]) -> [Int32] {
        var match = [Int32](repeating: -1, count: codes.count)
        var stack: [Int32] = []
        for index in codes.indices {
            let code = codes[index]
            if code.isOpenBracket { stack.append(Int32(index)); continue }
            guard code.isCloseBracket else { continue }
            let opener: TokenCode = code == .rparen ? .lparen : code == .rbracket ? .lbracket : .lbrace
            // Look only a few levels down so a run of stray closers stays linear.
            var found = -1
            var k = stack.count - 1
            while k >= 0, stack.count - k <= 8 {
                if codes[Int(stack[k])] == opener { found = k; break }
                k -= 1
            }
            guard found >= 0 else { continue }
            let open = Int(stack[found])
            match[open] = Int32(index)
            match[index] = Int32(open)
            stack.removeSubrange(found...)
        }
        return match
    }

    /// The indentation width of the line holding byte `offset` (tabs to multiples of 8).
    func indent(ofByte offset: Int) -> Int {
        var start = offset
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var width = 0
        var i = start
        while i < offset {
            switch bytes[i] {
            case UInt8(ascii: " "): width += 1
            case UInt8(ascii: "\t"): width = (width / 8 + 1) * 8
            case 0x0C: width = 0
            default: return width
            }
            i += 1
        }
        return width
    }
}
