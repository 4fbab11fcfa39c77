/// The expression machinery every language shares: operands joined by operators, assignments,
/// prefix and postfix chains, calls, subscripts, groups and string holes. What differs between
/// languages is asked of the front-end through `LanguageParser`'s expression grammar.
extension LanguageParser {
    /// Parses one expression as a child of `parent`; returns its node or -1 when there is none.
    ///
    /// Operators are not modelled one by one: an expression of several operands is an `.expression`
    /// node holding them, which is what rules need (where a value goes, not how it is computed).
    @discardableResult
    mutating func parseExpression(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 {
        var first = parseUnit(parent, role, stops)
        if first < 0 {
            first = parseOperandlessExpression(parent, role, stops)
            guard first >= 0 else { return -1 }
        }
        var compound: Int32 = -1
        var pendingTernary = 0
        while !atEnd {
            let c = code
            if stops.contains(.newline), startsLine(pos), lineBreakEndsExpression(before: c) { break }
            // Assignment and walrus: right-associative.
            if c == .assign || c == .augmentedAssign || c == .walrus {
                if c == .assign, stops.contains(.assign) { break }
                if pendingTernary > 0, compound >= 0 {
                    // `c ? a = 1 : b`: the assignment is the branch, not the whole expression.
                    let branch = tree.nodes[Int(compound)].lastChild
                    let assignment = wrap(branch, .assignment, childRole: .target, flags: c == .augmentedAssign ? .augmented : [])
                    pos += 1
                    parseExpression(assignment, .value, stops.union(.colon))
                    finishHere(assignment)
                    continue
                }
                guard allowsAssignment(c, stops) else { break }
                let flags: SyntaxFlags = c == .augmentedAssign ? .augmented : c == .walrus ? .walrus : []
                let assignment = wrap(compound >= 0 ? compound : first, .assignment, childRole: .target, flags: flags)
                pos += 1
                guard depth < ParserCore.maxDepth else {
                    // `a = a = a = …` past the limit: the rest of the statement is opaque.
                    opaque(assignment, until: statementEnd(from: pos))
                    finishHere(assignment)
                    return assignment
                }
                depth += 1
                parseExpression(assignment, .value, stops)
                depth -= 1
                finishHere(assignment)
                return assignment
            }
            guard isBinaryOperator(c, stops, pendingTernary: pendingTernary) else { break }
            if c == .question { pendingTernary += 1 }
            if c == .colon, pendingTernary > 0 { pendingTernary -= 1 }
            if compound < 0 {
                compound = wrap(first, .expression, childRole: .operand)
            }
            pos += 1
            consumeOperatorRest(after: c)
            let operand = parseUnit(compound, .operand, stops)
            // A trailing comma (`x, = f()`), a slice colon, or an operator run such as `not in`.
            if operand < 0, !continuesWithoutOperand(after: c) { break }
        }
        if compound >= 0 { finishHere(compound); return compound }
        return first
    }

    /// The operators that join operands in every language; the rest is the front-end's.
    func isCommonBinaryOperator(_ c: TokenCode, _ stops: Stops) -> Bool {
        switch c {
        case .operatorOther, .star, .starStar, .less, .greater, .shiftRight, .shiftRightUnsigned, .pipe,
             .ampersand, .minus, .plus, .at:
            return true
        case .comma: return !stops.contains(.comma)
        case .kwIn: return !stops.contains(.keywordIn)
        default: return false
        }
    }

    /// One operand: prefix operators, a primary, and its postfix chain (member, call, subscript).
    @discardableResult
    mutating func parseUnit(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 {
        guard depth < ParserCore.maxDepth else {
            // Past the nesting limit the rest of this bracket level is kept opaque.
            if code.isOpenBracket { opaqueGroup(parent, role); return Int32(tree.nodes.count - 1) }
            return -1
        }
        depth += 1
        defer { depth -= 1 }
        let unitStart = startByte(pos)
        let prefixStart = pos
        let prefixFlags = parsePrefixOperators()
        let c = code
        if c == .kwAwait {
            let node = add(.await, parent, role, start: unitStart, flags: prefixFlags)
            pos += 1
            parseUnit(node, .operand, stops)
            finishHere(node)
            return node
        }
        if c == .kwYield {
            noteYield()
            let node = add(.yield, parent, role, start: startByte(pos), flags: prefixFlags)
            pos += 1
            if code == .kwFrom || code == .star { insert(.yieldFrom, into: node); pos += 1 }
            if !(startsLine(pos) && lineBreakEndsYield(stops)) {
                parseExpression(node, .operand, stops)
            }
            finishHere(node)
            return node
        }
        var node = parsePrimary(parent, role, stops)
        guard node >= 0 else { return -1 }
        node = parsePostfix(node, stops)
        if !prefixFlags.isEmpty { insert(prefixFlags, into: node) }
        // The unit spans its prefix operators, so `!x` / `not x` can be read from its range.
        if pos > prefixStart, tree.nodes[Int(node)].start > Int32(unitStart) { tree.nodes[Int(node)].start = Int32(truncatingIfNeeded: unitStart) }
        return node
    }

    mutating func parsePostfix(_ start: Int32, _ stops: Stops) -> Int32 {
        var node = start
        while !atEnd {
            let c = code
            if startsLine(pos), lineBreakEndsPostfix(stops) { break }
            switch c {
            case .dot, .questionDot:
                let optional = c == .questionDot
                pos += 1
                if optional, code == .lparen {
                    node = wrap(node, .call, childRole: .callee, flags: .optional)
                    parseArguments(node)
                    continue
                }
                if optional, code == .lbracket {
                    node = wrap(node, .subscript, childRole: .object, flags: .optional)
                    parseSubscript(node)
                    continue
                }
                node = wrap(node, .member, childRole: .object, flags: optional ? .optional : [])
                // `#private` names are two tokens (in Python `#` starts a comment, never a token).
                if code == .operatorOther, bytes[toks[pos].start] == UInt8(ascii: "#"), pos + 1 < toks.count {
                    setName(node, start: toks[pos].start, end: toks[pos + 1].end)
                    pos += 2
                } else if code == .identifier || code.isKeyword {
                    setName(node, token: pos)
                    pos += 1
                }
                finishHere(node)
            case .lparen:
                node = wrap(node, .call, childRole: .callee)
                parseArguments(node)
            case .lbracket:
                node = wrap(node, .subscript, childRole: .object)
                parseSubscript(node)
            default:
                guard let next = parseLanguagePostfix(node, c) else { return node }
                node = next
            }
        }
        return node
    }

    /// `( … )` of a call at `pos`.
    mutating func parseArguments(_ call: Int32) {
        let close = closing(pos)
        pos += 1
        guard depth < ParserCore.maxDepth else { opaque(call, until: close); pos = max(pos, min(close + 1, toks.count)); finishHere(call); return }
        depth += 1
        defer { depth -= 1 }
        while pos < close {
            if code == .comma { pos += 1; continue }
            guard parseArgument(call) else { break }
            if pos < close, code != .comma { break }
        }
        if pos < close { opaque(call, until: close) }
        pos = max(pos, min(close + 1, toks.count))
        finishHere(call)
        didParseCall(call)
    }

    /// `[ … ]` of a subscript at `pos`: index expressions and slices.
    mutating func parseSubscript(_ subscriptNode: Int32) {
        let close = closing(pos)
        pos += 1
        while pos < close {
            if code == .comma || code == .colon { pos += 1; continue }
            if parseExpression(subscriptNode, .index, [.comma, .colon]) < 0 { break }
        }
        if pos < close { opaque(subscriptNode, until: close) }
        pos = max(pos, min(close + 1, toks.count))
        finishHere(subscriptNode)
    }

    /// The primaries every language writes alike: numbers, strings, regexes, constants,
    /// `this`/`super` and `[ … ]`; nil when the token at `pos` is none of them.
    mutating func parseCommonPrimary(_ parent: Int32, _ role: SyntaxRole) -> Int32? {
        switch code {
        case .number:
            let node = addToken(.literal, parent, role, pos, flags: .number)
            pos += 1
            return node
        case .string:
            return parseStringLiteral(parent, role)
        case .regex:
            let node = addToken(.literal, parent, role, pos, flags: .regex)
            pos += 1
            return node
        case .kwTrue, .kwFalse, .kwNone, .kwNull, .kwUndefined:
            let node = addToken(.literal, parent, role, pos, flags: .constant)
            pos += 1
            return node
        case .kwThis, .kwSuper:
            return parseName(parent, role)
        case .lbracket:
            return parseGroup(parent, role)
        default:
            return nil
        }
    }

    mutating func parseName(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let node = addToken(.name, parent, role, pos)
        setName(node, token: pos)
        pos += 1
        return node
    }

    /// Lexes and parses each of `holes` (byte ranges of code inside a string token) as
    /// expressions that are children of the literal `node`.
    mutating func parseHoles(_ node: Int32, _ holes: [Range<Int>]) {
        // Each level re-lexes its holes, so nesting is capped to keep the work linear.
        guard !holes.isEmpty, depth < ParserCore.maxDepth, core.templateDepth < 8 else { return }
        core.templateDepth += 1
        defer { core.templateDepth -= 1 }
        // Parse each hole with its own token stream, then restore ours.
        let saved = (core.toks, core.codes, core.match, core.softEnds, core.pos, core.emitsComments)
        core.emitsComments = false
        depth += 1
        for hole in holes where !hole.isEmpty {
            if let name = plainName(in: hole) {
                // `{name}`, the most common hole, needs no lexer of its own.
                let element = add(.name, node, .element, start: name.lowerBound)
                finish(element, name.upperBound)
                setName(element, start: name.lowerBound, end: name.upperBound)
                continue
            }
            // Comments in a hole (3.12 multi-line holes, JS `${a /* b */}`) are not code.
            core.load(Lexer.tokenize(bytes, language: language, range: hole, jsx: core.jsx).filter { $0.kind != .comment })
            while pos < toks.count {
                let before = pos
                parseExpression(node, .element, [])
                if pos == before { pos += 1 }
            }
        }
        depth -= 1
        (core.toks, core.codes, core.match, core.softEnds, core.pos, core.emitsComments) = saved
    }

    /// The range of the identifier that is all of `hole` but white space, if it is one and no keyword.
    func plainName(in hole: Range<Int>) -> Range<Int>? {
        var start = hole.lowerBound, end = hole.upperBound
        while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        guard start < end, end - start <= 64 else { return nil }
        for i in start..<end {
            let b = bytes[i]
            let letter = (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b == UInt8(ascii: "_") || b == UInt8(ascii: "$")
            guard letter || (i > start && b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) else { return nil }
        }
        if end - start <= 10, end - start >= 2, TokenCode.keywords(of: language).lookup(bytes, start, end - start) != .identifier { return nil }
        return start..<end
    }

    /// `( … )`, `[ … ]`, Python `{ … }`: tuples, lists, sets, dicts, comprehensions, parenthesised expressions.
    @discardableResult
    mutating func parseGroup(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let open = code
        let flags: SyntaxFlags = open == .lparen ? .parenthesized : open == .lbracket ? .bracketed : .braced
        let node = add(.group, parent, role, start: startByte(pos), flags: flags)
        let close = closing(pos)
        pos += 1
        while pos < close {
            if code == .comma { pos += 1; continue }
            guard parseGroupElement(node) else { break }
            if pos < close, code != .comma { break }
        }
        if pos < close { opaque(node, until: close) }
        pos = max(pos, min(close + 1, toks.count))
        finishHere(node)
        return node
    }
}
