/// The JavaScript (and TypeScript) expression grammar: symbol operators and the ternary, ASI
/// across lines, arrows, object literals, `new`, `import()`, tagged templates, JSX, and the
/// TypeScript postfixes `x!`, `as`/`satisfies` and type arguments.
extension JavaScriptParser {
    func isIdentifierLike(_ c: TokenCode) -> Bool {
        switch c {
        case .identifier, .kwOf, .kwGet, .kwSet, .kwStatic, .kwType, .kwInterface, .kwDeclare, .kwAbstract,
             .kwNamespace, .kwModule, .kwImplements, .kwPublic, .kwPrivate, .kwProtected, .kwReadonly,
             .kwOverride, .kwSatisfies, .kwKeyof, .kwAccessor, .kwRequire, .kwFrom, .kwAs, .kwAsync, .kwLet,
             .kwEnum, .kwUndefined:
            return true
        default: return false
        }
    }

    func isBinaryOperator(_ c: TokenCode, _ stops: Stops, pendingTernary: Int) -> Bool {
        switch c {
        case .colon: return pendingTernary > 0  // the ternary's second branch
        case .question, .andAnd, .orOr, .nullish, .kwInstanceof: return true
        default: return isCommonBinaryOperator(c, stops)
        }
    }

    /// ASI: a line break ends the expression unless the next token can only continue it.
    func lineBreakEndsExpression(before c: TokenCode) -> Bool { !continuesAcrossLine(c) }

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

    /// A line break does not end a member chain or call (only `++`/`--` and templates are restricted).
    func lineBreakEndsPostfix(_ stops: Stops) -> Bool { false }
    /// `yield` is a restricted production: a line break after it ends it.
    func lineBreakEndsYield(_ stops: Stops) -> Bool { true }
    /// Assignments are expressions anywhere.
    func allowsAssignment(_ c: TokenCode, _ stops: Stops) -> Bool { true }
    /// A trailing comma.
    func continuesWithoutOperand(after c: TokenCode) -> Bool { c == .comma }
    mutating func consumeOperatorRest(after c: TokenCode) {}
    mutating func parseOperandlessExpression(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 { -1 }

    /// `!`, signs, `~`, `++`/`--`, `typeof`, `void`, `delete` and the spread `...`.
    mutating func parsePrefixOperators() -> SyntaxFlags {
        var flags: SyntaxFlags = []
        while true {
            let c = code
            guard c == .bang || c == .minus || c == .plus || c == .tilde || c == .plusPlus || c == .minusMinus
                    || c == .kwTypeof || c == .kwVoid || c == .kwDelete || c == .ellipsis else { break }
            if c == .kwVoid { flags.insert(.voided) }
            if c == .ellipsis { flags.insert(.rest) }
            pos += 1
        }
        return flags
    }

    /// Generators are marked by `function*`, not by the `yield`s inside.
    mutating func noteYield() {}

    mutating func parsePrimary(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 {
        // `<T>(x: T) => …` or a `<T>expr` type assertion (TS without JSX): skip the type arguments.
        // In TSX the lexer leaves a `<` unlexed as markup only before a generic arrow's parameters.
        while isTypeScript, code == .less {
            guard let after = typeArgumentsEnd(pos), !core.jsx || code(at: after) == .lparen else { return -1 }
            pos = after
        }
        if let node = parseCommonPrimary(parent, role) { return node }
        let c = code
        switch c {
        case .lparen:
            if let arrow = arrowAfterParameters(pos) {
                return parseArrowFunction(parent, role, stops, parametersAt: pos, arrowAt: arrow, async: false, start: startByte(pos))
            }
            return parseGroup(parent, role)
        case .lbrace:
            return parseObjectLiteral(parent, role)
        case .kwFunction:
            return parseFunction(parent, role, start: startByte(pos), flags: [])
        case .kwClass:
            return parseClass(parent, role, start: startByte(pos), flags: [])
        case .kwNew:
            return parseNew(parent, role, stops)
        case .kwImport:
            return parseImportExpression(parent, role)
        case .jsx:
            return parseJSX(parent, role)
        case .kwAsync:
            let start = startByte(pos)
            if code(at: pos + 1) == .kwFunction, !startsLine(pos + 1) {
                pos += 1
                return parseFunction(parent, role, start: start, flags: .async)
            }
            if code(at: pos + 1) == .lparen, !startsLine(pos + 1), let arrow = arrowAfterParameters(pos + 1) {
                return parseArrowFunction(parent, role, stops, parametersAt: pos + 1, arrowAt: arrow, async: true, start: start)
            }
            if isIdentifierLike(code(at: pos + 1)), code(at: pos + 2) == .arrow, !startsLine(pos + 1) {
                return parseArrowFunction(parent, role, stops, parametersAt: pos + 1, arrowAt: pos + 2, async: true, start: start)
            }
            return parseName(parent, role)
        default:
            guard isIdentifierLike(c) else { return -1 }
            if code(at: pos + 1) == .arrow, !startsLine(pos + 1) {
                return parseArrowFunction(parent, role, stops, parametersAt: pos, arrowAt: pos + 1, async: false, start: startByte(pos))
            }
            return parseName(parent, role)
        }
    }

    /// Tagged templates, `++`/`--`, and TypeScript's `x!`, `as T`/`satisfies T` and `f<T>(…)`.
    mutating func parseLanguagePostfix(_ node: Int32, _ c: TokenCode) -> Int32? {
        switch c {
        case .string where bytes[toks[pos].start] == UInt8(ascii: "`"):
            // A tagged template is a call of the tag.
            let call = wrap(node, .call, childRole: .callee)
            parseStringLiteral(call, .argument)
            finishHere(call)
            return call
        case .bang where isTypeScript && !startsLine(pos):
            insert(.nonNull, into: node)
            pos += 1
            finishHere(node)
            return node
        case .plusPlus, .minusMinus:
            guard !startsLine(pos) else { return nil }
            pos += 1
            finishHere(node)
            return node
        case .kwAs, .kwSatisfies:
            guard isTypeScript, !startsLine(pos) else { return nil }
            pos += 1
            skipType([.comma, .colon, .assign, .arrow, .semicolon, .question], allowNewline: false)
            finishHere(node)
            return node
        case .less:
            guard isTypeScript, let after = typeArgumentsEnd(pos),
                  code(at: after) == .lparen || code(at: after) == .string || code(at: after) == .dot
                    || code(at: after) == .questionDot else { return nil }
            pos = after
            return node
        default:
            return nil
        }
    }

    mutating func parseArgument(_ call: Int32) -> Bool {
        parseExpression(call, .argument, .comma) >= 0
    }

    /// `require('m')` is an import.
    mutating func didParseCall(_ call: Int32) {
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

    mutating func parseGroupElement(_ group: Int32) -> Bool {
        parseExpression(group, .element, .comma) >= 0
    }

    /// A string literal; the holes of a template literal are code.
    @discardableResult
    mutating func parseStringLiteral(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let first = toks[pos]
        var flags: SyntaxFlags = .string
        let node = add(.literal, parent, role, start: first.start)
        if bytes[first.start] == UInt8(ascii: "`") {
            flags.insert(.template)
            parseHoles(node, Lexer.templateHoles(bytes, first))
        }
        pos += 1
        insert(flags, into: node)
        finishHere(node)
        return node
    }

    /// The `=>` after parameters starting at `open` (a `(` or a single name), if this is an arrow.
    func arrowAfterParameters(_ open: Int) -> Int? {
        guard codes.indices.contains(open), codes[open] == .lparen else { return nil }
        let close = Int(match[open])
        guard close > open else { return nil }
        let after = close + 1
        if code(at: after) == .arrow, !startsLine(after) { return after }
        if isTypeScript, code(at: after) == .colon {
            // `(a): Type => …`; a ternary's `(a) : b` is not followed by `=>`.
            var probe = self
            probe.pos = after + 1
            probe.skipType([.comma], allowNewline: false, braceEnds: true, arrowEnds: true, limit: 256)
            if probe.code == .arrow { return probe.pos }
        }
        return nil
    }

    mutating func parseArrowFunction(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops, parametersAt: Int, arrowAt: Int, async: Bool, start: Int) -> Int32 {
        var flags: SyntaxFlags = .arrow
        if async { flags.insert(.async) }
        let node = add(.function, parent, role, start: start, flags: flags)
        pos = parametersAt
        if code == .lparen {
            parseParameters(node)
            if code == .colon {
                pos += 1
                let typeNode = add(.type, node, .annotation, start: startByte(pos))
                pos = max(pos, arrowAt)
                finish(typeNode, startByte(min(arrowAt, toks.count)))
            }
        } else {
            let parameter = addToken(.parameter, node, .parameter, pos)
            setName(parameter, token: pos)
            pos += 1
        }
        // Never back over tokens the parameters consumed (malformed input can put `=>` inside them).
        pos = max(pos, arrowAt + 1)
        if code == .lbrace {
            parseBlock(node, .body)
        } else {
            insert(.expressionBody, into: node)
            parseExpression(node, .body, stops.union(.comma))
        }
        finishHere(node)
        return node
    }

    @discardableResult
    mutating func parseObjectLiteral(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let node = add(.group, parent, role, start: startByte(pos), flags: .braced)
        let close = closing(pos)
        pos += 1
        guard depth < ParserCore.maxDepth else { opaque(node, until: close); pos = max(pos, min(close + 1, toks.count)); finishHere(node); return node }
        depth += 1
        defer { depth -= 1 }
        while pos < close {
            if code == .comma { pos += 1; continue }
            let start = startByte(pos)
            let memberStart = pos
            if code == .ellipsis {
                parseExpression(node, .element, .comma)
            } else {
                var flags: SyntaxFlags = []
                while (code == .kwAsync || code == .kwGet || code == .kwSet), isMemberNameStart(pos + 1),
                      code(at: pos + 1) != .comma, code(at: pos + 1) != .colon, code(at: pos + 1) != .lparen {
                    flags.insert(code == .kwAsync ? .async : code == .kwGet ? .getter : .setter)
                    pos += 1
                }
                if code == .star { flags.insert(.generator); pos += 1 }
                let nameIndex = pos
                if code == .lbracket {
                    pos = closing(pos) + 1
                } else if isMemberNameStart(pos) {
                    pos += 1
                } else {
                    break
                }
                if code == .lparen || code == .less {
                    let method = add(.function, node, .element, start: start, flags: flags.union(.method))
                    if codes[nameIndex] != .lbracket { setName(method, token: nameIndex) }
                    parseFunctionRest(method)
                } else {
                    let property = add(.property, node, .element, start: start)
                    if codes[nameIndex] != .lbracket { setName(property, token: nameIndex) }
                    if code == .colon {
                        pos += 1
                        parseExpression(property, .value, .comma)
                    } else if code == .assign {  // shorthand with default, in patterns
                        pos += 1
                        parseExpression(property, .defaultValue, .comma)
                    }
                    finishHere(property)
                }
            }
            if pos == memberStart { break }
            if pos < close, code != .comma { break }
        }
        if pos < close { opaque(node, until: close) }
        pos = max(pos, min(close + 1, toks.count))
        finishHere(node)
        return node
    }

    /// `new Callee<T>(args)`.
    mutating func parseNew(_ parent: Int32, _ role: SyntaxRole, _ stops: Stops) -> Int32 {
        let node = add(.call, parent, role, start: startByte(pos), flags: .new)
        pos += 1
        if code == .dot {  // new.target
            pos += 1
            if isIdentifierLike(code) { pos += 1 }
            tree.nodes[Int(node)].kind = .name
            finishHere(node)
            return node
        }
        guard depth < ParserCore.maxDepth else { finishHere(node); return node }
        depth += 1
        defer { depth -= 1 }
        var callee = code == .kwNew ? parseNew(node, .callee, stops) : parsePrimary(node, .callee, stops)
        while callee >= 0, code == .dot || code == .questionDot, isIdentifierLike(code(at: pos + 1)) || code(at: pos + 1).isKeyword {
            callee = wrap(callee, .member, childRole: .object, flags: code == .questionDot ? .optional : [])
            setName(callee, token: pos + 1)
            pos += 2
            finishHere(callee)
        }
        if code == .less, isTypeScript, let after = typeArgumentsEnd(pos) { pos = after }
        if code == .lparen {
            parseArguments(node)
        }
        finishHere(node)
        return node
    }

    /// `import(…)` (a dynamic import) or `import.meta`.
    mutating func parseImportExpression(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let start = startByte(pos)
        if code(at: pos + 1) == .dot {
            let node = add(.name, parent, role, start: start)
            setName(node, token: pos)
            pos += 1
            finishHere(node)
            return node
        }
        let callee = addToken(.name, parent, role, pos)
        setName(callee, token: pos)
        pos += 1
        guard code == .lparen else { return callee }
        let call = wrap(callee, .call, childRole: .callee)
        let argumentStart = pos + 1
        parseArguments(call)
        if code(at: argumentStart) == .string {
            let token = toks[argumentStart]
            tree.imports.append(ImportRecord(
                form: .dynamicImport, module: stringValue(token), level: 0, names: [], isWildcard: false, typeOnly: false,
                node: Int(call), moduleStart: token.start, moduleEnd: token.end))
        }
        return call
    }

    /// A JSX element: markup tokens and `{ … }` holes that directly touch them.
    mutating func parseJSX(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let node = add(.jsx, parent, role, start: startByte(pos))
        pos += 1
        while !atEnd {
            if code == .jsx, toks[pos].start == toks[pos - 1].end {
                pos += 1
                continue
            }
            guard code == .lbrace, toks[pos].start == toks[pos - 1].end, codes[pos - 1] == .jsx else { break }
            let close = closing(pos)
            pos += 1
            while pos < close {
                let before = pos
                parseExpression(node, .element, [])
                if pos == before { break }
            }
            if pos < close { opaque(node, until: close) }
            pos = max(pos, min(close + 1, toks.count))
            // A hole is followed by more markup, or ends the element.
            guard code == .jsx, toks[pos].start == toks[pos - 1].end else { break }
        }
        finishHere(node)
        return node
    }
}
