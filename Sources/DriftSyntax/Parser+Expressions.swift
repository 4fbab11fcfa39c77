extension Parser {
    /// Parses one expression as a child of `parent`; returns its node or -1 when there is none.
    ///
    /// Operators are not modelled one by one: an expression of several operands is an `.expression`
    /// node holding them, which is what rules need (where a value goes, not how it is computed).
    @discardableResult
    mutating func parseExpression(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 {
        var first = parseUnit(parent, role, stops)
        if first < 0 {
            // Python slices and star-expressions may start with an operator-like token.
            guard isPython, code == .colon, !stops.contains(.colon) else { return -1 }
            first = add(.expression, parent, role, start: startByte(pos))
        }
        var compound: Int32 = -1
        var pendingTernary = 0
        while !atEnd {
            let c = code
            if stops.contains(.newline), startsLine(pos) {
                if isPython { break }
                // ASI: a line break ends the expression unless the next token can only continue it.
                if !continuesAcrossLine(c) { break }
            }
            // Assignment (JS anywhere, Python at statement level) and walrus: right-associative.
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
                if isPython, c != .walrus, !stops.contains(.newline) { break }
                let flags: SyntaxFlags = c == .augmentedAssign ? .augmented : c == .walrus ? .walrus : []
                let assignment = wrap(compound >= 0 ? compound : first, .assignment, childRole: .target, flags: flags)
                pos += 1
                guard depth < Parser.maxDepth else {
                    // `a = a = a = …` past the limit: the rest of the statement is opaque.
                    opaque(assignment, until: isPython ? pythonLineEnd(from: pos) : jsStatementEnd(from: pos))
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
            // `not in`, `is not`
            if isPython, c == .kwNot || c == .kwIs, code == .kwIn || code == .kwNot { pos += 1 }
            let operand = parseUnit(compound, .operand, stops)
            if operand < 0 {
                // A trailing comma (`x, = f()`), a slice colon, or an operator run such as `not in`.
                if c == .comma || (isPython && (c == .colon || code == .colon)) { continue }
                break
            }
        }
        if compound >= 0 { finishHere(compound); return compound }
        return first
    }

    /// Tokens that, at the start of a line, continue the expression before them (no ASI).
    func continuesAcrossLine(_ c: TokenCode) -> Bool {
        switch c {
        case .dot, .questionDot, .comma, .operatorOther, .star, .starStar, .less, .greater, .shiftRight,
             .shiftRightUnsigned, .andAnd, .orOr, .nullish, .pipe, .ampersand, .question, .colon,
             .assign, .augmentedAssign, .arrow, .kwInstanceof, .kwIn, .lparen, .lbracket:
            return true
        case .kwAs, .kwSatisfies: return isTypeScript
        default: return false
        }
    }

    func isBinaryOperator(_ c: TokenCode, _ stops: Stops, pendingTernary: Int) -> Bool {
        switch c {
        case .operatorOther, .star, .starStar, .less, .greater, .shiftRight, .shiftRightUnsigned, .pipe,
             .ampersand, .minus, .plus, .at:
            return true
        case .comma: return !stops.contains(.comma)
        case .colon: return pendingTernary > 0 || (isPython && !stops.contains(.colon))
        case .question: return !isPython
        case .andAnd, .orOr, .nullish, .kwInstanceof: return !isPython
        case .kwAnd, .kwOr, .kwIs, .kwNot: return isPython
        case .kwAs: return isPython && !stops.contains(.keywordAs)  // match-case capture patterns
        case .kwIn: return !stops.contains(.keywordIn)
        case .kwIf: return isPython && !stops.contains(.keywordIf)
        case .kwElse: return isPython && !stops.contains(.keywordIf)
        case .tilde: return false
        default: return false
        }
    }

    /// Names that are keywords only in some positions and otherwise plain identifiers.
    func isIdentifierLike(_ c: TokenCode) -> Bool {
        if c == .identifier { return true }
        if isPython { return c == .kwMatch || c == .kwCase }
        switch c {
        case .kwOf, .kwGet, .kwSet, .kwStatic, .kwType, .kwInterface, .kwDeclare, .kwAbstract, .kwNamespace,
             .kwModule, .kwImplements, .kwPublic, .kwPrivate, .kwProtected, .kwReadonly, .kwOverride,
             .kwSatisfies, .kwKeyof, .kwAccessor, .kwRequire, .kwFrom, .kwAs, .kwAsync, .kwLet, .kwEnum,
             .kwUndefined:
            return true
        default: return false
        }
    }

    /// One operand: prefix operators, a primary, and its postfix chain (member, call, subscript).
    @discardableResult
    mutating func parseUnit(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 {
        guard depth < Parser.maxDepth else {
            // Past the nesting limit the rest of this bracket level is kept opaque.
            if code.isOpenBracket { opaqueGroup(parent, role); return Int32(tree.nodes.count - 1) }
            return -1
        }
        depth += 1
        defer { depth -= 1 }
        var prefixFlags: SyntaxFlags = []
        let unitStart = startByte(pos)
        let prefixStart = pos
        while true {
            let c = code
            if isPython {
                guard c == .kwNot || c == .minus || c == .plus || c == .tilde || c == .star || c == .starStar else { break }
                if c == .star { prefixFlags.insert(.rest) }
                if c == .starStar { prefixFlags.insert(.keywordRest) }
            } else {
                guard c == .bang || c == .minus || c == .plus || c == .tilde || c == .plusPlus || c == .minusMinus
                        || c == .kwTypeof || c == .kwVoid || c == .kwDelete || c == .ellipsis else { break }
                if c == .kwVoid { prefixFlags.insert(.voided) }
                if c == .ellipsis { prefixFlags.insert(.rest) }
            }
            pos += 1
        }
        let c = code
        if c == .kwAwait {
            let node = add(.await, parent, role, start: unitStart, flags: prefixFlags)
            pos += 1
            parseUnit(node, .operand, stops)
            finishHere(node)
            return node
        }
        if c == .kwYield {
            if isPython, let function = openFunctions.last { insert(.generator, into: function) }
            let node = add(.yield, parent, role, start: startByte(pos), flags: prefixFlags)
            pos += 1
            if code == .kwFrom || code == .star { insert(.yieldFrom, into: node); pos += 1 }
            if !(startsLine(pos) && (isPython ? stops.contains(.newline) : true)) {
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
            // In Python, a line break outside brackets ends the statement; in JS it does not end
            // a member chain or call (only `++`/`--` and templates are restricted).
            if isPython, stops.contains(.newline), startsLine(pos) { break }
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
                // `#private` names are two tokens.
                if !isPython, code == .operatorOther, bytes[toks[pos].start] == UInt8(ascii: "#"), pos + 1 < toks.count {
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
            case .string where !isPython && bytes[toks[pos].start] == UInt8(ascii: "`"):
                // A tagged template is a call of the tag.
                node = wrap(node, .call, childRole: .callee)
                parseStringLiteral(node, .argument)
                finishHere(node)
            case .bang where isTypeScript && !startsLine(pos):
                insert(.nonNull, into: node)
                pos += 1
                finishHere(node)
            case .plusPlus, .minusMinus:
                guard !isPython, !startsLine(pos) else { return node }
                pos += 1
                finishHere(node)
            case .kwAs, .kwSatisfies:
                guard isTypeScript, !startsLine(pos) else { return node }
                pos += 1
                skipType([.comma, .colon, .assign, .arrow, .semicolon, .question], allowNewline: false)
                finishHere(node)
            case .less:
                guard isTypeScript, let after = typeArgumentsEnd(pos),
                      code(at: after) == .lparen || code(at: after) == .string || code(at: after) == .dot
                        || code(at: after) == .questionDot else { return node }
                pos = after
            default:
                return node
            }
        }
        return node
    }

    /// `( … )` of a call at `pos`: positional, keyword and spread arguments.
    mutating func parseArguments(_ call: Int32) {
        let close = closing(pos)
        pos += 1
        guard depth < Parser.maxDepth else { opaque(call, until: close); pos = max(pos, min(close + 1, toks.count)); finishHere(call); return }
        depth += 1
        defer { depth -= 1 }
        while pos < close {
            if code == .comma { pos += 1; continue }
            if isPython, isIdentifierLike(code), code(at: pos + 1) == .assign {
                let keyword = add(.keywordArgument, call, .argument, start: startByte(pos))
                setName(keyword, token: pos)
                pos += 2
                parseExpression(keyword, .value, .comma)
                finishHere(keyword)
            } else {
                let argument = parseExpression(call, .argument, .comma)
                if argument >= 0, isPython, code == .kwFor || code == .kwAsync {
                    parseComprehension(call)
                }
                if argument < 0 { break }
            }
            if pos < close, code != .comma { break }
        }
        if pos < close { opaque(call, until: close) }
        pos = max(pos, min(close + 1, toks.count))
        finishHere(call)
        if !isPython { recordRequire(call) }
    }

    /// `require('m')` is an import.
    mutating func recordRequire(_ call: Int32) {
        let callee = tree.nodes[Int(call)].firstChild
        guard callee >= 0, tree.nodes[Int(callee)].kind == .name, tree.nodes[Int(callee)].nameEnd - tree.nodes[Int(callee)].nameStart == 7 else { return }
        let argument = tree.nodes[Int(callee)].nextSibling
        guard argument >= 0, nameText(callee) == "require" else { return }
        let a = tree.nodes[Int(argument)]
        guard a.kind == .literal, a.flags.contains(.string), !a.flags.contains(.template) || !bytes[Int(a.start)..<Int(a.end)].contains(UInt8(ascii: "$")) else { return }
        let token = Token(kind: .string, start: Int(a.start), end: Int(a.end))
        tree.imports.append(ImportRecord(
            form: .require, module: stringValue(token), level: 0, names: [], isWildcard: false, typeOnly: false,
            node: Int(call), moduleStart: Int(a.start), moduleEnd: Int(a.end)))
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

    mutating func parsePrimary(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 {
        // `<T>(x: T) => …` or a `<T>expr` type assertion (TS without JSX): skip the type arguments.
        while isTypeScript, !allowsJSX, code == .less {
            guard let after = typeArgumentsEnd(pos) else { return -1 }
            pos = after
        }
        let c = code
        switch c {
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
        case .ellipsis where isPython:
            let node = addToken(.literal, parent, role, pos, flags: .ellipsis)
            pos += 1
            return node
        case .kwThis, .kwSuper:
            let node = addToken(.name, parent, role, pos)
            setName(node, token: pos)
            pos += 1
            return node
        case .lparen:
            if !isPython, let arrow = arrowAfterParameters(pos) {
                return parseArrowFunction(parent, role, stops, parametersAt: pos, arrowAt: arrow, async: false, start: startByte(pos))
            }
            return parseGroup(parent, role)
        case .lbracket:
            return parseGroup(parent, role)
        case .lbrace:
            return isPython ? parseGroup(parent, role) : parseObjectLiteral(parent, role)
        case .kwLambda where isPython:
            return parseLambda(parent, role, stops)
        case .kwFunction:
            return parseJSFunction(parent, role, start: startByte(pos), flags: [])
        case .kwClass where !isPython:
            return parseJSClass(parent, role, start: startByte(pos), flags: [])
        case .kwNew where !isPython:
            return parseNew(parent, role, stops)
        case .kwImport where !isPython:
            return parseImportExpression(parent, role)
        case .jsx:
            return parseJSX(parent, role)
        case .kwAsync where !isPython:
            let start = startByte(pos)
            if code(at: pos + 1) == .kwFunction, !startsLine(pos + 1) {
                pos += 1
                return parseJSFunction(parent, role, start: start, flags: .async)
            }
            if code(at: pos + 1) == .lparen, !startsLine(pos + 1), let arrow = arrowAfterParameters(pos + 1) {
                return parseArrowFunction(parent, role, stops, parametersAt: pos + 1, arrowAt: arrow, async: true, start: start)
            }
            if isIdentifierLike(code(at: pos + 1)), code(at: pos + 2) == .arrow, !startsLine(pos + 1) {
                return parseArrowFunction(parent, role, stops, parametersAt: pos + 1, arrowAt: pos + 2, async: true, start: start)
            }
            return parseName(parent, role)
        default:
            if isIdentifierLike(c) {
                if !isPython, code(at: pos + 1) == .arrow, !startsLine(pos + 1) {
                    return parseArrowFunction(parent, role, stops, parametersAt: pos, arrowAt: pos + 1, async: false, start: startByte(pos))
                }
                return parseName(parent, role)
            }
            return -1
        }
    }

    mutating func parseName(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let node = addToken(.name, parent, role, pos)
        setName(node, token: pos)
        pos += 1
        return node
    }

    /// A string literal; adjacent Python strings are one literal. The holes of JS templates and
    /// Python f-strings are parsed as code, children of the literal.
    @discardableResult
    mutating func parseStringLiteral(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let first = toks[pos]
        var flags: SyntaxFlags = .string
        let node = add(.literal, parent, role, start: first.start)
        if isPython {
            while code == .string {
                if isFString(toks[pos]) {
                    flags.insert(.template)
                    parseHoles(node, Lexer.pythonStringHoles(bytes, toks[pos]))
                }
                pos += 1
            }
        } else {
            if bytes[first.start] == UInt8(ascii: "`") {
                flags.insert(.template)
                parseHoles(node, Lexer.templateHoles(bytes, first))
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

    /// Lexes and parses each of `holes` (byte ranges of code inside a string token) as
    /// expressions that are children of the literal `node`.
    mutating func parseHoles(_ node: Int32, _ holes: [Range<Int>]) {
        // Each level re-lexes its holes, so nesting is capped to keep the work linear.
        guard !holes.isEmpty, depth < Parser.maxDepth, templateDepth < 8 else { return }
        templateDepth += 1
        defer { templateDepth -= 1 }
        // Parse each hole with its own token stream, then restore ours.
        let saved = (toks, codes, match, softEnds, pos, emitsComments)
        emitsComments = false
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
            load(Lexer.tokenize(bytes, language: language, range: hole, jsx: allowsJSX).filter { $0.kind != .comment })
            while pos < toks.count {
                let before = pos
                parseExpression(node, .element, [])
                if pos == before { pos += 1 }
            }
        }
        depth -= 1
        (toks, codes, match, softEnds, pos, emitsComments) = saved
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
        let table = isPython ? TokenCode.pythonTable : TokenCode.javascriptTable
        if end - start <= 10, end - start >= 2, table.lookup(bytes, start, end - start) != .identifier { return nil }
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
            let element = parseExpression(node, .element, isPython ? [.comma, .colon] : .comma)
            if element < 0 { break }
            if isPython {
                if code == .colon {  // dict entry
                    pos += 1
                    parseExpression(node, .value, [.comma, .colon])
                }
                if code == .kwFor || code == .kwAsync { parseComprehension(node) }
            }
            if pos < close, code != .comma { break }
        }
        if pos < close { opaque(node, until: close) }
        pos = max(pos, min(close + 1, toks.count))
        finishHere(node)
        return node
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
        parsePythonParameters(node, until: .colon)
        if code == .colon { pos += 1 }
        openFunctions.append(node)
        parseExpression(node, .body, stops.union(.comma))
        openFunctions.removeLast()
        finishHere(node)
        return node
    }
}
