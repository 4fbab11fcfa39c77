/// Python's expression grammar: word operators (`not in`, `is not`, `and`), conditional
/// expressions, keyword arguments, comprehensions, dicts, slices, lambdas, adjacent strings and
/// f-strings.
extension PythonParser {
    func isIdentifierLike(_ c: TokenCode) -> Bool {
        c == .identifier || c == .kwMatch || c == .kwCase
    }

    func isBinaryOperator(_ c: TokenCode, _ stops: Stops, pendingTernary: Int) -> Bool {
        switch c {
        case .colon: return !stops.contains(.colon)  // slices and dict entries
        case .kwAnd, .kwOr, .kwIs, .kwNot: return true
        case .kwAs: return !stops.contains(.keywordAs)  // match-case capture patterns
        case .kwIf, .kwElse: return !stops.contains(.keywordIf)
        default: return isCommonBinaryOperator(c, stops)
        }
    }

    /// Outside brackets a line break always ends the statement.
    func lineBreakEndsExpression(before c: TokenCode) -> Bool { true }
    func lineBreakEndsPostfix(_ stops: Stops) -> Bool { stops.contains(.newline) }
    func lineBreakEndsYield(_ stops: Stops) -> Bool { stops.contains(.newline) }

    /// `=` and augmented assignments are statements (parsed with the `.newline` stop); `:=` is an
    /// expression anywhere.
    func allowsAssignment(_ c: TokenCode, _ stops: Stops) -> Bool {
        c == .walrus || stops.contains(.newline)
    }

    func continuesWithoutOperand(after c: TokenCode) -> Bool {
        c == .comma || c == .colon || code == .colon
    }

    /// `not in`, `is not`.
    mutating func consumeOperatorRest(after c: TokenCode) {
        if c == .kwNot || c == .kwIs, code == .kwIn || code == .kwNot { pos += 1 }
    }

    /// Slices may start with their colon (`x[:n]`).
    mutating func parseOperandlessExpression(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 {
        guard code == .colon, !stops.contains(.colon) else { return -1 }
        return add(.expression, parent, role, start: startByte(pos))
    }

    /// `not`, signs, `~`, and the unpacking stars `*xs` / `**kw`.
    mutating func parsePrefixOperators() -> SyntaxFlags {
        var flags: SyntaxFlags = []
        while true {
            let c = code
            guard c == .kwNot || c == .minus || c == .plus || c == .tilde || c == .star || c == .starStar else { break }
            if c == .star { flags.insert(.rest) }
            if c == .starStar { flags.insert(.keywordRest) }
            pos += 1
        }
        return flags
    }

    mutating func noteYield() {
        if let function = openFunctions.last { insert(.generator, into: function) }
    }

    mutating func parsePrimary(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 {
        if let node = parseCommonPrimary(parent, role) { return node }
        switch code {
        case .ellipsis:
            let node = addToken(.literal, parent, role, pos, flags: .ellipsis)
            pos += 1
            return node
        case .lparen, .lbrace:
            return parseGroup(parent, role)
        case .kwLambda:
            return parseLambda(parent, role, stops)
        default:
            return isIdentifierLike(code) ? parseName(parent, role) : -1
        }
    }

    mutating func parseLanguagePostfix(_ node: Int32, _ c: TokenCode) -> Int32? { nil }

    /// Positional, keyword (`name=value`), unpacked and generator arguments.
    mutating func parseArgument(_ call: Int32) -> Bool {
        if isIdentifierLike(code), code(at: pos + 1) == .assign {
            let keyword = add(.keywordArgument, call, .argument, start: startByte(pos))
            setName(keyword, token: pos)
            pos += 2
            parseExpression(keyword, .value, .comma)
            finishHere(keyword)
            return true
        }
        let argument = parseExpression(call, .argument, .comma)
        if argument >= 0, code == .kwFor || code == .kwAsync {
            parseComprehension(call)
        }
        return argument >= 0
    }

    mutating func didParseCall(_ call: Int32) {}

    /// An element, a dict entry `key: value`, or a comprehension's element and clauses.
    mutating func parseGroupElement(_ group: Int32) -> Bool {
        guard parseExpression(group, .element, [.comma, .colon]) >= 0 else { return false }
        if code == .colon {  // dict entry
            pos += 1
            parseExpression(group, .value, [.comma, .colon])
        }
        if code == .kwFor || code == .kwAsync { parseComprehension(group) }
        return true
    }

    /// Adjacent strings are one literal; the holes of f-strings (and t-strings) are code.
    @discardableResult
    mutating func parseStringLiteral(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        var flags: SyntaxFlags = .string
        let node = add(.literal, parent, role, start: toks[pos].start)
        while code == .string {
            if isFString(toks[pos]) {
                flags.insert(.template)
                parseHoles(node, Lexer.pythonStringHoles(bytes, toks[pos]))
            }
            pos += 1
        }
        insert(flags, into: node)
        finishHere(node)
        return node
    }

    func isFString(_ token: Token) -> Bool {
        var i = token.start
        while i < token.end, i - token.start < 3, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "'") {
            if bytes[i] | 0x20 == UInt8(ascii: "f") || bytes[i] | 0x20 == UInt8(ascii: "t") { return true }
            i += 1
        }
        return false
    }

    /// `for x in xs if cond` clauses after a comprehension's element.
    mutating func parseComprehension(_ parent: Int32) {
        while code == .kwFor || (code == .kwAsync && code(at: pos + 1) == .kwFor) {
            var flags: SyntaxFlags = .comprehension
            let start = startByte(pos)
            if code == .kwAsync { flags.insert(.awaiting); pos += 1 }
            let loop = add(.loop, parent, .element, start: start, flags: flags)
            pos += 1
            parseExpression(loop, .target, [.keywordIn])
            if code == .kwIn { pos += 1 }
            parseExpression(loop, .iterable, [.keywordFor, .keywordIf, .comma])
            while code == .kwIf {
                pos += 1
                parseExpression(loop, .condition, [.keywordFor, .keywordIf, .comma])
            }
            finishHere(loop)
        }
    }

    /// `lambda a, b=1: body`.
    mutating func parseLambda(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 {
        let node = add(.function, parent, role, start: startByte(pos), flags: [.lambda, .expressionBody])
        pos += 1
        parseParameters(node, until: .colon)
        if code == .colon { pos += 1 }
        openFunctions.append(node)
        parseExpression(node, .body, stops.union(.comma))
        openFunctions.removeLast()
        finishHere(node)
        return node
    }
}
