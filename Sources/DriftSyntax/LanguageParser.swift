/// A hand-written, error-tolerant structural parser for one language that builds a `SyntaxTree`
/// from the lexer's tokens. Each language is one conforming type (`PythonParser`,
/// `JavaScriptParser` for JavaScript and TypeScript) with its own statements and expression
/// grammar; the token cursor, the tree builder and the expression machinery they share live here
/// and in `LanguageParser+Expressions.swift`.
///
/// Parsers are recursive descent with a hard nesting limit: past `ParserCore.maxDepth` levels a
/// construct is kept as one opaque node found with the precomputed bracket (or indentation)
/// extent, so no input can exhaust the stack. Every token is consumed once, apart from bounded
/// look-aheads, so parsing is linear. Whatever cannot be parsed becomes an opaque node spanning to
/// the next point the parser can resynchronise at (a closing bracket or the end of the statement).
///
/// A new language adds a type next to these: its statements, `parseModule`, `collectExports`,
/// and the expression grammar requirements below; it needs no branch in the shared code.
protocol LanguageParser {
    var core: ParserCore { get set }

    /// Parses the whole file into `tree`.
    mutating func parseModule()
    /// Fills in what the statement-by-statement pass cannot see locally (exports, bound names).
    mutating func collectExports()
    /// The end of the statement starting at `start`, for error recovery.
    func statementEnd(from start: Int) -> Int

    // MARK: Expression grammar (used by `LanguageParser+Expressions.swift`)

    /// Names that are keywords only in some positions and otherwise plain identifiers.
    func isIdentifierLike(_ c: TokenCode) -> Bool
    /// Whether `c` joins another operand onto the expression.
    func isBinaryOperator(_ c: TokenCode, _ stops: Stops, pendingTernary: Int) -> Bool
    /// Whether a line break before `c` ends an expression parsed with the `.newline` stop.
    func lineBreakEndsExpression(before c: TokenCode) -> Bool
    /// Whether a line break ends a member/call chain parsed with `stops`.
    func lineBreakEndsPostfix(_ stops: Stops) -> Bool
    /// Whether a line break right after `yield` means it has no operand.
    func lineBreakEndsYield(_ stops: Stops) -> Bool
    /// Whether the assignment operator `c` (`=`, `+=`, `:=`) may continue an expression here.
    func allowsAssignment(_ c: TokenCode, _ stops: Stops) -> Bool
    /// After the operator `c` found no operand: whether the expression still goes on.
    func continuesWithoutOperand(after c: TokenCode) -> Bool
    /// Consumes the rest of a two-word operator whose first word `c` was consumed.
    mutating func consumeOperatorRest(after c: TokenCode)
    /// An expression that starts with no operand (a Python slice `:x`); -1 when there is none.
    mutating func parseOperandlessExpression(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32
    /// Consumes prefix operators and returns what they say about the operand.
    mutating func parsePrefixOperators() -> SyntaxFlags
    /// Notes a `yield` at `pos` (a Python `def` becomes a generator).
    mutating func noteYield()
    /// One primary expression at `pos`; -1 when there is none.
    mutating func parsePrimary(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32
    /// A postfix form only this language has at `pos` (`c` is its code); nil when there is none.
    mutating func parseLanguagePostfix(_ node: Int32, _ c: TokenCode) -> Int32?
    /// One argument of `call` at `pos`; false when none could be parsed.
    mutating func parseArgument(_ call: Int32) -> Bool
    /// Called once a call's arguments are parsed.
    mutating func didParseCall(_ call: Int32)
    /// One element of a bracketed group at `pos`; false when none could be parsed.
    mutating func parseGroupElement(_ group: Int32) -> Bool
    /// A string literal at `pos`.
    @discardableResult
    mutating func parseStringLiteral(_ parent: Int32, _ role: SyntaxRole) -> Int32
}

extension LanguageParser {
    mutating func parse() -> SyntaxTree {
        parseModule()
        tree.nodes[0].end = Int32(truncatingIfNeeded: bytes.count)
        collectExports()
        return tree
    }

    // MARK: State

    @inline(__always) var bytes: UnsafeBufferPointer<UInt8> { core.bytes }
    @inline(__always) var language: Language { core.language }
    @inline(__always) var toks: [Token] { _read { yield core.toks } }
    @inline(__always) var codes: [TokenCode] { _read { yield core.codes } }
    @inline(__always) var match: [Int32] { _read { yield core.match } }
    @inline(__always) var pos: Int {
        get { core.pos }
        set { core.pos = newValue }
    }
    @inline(__always) var depth: Int {
        get { core.depth }
        set { core.depth = newValue }
    }
    @inline(__always) var tree: SyntaxTree {
        _read { yield core.tree }
        _modify { yield &core.tree }
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
        if let soft = core.softEnds[Int32(index)] { return Int(soft) }
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

    /// The indentation width of the line holding byte `offset` (tabs to multiples of 8).
    func indent(ofByte offset: Int) -> Int { core.indent(ofByte: offset) }

    func indent(_ index: Int) -> Int { index < toks.count ? indent(ofByte: toks[index].start) : -1 }

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
        guard core.emitsComments else { return }
        let limit = pos < core.originals.count ? Int(core.originals[pos]) : core.allTokens.count
        while core.commentCursor < limit {
            let token = core.allTokens[core.commentCursor]
            if token.kind == .comment {
                if minimumIndent >= 0, token.startsLine, indent(ofByte: token.start) < minimumIndent { return }
                let node = add(.comment, parent, .statement, start: token.start)
                finish(node, token.end)
            }
            core.commentCursor += 1
        }
    }

    /// Skips comment bookkeeping past the current token (comments inside expressions are not nodes).
    mutating func skipComments() {
        guard core.emitsComments else { return }
        let limit = pos < core.originals.count ? Int(core.originals[pos]) : core.allTokens.count
        if core.commentCursor < limit { core.commentCursor = limit }
    }

    // MARK: Names and side tables

    func nameText(_ node: Int32) -> String {
        let n = tree.nodes[Int(node)]
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(n.nameStart)..<Int(n.nameEnd)]), as: UTF8.self)
    }

    /// The target and value (-1 when it has none) of the assignment at `index`, if it is one.
    func assignmentParts(_ index: Int) -> (target: Int32, value: Int32)? {
        guard tree.nodes[index].kind == .assignment else { return nil }
        let target = tree.nodes[index].firstChild
        guard target >= 0, tree.nodes[Int(target)].role == .target else { return nil }
        return (target, tree.child(of: index, role: .value).map(Int32.init) ?? -1)
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
