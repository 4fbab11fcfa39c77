/// A hand-written, error-tolerant structural parser for Python and JavaScript/TypeScript that
/// builds a `SyntaxTree` from the lexer's tokens.
///
/// It is recursive descent with a hard nesting limit: past `maxDepth` levels a construct is kept
/// as one opaque node found with the precomputed bracket (or indentation) extent, so no input can
/// exhaust the stack. Every token is consumed once, apart from bounded look-aheads, so parsing is
/// linear. Whatever cannot be parsed becomes an opaque node spanning to the next point the parser
/// can resynchronise at (a closing bracket or the end of the statement).
struct Parser {
    /// Deep enough for any real code, shallow enough for a 512 KiB thread stack in a debug build.
    static let maxDepth = 120

    let bytes: UnsafeBufferPointer<UInt8>
    let language: Language
    let isPython: Bool
    let isTypeScript: Bool
    let allowsJSX: Bool
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
    /// Python `def`s being parsed, innermost last: a `yield` makes the innermost a generator.
    var openFunctions: [Int32] = []
    var tree = SyntaxTree()

    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [Token], language: Language, path: String) {
        self.bytes = bytes
        self.language = language
        self.isPython = language == .python
        self.isTypeScript = language == .typescript
        self.allowsJSX = language == .javascript || path.hasSuffix(".tsx")
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
        match = Parser.matchBrackets(codes)
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

    // MARK: Cursor

    @inline(__always) var code: TokenCode { pos < codes.count ? codes[pos] : .eof }
    @inline(__always) func code(at index: Int) -> TokenCode { index < codes.count && index >= 0 ? codes[index] : .eof }
    @inline(__always) var atEnd: Bool { pos >= toks.count }
    @inline(__always) func startsLine(_ index: Int) -> Bool { index < toks.count && toks[index].startsLine }
    @inline(__always) func startByte(_ index: Int) -> Int { index < toks.count ? toks[index].start : bytes.count }
    @inline(__always) func endByte(_ index: Int) -> Int {
        index < toks.count ? toks[index].end : (toks.last?.end ?? 0)
    }
    /// End of the last consumed token.
    var previousEnd: Int { pos > 0 ? toks[min(pos, toks.count) - 1].end : 0 }

    /// The partner of the bracket at `index`, or the end of the stream for an unclosed one.
    func closing(_ index: Int) -> Int {
        let m = index < match.count ? Int(match[index]) : -1
        if m > index { return m }
        if let soft = softEnds[Int32(index)] { return Int(soft) }
        return toks.count
    }

    func isWord(_ index: Int, _ word: StaticString) -> Bool {
        guard index < toks.count else { return false }
        let token = toks[index]
        guard token.end - token.start == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<word.utf8CodeUnitCount where bytes[token.start + i] != w[i] { return false }
        return true
    }

    func text(_ index: Int) -> String {
        guard index < toks.count else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[toks[index].start..<toks[index].end]), as: UTF8.self)
    }

    // MARK: Building

    @discardableResult
    mutating func add(_ kind: SyntaxKind, _ parent: Int32, _ role: SyntaxRole, start: Int, flags: SyntaxFlags = []) -> Int32 {
        let id = Int32(tree.nodes.count)
        var node = SyntaxNode(kind: kind, role: role, flags: flags, start: start, parent: parent)
        let last = tree.nodes[Int(parent)].lastChild
        node.previousSibling = last
        tree.nodes.append(node)
        if last >= 0 { tree.nodes[Int(last)].nextSibling = id } else { tree.nodes[Int(parent)].firstChild = id }
        tree.nodes[Int(parent)].lastChild = id
        return id
    }

    /// A node spanning exactly token `index`.
    @discardableResult
    mutating func addToken(_ kind: SyntaxKind, _ parent: Int32, _ role: SyntaxRole, _ index: Int, flags: SyntaxFlags = []) -> Int32 {
        let node = add(kind, parent, role, start: startByte(index), flags: flags)
        finish(node, endByte(index))
        return node
    }

    @inline(__always) mutating func finish(_ node: Int32, _ end: Int) {
        let n = Int(node)
        tree.nodes[n].end = Int32(truncatingIfNeeded: max(end, Int(tree.nodes[n].start)))
    }

    /// Ends `node` at the last consumed token.
    @inline(__always) mutating func finishHere(_ node: Int32) { finish(node, previousEnd) }

    mutating func setName(_ node: Int32, token index: Int) {
        guard index < toks.count else { return }
        tree.nodes[Int(node)].nameStart = Int32(truncatingIfNeeded: toks[index].start)
        tree.nodes[Int(node)].nameEnd = Int32(truncatingIfNeeded: toks[index].end)
    }

    mutating func setName(_ node: Int32, start: Int, end: Int) {
        tree.nodes[Int(node)].nameStart = Int32(truncatingIfNeeded: start)
        tree.nodes[Int(node)].nameEnd = Int32(truncatingIfNeeded: end)
    }

    @inline(__always) mutating func insert(_ flags: SyntaxFlags, into node: Int32) {
        tree.nodes[Int(node)].flags.formUnion(flags)
    }

    /// Replaces `child` (the last child of its parent) by a new node of `kind` that holds it.
    mutating func wrap(_ child: Int32, _ kind: SyntaxKind, childRole: SyntaxRole, flags: SyntaxFlags = []) -> Int32 {
        let c = Int(child)
        let parent = tree.nodes[c].parent
        let role = tree.nodes[c].role
        let previous = tree.nodes[c].previousSibling
        if previous >= 0 { tree.nodes[Int(previous)].nextSibling = -1 } else { tree.nodes[Int(parent)].firstChild = -1 }
        tree.nodes[Int(parent)].lastChild = previous
        let wrapper = add(kind, parent, role, start: Int(tree.nodes[c].start), flags: flags)
        tree.nodes[c].parent = wrapper
        tree.nodes[c].previousSibling = -1
        tree.nodes[c].nextSibling = -1
        tree.nodes[c].role = childRole
        tree.nodes[Int(wrapper)].firstChild = child
        tree.nodes[Int(wrapper)].lastChild = child
        tree.nodes[Int(wrapper)].end = tree.nodes[c].end
        return wrapper
    }

    /// Consumes tokens up to (not including) `limit` as one opaque node.
    mutating func opaque(_ parent: Int32, until limit: Int) {
        let end = min(limit, toks.count)
        guard pos < end else { return }
        let node = add(.opaque, parent, .none, start: startByte(pos))
        finish(node, endByte(end - 1))
        pos = end
    }

    /// Consumes a bracketed group at `pos` as one opaque node (used past the nesting limit).
    mutating func opaqueGroup(_ parent: Int32, _ role: SyntaxRole) {
        let close = closing(pos)
        let node = add(.opaque, parent, role, start: startByte(pos))
        pos = max(pos, min(close + 1, toks.count))
        finishHere(node)
    }

    /// Emits comment nodes for comments that come before the token at `pos`.
    mutating func emitComments(_ parent: Int32, minimumIndent: Int = -1) {
        guard emitsComments else { return }
        let limit = pos < originals.count ? Int(originals[pos]) : allTokens.count
        while commentCursor < limit {
            let token = allTokens[commentCursor]
            if token.kind == .comment {
                if minimumIndent >= 0, token.startsLine, indent(ofByte: token.start) < minimumIndent { return }
                let node = add(.comment, parent, .statement, start: token.start)
                finish(node, token.end)
            }
            commentCursor += 1
        }
    }

    /// Skips comment bookkeeping past the current token (comments inside expressions are not nodes).
    mutating func skipComments() {
        guard emitsComments else { return }
        let limit = pos < originals.count ? Int(originals[pos]) : allTokens.count
        if commentCursor < limit { commentCursor = limit }
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

    func indent(_ index: Int) -> Int { index < toks.count ? indent(ofByte: toks[index].start) : -1 }

    // MARK: Entry

    mutating func parse() -> SyntaxTree {
        if isPython { parsePythonModule() } else { parseJavaScriptModule() }
        tree.nodes[0].end = Int32(truncatingIfNeeded: bytes.count)
        collectExports()
        return tree
    }
}

/// What ends an expression besides closing brackets and tokens that cannot continue one.
struct Stops: OptionSet {
    let rawValue: UInt16
    static let comma = Stops(rawValue: 1 << 0)
    static let colon = Stops(rawValue: 1 << 1)
    static let assign = Stops(rawValue: 1 << 2)
    static let keywordIn = Stops(rawValue: 1 << 3)
    static let keywordFor = Stops(rawValue: 1 << 4)
    static let keywordIf = Stops(rawValue: 1 << 5)
    /// A line break ends the expression (Python outside brackets; JS where ASI applies).
    static let newline = Stops(rawValue: 1 << 6)
    static let keywordAs = Stops(rawValue: 1 << 7)
    /// `=>` ends it (an arrow function's return type).
    static let arrow = Stops(rawValue: 1 << 8)
    static let keywordOf = Stops(rawValue: 1 << 9)
}
