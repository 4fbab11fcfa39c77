extension Parser {
    mutating func parseJavaScriptModule() {
        while !atEnd {
            emitComments(0)
            let before = pos
            parseJSStatement(0)
            if pos == before { opaque(0, until: pos + 1) }
        }
        emitComments(0)
    }

    /// The end of the statement starting at `start` for error recovery: the next `;` (included),
    /// a token starting a line, or a closing brace, outside brackets.
    func jsStatementEnd(from start: Int) -> Int {
        var i = start
        while i < toks.count {
            let c = codes[i]
            if c == .semicolon { return i + 1 }
            if c == .rbrace || c == .rparen || c == .rbracket { return i }
            if i > start, toks[i].startsLine { return i }
            i = c.isOpenBracket ? closing(i) + 1 : i + 1
        }
        return toks.count
    }

    /// Ends a statement: `;`, or a line break / `}` / end of input (ASI); anything else is opaque.
    mutating func endJSStatement(_ parent: Int32) {
        if code == .semicolon { pos += 1; return }
        if atEnd || startsLine(pos) || code == .rbrace { return }
        opaque(parent, until: jsStatementEnd(from: pos))
    }

    /// A `{ … }` block of statements at `pos`.
    @discardableResult
    mutating func parseJSBlock(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let block = add(.block, parent, role, start: startByte(pos))
        let close = closing(pos)
        pos += 1
        guard depth < Parser.maxDepth else {
            opaque(block, until: close)
            pos = max(pos, min(close + 1, toks.count))
            finishHere(block)
            return block
        }
        depth += 1
        while pos < close {
            emitComments(block)
            let before = pos
            parseJSStatement(block)
            if pos == before { opaque(block, until: pos + 1) }
        }
        depth -= 1
        emitComments(block)
        pos = max(pos, min(close + 1, toks.count))
        finishHere(block)
        return block
    }

    /// A statement, or a block when the statement is `{ … }` (bodies of `if`, loops, …).
    mutating func parseJSBody(_ parent: Int32, _ role: SyntaxRole) {
        if code == .lbrace {
            parseJSBlock(parent, role)
        } else {
            let block = add(.block, parent, role, start: startByte(pos))
            if !atEnd { parseJSStatement(block) }
            finishHere(block)
        }
    }

    mutating func parseJSStatement(_ parent: Int32, flags extraFlags: SyntaxFlags = []) {
        // Bodies without braces (`if (a) if (b) …`), labels and `declare` nest statements directly.
        guard depth < Parser.maxDepth else {
            opaque(parent, until: max(pos + 1, jsStatementEnd(from: pos)))
            return
        }
        depth += 1
        defer { depth -= 1 }
        while isIdentifierLike(code), code(at: pos + 1) == .colon { pos += 2 }  // labels
        let c = code
        let start = startByte(pos)
        switch c {
        case .semicolon:
            pos += 1
        case .lbrace:
            parseJSBlock(parent, .statement)
        case .rbrace, .rparen, .rbracket:
            opaque(parent, until: pos + 1)
        case .kwVar, .kwConst:
            if c == .kwConst, code(at: pos + 1) == .kwEnum { pos += 1; parseTSEnum(parent, start: start); return }
            parseJSDeclaration(parent, flags: extraFlags)
            endJSStatement(parent)
        case .kwLet where isIdentifierLike(code(at: pos + 1)) || code(at: pos + 1) == .lbracket || code(at: pos + 1) == .lbrace:
            parseJSDeclaration(parent, flags: extraFlags)
            endJSStatement(parent)
        case .kwFunction:
            parseJSFunction(parent, .statement, start: start, flags: extraFlags)
        case .kwAsync where code(at: pos + 1) == .kwFunction && !startsLine(pos + 1):
            pos += 1
            parseJSFunction(parent, .statement, start: start, flags: extraFlags.union(.async))
        case .kwClass:
            parseJSClass(parent, .statement, start: start, flags: extraFlags)
        case .kwAbstract where code(at: pos + 1) == .kwClass:
            pos += 1
            parseJSClass(parent, .statement, start: start, flags: extraFlags.union(.abstract))
        case .at:
            // Decorators: parsed once the class exists (pos is rewound).
            var decorators: [Int] = []
            while code == .at {
                decorators.append(pos)
                pos += 1
                var probe = pos
                while probe < toks.count, isIdentifierLike(codes[probe]) || codes[probe] == .dot { probe += 1 }
                if code(at: probe) == .lparen { probe = closing(probe) + 1 }
                pos = max(probe, pos + 1)
            }
            if code == .kwExport { pos += 1; if code == .kwDefault { pos += 1 } }
            if code == .kwAbstract { pos += 1 }
            if code == .kwClass {
                parseJSClass(parent, .statement, start: start, flags: extraFlags, decorators: decorators)
            } else {
                parseJSStatement(parent)
            }
        case .kwIf:
            let node = add(.ifStatement, parent, .statement, start: start)
            pos += 1
            parseJSCondition(node)
            parseJSBody(node, .body)
            if code == .kwElse {
                pos += 1
                if code == .kwIf {
                    // `else if` is an `if` in the else branch.
                    let before = tree.nodes.count
                    parseJSStatement(node)
                    if before < tree.nodes.count { tree.nodes[before].role = .orelse }
                } else {
                    parseJSBody(node, .orelse)
                }
            }
            finishHere(node)
        case .kwFor:
            parseJSFor(parent, start: start)
        case .kwWhile:
            let node = add(.loop, parent, .statement, start: start, flags: .whileLoop)
            pos += 1
            parseJSCondition(node)
            parseJSBody(node, .body)
            finishHere(node)
        case .kwDo:
            let node = add(.loop, parent, .statement, start: start, flags: .doWhile)
            pos += 1
            parseJSBody(node, .body)
            if code == .kwWhile { pos += 1; parseJSCondition(node) }
            if code == .semicolon { pos += 1 }
            finishHere(node)
        case .kwTry:
            parseJSTry(parent, start: start)
        case .kwSwitch:
            parseJSSwitch(parent, start: start)
        case .kwReturn, .kwThrow:
            let node = add(c == .kwReturn ? .returnStatement : .throwStatement, parent, .statement, start: start)
            pos += 1
            if !atEnd, !startsLine(pos), code != .semicolon, code != .rbrace {
                parseExpression(node, .value, .newline)
            }
            finishHere(node)
            endJSStatement(parent)
        case .kwBreak, .kwContinue:
            let node = addToken(.otherStatement, parent, .statement, pos, flags: .jump)
            setName(node, token: pos)
            pos += 1
            if isIdentifierLike(code), !startsLine(pos) { pos += 1 }
            finishHere(node)
            endJSStatement(parent)
        case .kwDebugger:
            addToken(.otherStatement, parent, .statement, pos)
            pos += 1
            endJSStatement(parent)
        case .kwImport where code(at: pos + 1) != .lparen && code(at: pos + 1) != .dot:
            parseESImport(parent)
            endJSStatement(parent)
        case .kwExport:
            parseESExport(parent)
        case .kwInterface where isTypeScript && isIdentifierLike(code(at: pos + 1)):
            parseTSInterface(parent, start: start)
        case .kwType where isTypeScript && isIdentifierLike(code(at: pos + 1)) && !startsLine(pos + 1):
            let node = add(.otherStatement, parent, .statement, start: start, flags: .typeOnly)
            setName(node, token: pos + 1)
            pos += 2
            if code == .less, let after = typeArgumentsEnd(pos) { pos = after }
            if code == .assign { pos += 1 }
            let typeNode = add(.type, node, .value, start: startByte(pos))
            skipType([.semicolon], allowNewline: false)
            finishHere(typeNode)
            finishHere(node)
            endJSStatement(parent)
        case .kwEnum where isTypeScript && isIdentifierLike(code(at: pos + 1)):
            parseTSEnum(parent, start: start)
        case .kwDeclare where isTypeScript && !startsLine(pos + 1):
            pos += 1
            if isWord(pos, "global") { pos += 1 }
            let before = tree.nodes.count
            parseJSStatement(parent, flags: extraFlags.union(.declaration))
            markDeclared(from: before)
        case .kwNamespace, .kwModule:
            guard isTypeScript || c == .kwModule,
                  isIdentifierLike(code(at: pos + 1)) || code(at: pos + 1) == .string, !startsLine(pos + 1) else {
                parseJSExpressionStatement(parent)
                return
            }
            let node = add(.classDeclaration, parent, .statement, start: start, flags: .declaration)
            pos += 1
            setName(node, token: pos)
            pos += 1
            while code == .dot, isIdentifierLike(code(at: pos + 1)) { pos += 2 }
            if code == .lbrace { parseJSBlock(node, .body) } else { endJSStatement(node) }
            finishHere(node)
        case .kwAbstract where isTypeScript:
            pos += 1
            parseJSStatement(parent, flags: extraFlags.union(.abstract))
        default:
            parseJSExpressionStatement(parent)
        }
    }

    /// Marks nodes created from `index` on that are functions as bodiless declarations.
    mutating func markDeclared(from index: Int) {
        for i in index..<tree.nodes.count where tree.nodes[i].kind == .function || tree.nodes[i].kind == .classDeclaration {
            tree.nodes[i].flags.insert(.declaration)
        }
    }

    mutating func parseJSExpressionStatement(_ parent: Int32) {
        let statement = add(.expressionStatement, parent, .statement, start: startByte(pos))
        if parseExpression(statement, .value, .newline) < 0 {
            opaque(statement, until: jsStatementEnd(from: pos))
        }
        finishHere(statement)
        endJSStatement(parent)
    }

    /// `( condition )` of `if`/`while`.
    mutating func parseJSCondition(_ node: Int32) {
        guard code == .lparen else { return }
        let close = closing(pos)
        pos += 1
        parseExpression(node, .condition, [])
        if pos < close { opaque(node, until: close) }
        pos = max(pos, min(close + 1, toks.count))
    }

    /// `var`/`let`/`const` declarators.
    mutating func parseJSDeclaration(_ parent: Int32, flags extraFlags: SyntaxFlags = []) {
        let kind = code
        var flags: SyntaxFlags = kind == .kwConst ? [.letDeclaration, .constant] : kind == .kwLet ? .letDeclaration : .varDeclaration
        flags.formUnion(extraFlags.intersection(.declaration))
        let node = add(.declaration, parent, .statement, start: startByte(pos), flags: flags)
        pos += 1
        parseJSDeclarators(node, stops: .newline)
        finishHere(node)
    }

    mutating func parseJSDeclarators(_ node: Int32, stops: Stops) {
        while !atEnd {
            let declarator = add(.declarator, node, .value, start: startByte(pos))
            if isIdentifierLike(code) || code == .kwAwait || code == .kwYield {
                let name = addToken(.name, declarator, .target, pos)
                setName(name, token: pos)
                setName(declarator, token: pos)
                pos += 1
            } else if code == .lbrace {
                parseObjectLiteral(declarator, .target)
            } else if code == .lbracket {
                parseGroup(declarator, .target)
            } else {
                finishHere(declarator)
                break
            }
            if code == .bang { pos += 1 }
            if code == .colon, isTypeScript {
                pos += 1
                let typeNode = add(.type, declarator, .annotation, start: startByte(pos))
                skipType([.assign, .comma, .semicolon], allowNewline: false)
                finishHere(typeNode)
            }
            if code == .assign {
                pos += 1
                if parseExpression(declarator, .value, stops.union(.comma)) < 0 {
                    opaque(declarator, until: jsStatementEnd(from: pos))
                }
            }
            finishHere(declarator)
            guard code == .comma else { break }
            pos += 1
        }
    }

    /// `function name(params): type { body }`, `function*`, bodiless overloads.
    @discardableResult
    mutating func parseJSFunction(_ parent: Int32, _ role: SyntaxRole, start: Int, flags: SyntaxFlags) -> Int32 {
        let node = add(.function, parent, role, start: start, flags: flags)
        pos += 1  // `function`
        if code == .star { insert(.generator, into: node); pos += 1 }
        if isIdentifierLike(code) || code == .kwAwait || code == .kwYield {
            setName(node, token: pos)
            pos += 1
        }
        parseJSFunctionRest(node)
        return node
    }

    /// Type parameters, parameters, return type and body of a function or method at `pos`.
    mutating func parseJSFunctionRest(_ node: Int32) {
        if code == .less, let after = typeArgumentsEnd(pos) { pos = after }
        if code == .lparen { parseJSParameters(node) }
        if code == .colon {
            pos += 1
            let typeNode = add(.type, node, .annotation, start: startByte(pos))
            skipType([.semicolon, .comma], allowNewline: false, braceEnds: true)
            finishHere(typeNode)
        }
        if code == .lbrace {
            parseJSBlock(node, .body)
        } else {
            insert(.noBody, into: node)
            if code == .semicolon { pos += 1 }
        }
        finishHere(node)
    }

    /// `( params )` at `pos`: names, patterns, defaults, rest, TS annotations and modifiers.
    mutating func parseJSParameters(_ function: Int32) {
        let close = closing(pos)
        pos += 1
        while pos < close {
            if code == .comma { pos += 1; continue }
            let start = startByte(pos)
            while code == .at {  // parameter decorators
                pos += 1
                while isIdentifierLike(code) || code == .dot { pos += 1 }
                if code == .lparen { pos = closing(pos) + 1 }
            }
            while [.kwPublic, .kwPrivate, .kwProtected, .kwReadonly, .kwOverride].contains(code),
                  isIdentifierLike(code(at: pos + 1)) || code(at: pos + 1) == .lbrace || code(at: pos + 1) == .lbracket {
                pos += 1
            }
            var flags: SyntaxFlags = []
            if code == .ellipsis { flags.insert(.rest); pos += 1 }
            let parameter = add(.parameter, function, .parameter, start: start, flags: flags)
            if isIdentifierLike(code) || code == .kwThis || code == .kwAwait || code == .kwYield {
                setName(parameter, token: pos)
                pos += 1
            } else if code == .lbrace {
                parseObjectLiteral(parameter, .target)
            } else if code == .lbracket {
                parseGroup(parameter, .target)
            } else {
                finishHere(parameter)
                break
            }
            if code == .question { pos += 1 }
            if code == .colon {
                pos += 1
                let typeNode = add(.type, parameter, .annotation, start: startByte(pos))
                skipType([.comma, .assign, .rparen], allowNewline: true)
                finishHere(typeNode)
            }
            if code == .assign {
                pos += 1
                parseExpression(parameter, .defaultValue, .comma)
            }
            finishHere(parameter)
            if pos < close, code != .comma { break }
        }
        if pos < close { opaque(function, until: close) }
        pos = max(pos, min(close + 1, toks.count))
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
            parseJSParameters(node)
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
            parseJSBlock(node, .body)
        } else {
            insert(.expressionBody, into: node)
            parseExpression(node, .body, stops.union(.comma))
        }
        finishHere(node)
        return node
    }

    /// `class Name<T> extends Base implements I { members }`.
    @discardableResult
    mutating func parseJSClass(_ parent: Int32, _ role: SyntaxRole, start: Int, flags: SyntaxFlags, decorators: [Int] = []) -> Int32 {
        let node = add(.classDeclaration, parent, role, start: start, flags: flags)
        let resume = pos
        var furthest = 0
        for at in decorators where at + 1 >= furthest {
            pos = at + 1
            let decorator = add(.decorator, node, .decorator, start: startByte(at))
            parseUnit(decorator, .value, [])
            finishHere(decorator)
            furthest = max(furthest, pos)
        }
        // Decorators are parsed once; one that ran past the class keyword ends the rewinding.
        pos = max(resume + 1, furthest)
        if isIdentifierLike(code), code != .kwExtends, code != .kwImplements {
            setName(node, token: pos)
            pos += 1
        }
        if code == .less, let after = typeArgumentsEnd(pos) { pos = after }
        if code == .kwExtends {
            pos += 1
            parseUnit(node, .base, [])
            if code == .less, let after = typeArgumentsEnd(pos) { pos = after }
        }
        if code == .kwImplements {
            pos += 1
            skipType([], allowNewline: true, braceEnds: true)
        }
        if code == .lbrace { parseJSClassBody(node) }
        finishHere(node)
        return node
    }

    /// Modifiers a class member may start with; each is the member's name when nothing follows it.
    func isMemberModifier(_ c: TokenCode) -> Bool {
        switch c {
        case .kwStatic, .kwPublic, .kwPrivate, .kwProtected, .kwReadonly, .kwAbstract, .kwOverride, .kwDeclare,
             .kwAccessor, .kwAsync, .kwGet, .kwSet:
            return true
        default: return false
        }
    }

    func isMemberNameStart(_ index: Int) -> Bool {
        let c = code(at: index)
        return c == .identifier || c.isKeyword || c == .string || c == .number || c == .lbracket || c == .star
            || (c == .operatorOther && index < toks.count && bytes[toks[index].start] == UInt8(ascii: "#"))
    }

    mutating func parseJSClassBody(_ classNode: Int32) {
        let isInterface = tree.nodes[Int(classNode)].flags.contains(.interface)
        let block = add(.block, classNode, .body, start: startByte(pos))
        let close = closing(pos)
        pos += 1
        guard depth < Parser.maxDepth else { opaque(block, until: close); pos = max(pos, min(close + 1, toks.count)); finishHere(block); return }
        depth += 1
        defer { depth -= 1 }
        var decorators: [Int] = []
        while pos < close {
            emitComments(block)
            let start = startByte(pos)
            let memberStart = pos
            if code == .semicolon || code == .comma { pos += 1; continue }
            if code == .at {
                decorators.append(pos)
                pos += 1
                while isIdentifierLike(code) || code == .dot || code.isKeyword { pos += 1 }
                if code == .lparen { pos = closing(pos) + 1 }
                continue
            }
            var flags: SyntaxFlags = isInterface ? .noBody : []
            if tree.nodes[Int(classNode)].flags.contains(.declaration) { flags.insert(.declaration) }
            while isMemberModifier(code), isMemberNameStart(pos + 1), !startsLine(pos + 1) || !(code == .kwGet || code == .kwSet || code == .kwAsync) {
                switch code {
                case .kwStatic: flags.insert(.isStatic)
                case .kwAbstract: flags.insert(.abstract)
                case .kwAsync: flags.insert(.async)
                case .kwGet: flags.insert(.getter)
                case .kwSet: flags.insert(.setter)
                case .kwDeclare: flags.insert(.declaration)
                default: break
                }
                pos += 1
            }
            if code == .kwStatic, code(at: pos + 1) == .lbrace {  // static initialisation block
                pos += 1
                parseJSBlock(block, .statement)
                continue
            }
            if code == .star { flags.insert(.generator); pos += 1 }
            if code == .lparen || code == .less || (code == .kwNew && (code(at: pos + 1) == .lparen || code(at: pos + 1) == .less)) {
                // A call or construct signature: `(x: T): U;`, `new (x: T): U;`.
                if code == .kwNew { pos += 1 }
                let signature = add(.function, block, .statement, start: start, flags: flags.union([.method, .noBody]))
                parseJSFunctionRest(signature)
                tree.nodes[Int(signature)].flags.insert(.noBody)
                skipMemberEnd()
                if pos == memberStart { opaque(block, until: pos + 1) }  // `<` that opens nothing
                continue
            }
            // The member's name.
            let nameIndex = pos
            if code == .lbracket {
                // Computed name or index signature.
                pos = closing(pos) + 1
            } else if code == .operatorOther, bytes[toks[pos].start] == UInt8(ascii: "#"), pos + 1 < close {
                pos += 2
            } else if isMemberNameStart(pos) {
                pos += 1
            } else {
                opaque(block, until: min(jsStatementEnd(from: pos), close))
                if pos == memberStart { pos += 1 }
                continue
            }
            if code == .question || code == .bang { pos += 1 }
            if code == .lparen || code == .less {
                if isWord(nameIndex, "constructor") { flags.insert(.constructor) }
                let method = add(.function, block, .statement, start: start, flags: flags.union(.method))
                if codes[nameIndex] != .lbracket { setName(method, token: nameIndex) }
                attachDecorators(&decorators, to: method)
                parseJSFunctionRest(method)
                if isInterface { skipMemberEnd() }
            } else {
                let property = add(.property, block, .statement, start: start, flags: flags)
                if codes[nameIndex] != .lbracket { setName(property, token: nameIndex) }
                attachDecorators(&decorators, to: property)
                if code == .colon {
                    pos += 1
                    let typeNode = add(.type, property, .annotation, start: startByte(pos))
                    skipType([.assign, .semicolon, .comma], allowNewline: false)
                    finishHere(typeNode)
                }
                if code == .assign {
                    pos += 1
                    parseExpression(property, .value, .newline)
                }
                finishHere(property)
                skipMemberEnd()
            }
            if pos == memberStart { pos += 1 }
        }
        emitComments(block)
        if pos < close { opaque(block, until: close) }
        pos = max(pos, min(close + 1, toks.count))
        finishHere(block)
    }

    mutating func skipMemberEnd() {
        if code == .semicolon || code == .comma { pos += 1 }
    }

    mutating func attachDecorators(_ decorators: inout [Int], to node: Int32) {
        guard !decorators.isEmpty else { return }
        let resume = pos
        var furthest = 0
        for at in decorators where at + 1 >= furthest {
            pos = at + 1
            let decorator = add(.decorator, node, .decorator, start: startByte(at))
            parseUnit(decorator, .value, [])
            finishHere(decorator)
            furthest = max(furthest, pos)
        }
        decorators.removeAll()
        pos = max(resume, furthest)
    }

    mutating func parseTSInterface(_ parent: Int32, start: Int) {
        let node = add(.classDeclaration, parent, .statement, start: start, flags: .interface)
        pos += 1
        setName(node, token: pos)
        pos += 1
        if code == .less, let after = typeArgumentsEnd(pos) { pos = after }
        if code == .kwExtends {
            pos += 1
            skipType([], allowNewline: true, braceEnds: true)
        }
        if code == .lbrace { parseJSClassBody(node) }
        finishHere(node)
    }

    mutating func parseTSEnum(_ parent: Int32, start: Int) {
        let node = add(.classDeclaration, parent, .statement, start: start, flags: .declaration)
        pos += 1
        if isIdentifierLike(code) { setName(node, token: pos); pos += 1 }
        if code == .lbrace {
            let body = add(.type, node, .body, start: startByte(pos))
            pos = min(closing(pos) + 1, toks.count)
            finishHere(body)
        }
        finishHere(node)
    }

    mutating func parseJSFor(_ parent: Int32, start: Int) {
        let node = add(.loop, parent, .statement, start: start)
        pos += 1
        if code == .kwAwait { insert(.awaiting, into: node); pos += 1 }
        guard code == .lparen else { finishHere(node); return }
        let close = closing(pos)
        pos += 1
        // Head: declaration or expression, then `of`/`in` or `;`.
        if code == .kwVar || code == .kwConst || (code == .kwLet && code(at: pos + 1) != .kwOf && code(at: pos + 1) != .kwIn) {
            let kind = code
            let flags: SyntaxFlags = kind == .kwConst ? [.letDeclaration, .constant] : kind == .kwLet ? .letDeclaration : .varDeclaration
            let declaration = add(.declaration, node, .target, start: startByte(pos), flags: flags)
            pos += 1
            parseJSDeclarators(declaration, stops: [.keywordIn, .keywordOf])
            finishHere(declaration)
        } else if code != .semicolon {
            parseExpression(node, .target, [.keywordIn, .keywordOf])
        }
        if code == .kwOf || code == .kwIn {
            insert(code == .kwOf ? .forOf : .forIn, into: node)
            pos += 1
            parseExpression(node, .iterable, [])
        } else {
            if code == .semicolon { pos += 1 }
            if code != .semicolon { parseExpression(node, .condition, []) }
            if code == .semicolon { pos += 1 }
            if pos < close { parseExpression(node, .update, []) }
        }
        if pos < close { opaque(node, until: close) }
        pos = max(pos, min(close + 1, toks.count))
        parseJSBody(node, .body)
        finishHere(node)
    }

    mutating func parseJSTry(_ parent: Int32, start: Int) {
        let node = add(.tryStatement, parent, .statement, start: start)
        pos += 1
        if code == .lbrace { parseJSBlock(node, .body) }
        if code == .kwCatch {
            let handler = add(.catchClause, node, .handler, start: startByte(pos))
            pos += 1
            if code == .lparen {
                let close = closing(pos)
                pos += 1
                if isIdentifierLike(code) {
                    setName(handler, token: pos)
                    pos += 1
                } else if code == .lbrace {
                    parseObjectLiteral(handler, .target)
                } else if code == .lbracket {
                    parseGroup(handler, .target)
                }
                if code == .colon { pos += 1; skipType([.rparen], allowNewline: true) }
                pos = max(pos, min(close + 1, toks.count))
            }
            if code == .lbrace { parseJSBlock(handler, .body) }
            finishHere(handler)
        }
        if code == .kwFinally {
            pos += 1
            if code == .lbrace { parseJSBlock(node, .finalizer) }
        }
        finishHere(node)
    }

    mutating func parseJSSwitch(_ parent: Int32, start: Int) {
        let node = add(.switchStatement, parent, .statement, start: start)
        pos += 1
        parseJSCondition(node)
        guard code == .lbrace else { finishHere(node); return }
        let close = closing(pos)
        pos += 1
        var clause: Int32 = -1
        while pos < close {
            if code == .kwCase || code == .kwDefault {
                if clause >= 0 { finishHere(clause) }
                clause = add(.caseClause, node, .handler, start: startByte(pos), flags: code == .kwDefault ? .isDefault : [])
                pos += 1
                if tree.nodes[Int(clause)].flags.contains(.isDefault) == false {
                    parseExpression(clause, .condition, .colon)
                }
                if code == .colon { pos += 1 }
                continue
            }
            let owner = clause >= 0 ? clause : node
            emitComments(owner)
            let before = pos
            parseJSStatement(owner)
            if pos == before { opaque(owner, until: pos + 1) }
        }
        if clause >= 0 { finishHere(clause) }
        pos = max(pos, min(close + 1, toks.count))
        finishHere(node)
    }

    /// `{ … }` in expression position: an object literal (or a destructuring pattern).
    @discardableResult
    mutating func parseObjectLiteral(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let node = add(.group, parent, role, start: startByte(pos), flags: .braced)
        let close = closing(pos)
        pos += 1
        guard depth < Parser.maxDepth else { opaque(node, until: close); pos = max(pos, min(close + 1, toks.count)); finishHere(node); return node }
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
                    parseJSFunctionRest(method)
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
        guard depth < Parser.maxDepth else { finishHere(node); return node }
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

    func stringValue(_ token: Token) -> String {
        var start = token.start, end = token.end
        if start < end, Lexer.isQuote(bytes[start]) { start += 1 }
        if end > start, Lexer.isQuote(bytes[end - 1]) { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// `import x, { a as b, type C } from 'm'`, `import * as ns from 'm'`, `import 'm'`, `import x = require('m')`.
    mutating func parseESImport(_ parent: Int32) {
        let node = add(.importDeclaration, parent, .statement, start: startByte(pos))
        pos += 1
        var record = ImportRecord(form: .esImport, module: "", level: 0, names: [], isWildcard: false, typeOnly: false,
                                  node: Int(node), moduleStart: 0, moduleEnd: 0)
        if code == .kwType, code(at: pos + 1) != .kwFrom, code(at: pos + 1) != .comma {
            record.typeOnly = true
            insert(.typeOnly, into: node)
            pos += 1
        }
        if isIdentifierLike(code), code != .kwFrom || code(at: pos + 1) == .kwFrom {
            let specifier = addToken(.importSpecifier, node, .specifier, pos)
            setName(specifier, token: pos)
            record.names.append(.init(imported: "default", local: text(pos), typeOnly: record.typeOnly, offset: startByte(pos)))
            pos += 1
            if code == .assign {  // TS `import x = require('m')` / `import x = A.B`
                pos += 1
                if code == .kwRequire, code(at: pos + 1) == .lparen, code(at: pos + 2) == .string {
                    record.form = .require
                    record.module = stringValue(toks[pos + 2])
                    record.moduleStart = startByte(pos + 2)
                    record.moduleEnd = endByte(pos + 2)
                    record.names[0].imported = nil
                    pos = closing(pos + 1) + 1
                    tree.imports.append(record)
                } else {
                    while !atEnd, !startsLine(pos), code != .semicolon { pos += 1 }
                }
                finishHere(node)
                return
            }
            if code == .comma { pos += 1 }
        }
        if code == .star {
            pos += 1
            if code == .kwAs { pos += 1 }
            record.isWildcard = true
            if isIdentifierLike(code) {
                let specifier = addToken(.importSpecifier, node, .specifier, pos)
                setName(specifier, token: pos)
                record.names.append(.init(imported: "*", local: text(pos), typeOnly: record.typeOnly, offset: startByte(pos)))
                pos += 1
            }
        } else if code == .lbrace {
            parseSpecifierList(node, &record.names, typeOnly: record.typeOnly, exports: false)
        }
        if code == .kwFrom { pos += 1 }
        if code == .string {
            record.module = stringValue(toks[pos])
            record.moduleStart = startByte(pos)
            record.moduleEnd = endByte(pos)
            pos += 1
            tree.imports.append(record)
        }
        // Import attributes: `with { type: "json" }` / `assert { … }`.
        if (code == .kwWith || isWord(pos, "assert")), code(at: pos + 1) == .lbrace, !startsLine(pos) {
            pos = closing(pos + 1) + 1
        }
        finishHere(node)
    }

    /// `{ a, b as c, type D, "string name" as e }` of an import or export.
    mutating func parseSpecifierList(_ node: Int32, _ names: inout [ImportRecord.Name], typeOnly: Bool, exports: Bool) {
        let close = closing(pos)
        pos += 1
        while pos < close {
            if code == .comma { pos += 1; continue }
            var itemTypeOnly = typeOnly
            if code == .kwType, code(at: pos + 1) != .comma, code(at: pos + 1) != .kwAs, pos + 1 < close {
                itemTypeOnly = true
                pos += 1
            }
            guard isIdentifierLike(code) || code.isKeyword || code == .string else { break }
            let specifier = add(.importSpecifier, node, .specifier, start: startByte(pos))
            let imported = code == .string ? stringValue(toks[pos]) : text(pos)
            var localIndex = pos
            pos += 1
            if code == .kwAs, pos + 1 < close {
                localIndex = pos + 1
                pos += 2
            }
            setName(specifier, token: localIndex)
            finishHere(specifier)
            let local = code(at: localIndex) == .string ? stringValue(toks[localIndex]) : text(localIndex)
            names.append(.init(imported: imported, local: local, typeOnly: itemTypeOnly, offset: startByte(localIndex)))
        }
        if pos < close { opaque(node, until: close) }
        pos = max(pos, min(close + 1, toks.count))
    }

    /// `export …` in all its forms.
    mutating func parseESExport(_ parent: Int32) {
        let start = startByte(pos)
        let node = add(.exportDeclaration, parent, .statement, start: start)
        pos += 1
        if code == .kwType, code(at: pos + 1) == .lbrace || code(at: pos + 1) == .star {
            insert(.typeOnly, into: node)
            pos += 1
        }
        switch code {
        case .kwDefault:
            insert(.isDefault, into: node)
            pos += 1
            tree.exports.append(ExportRecord(form: .esDefault, name: "default", node: Int(node)))
            if code == .kwFunction || code == .kwClass || (code == .kwAsync && code(at: pos + 1) == .kwFunction)
                || (code == .kwAbstract && code(at: pos + 1) == .kwClass) || code == .kwInterface {
                parseJSStatement(node)
            } else {
                let statement = add(.expressionStatement, node, .value, start: startByte(pos))
                parseExpression(statement, .value, .newline)
                finishHere(statement)
                endJSStatement(node)
            }
        case .star, .lbrace:
            var names: [ImportRecord.Name] = []
            var isWildcard = false
            if code == .star {
                isWildcard = true
                pos += 1
                if code == .kwAs {
                    pos += 1
                    names.append(.init(imported: "*", local: text(pos), typeOnly: false, offset: startByte(pos)))
                    pos += 1
                }
            } else {
                parseSpecifierList(node, &names, typeOnly: tree.nodes[Int(node)].flags.contains(.typeOnly), exports: true)
            }
            if code == .kwFrom, code(at: pos + 1) == .string {
                pos += 1
                tree.imports.append(ImportRecord(
                    form: .esExportFrom, module: stringValue(toks[pos]), level: 0, names: names, isWildcard: isWildcard,
                    typeOnly: tree.nodes[Int(node)].flags.contains(.typeOnly), node: Int(node),
                    moduleStart: startByte(pos), moduleEnd: endByte(pos)))
                pos += 1
                if isWildcard, names.isEmpty { tree.exports.append(ExportRecord(form: .esReExport, name: "*", node: Int(node))) }
                for name in names { tree.exports.append(ExportRecord(form: .esReExport, name: name.local ?? "*", node: Int(node))) }
            } else {
                for name in names { tree.exports.append(ExportRecord(form: .esNamed, name: name.local ?? "", node: Int(node))) }
            }
            if (code == .kwWith || isWord(pos, "assert")), code(at: pos + 1) == .lbrace, !startsLine(pos) {
                pos = closing(pos + 1) + 1
            }
            endJSStatement(node)
        case .kwAs where isTypeScript:  // `export as namespace X;`
            pos = max(pos + 1, jsStatementEnd(from: pos))
        case .assign where isTypeScript:  // `export = x`
            pos += 1
            let statement = add(.expressionStatement, node, .value, start: startByte(pos))
            parseExpression(statement, .value, .newline)
            finishHere(statement)
            tree.exports.append(ExportRecord(form: .commonJSWhole, name: "default", node: Int(node)))
            endJSStatement(node)
        default:
            let before = tree.nodes.count
            parseJSStatement(node)
            // Names of what was declared.
            var child = tree.nodes[Int(node)].firstChild
            while child >= 0 {
                let n = tree.nodes[Int(child)]
                if n.kind == .declaration {
                    var d = n.firstChild
                    while d >= 0 {
                        if tree.nodes[Int(d)].hasName { tree.exports.append(ExportRecord(form: .esNamed, name: nameText(d), node: Int(d))) }
                        d = tree.nodes[Int(d)].nextSibling
                    }
                } else if n.hasName, n.kind == .function || n.kind == .classDeclaration || n.kind == .otherStatement {
                    tree.exports.append(ExportRecord(form: .esNamed, name: nameText(child), node: Int(child)))
                }
                child = n.nextSibling
            }
            _ = before
        }
        finishHere(node)
    }

    func nameText(_ node: Int32) -> String {
        let n = tree.nodes[Int(node)]
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(n.nameStart)..<Int(n.nameEnd)]), as: UTF8.self)
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

    // MARK: TypeScript types

    /// Skips a type annotation. Brackets are jumped over; `<…>` is counted (`>>` closes two);
    /// outside brackets the type ends at a token in `stops`, at `{` when `braceEnds` and a type is
    /// complete, at `=>` when `arrowEnds`, and at a line break after a complete type unless
    /// `allowNewline`.
    mutating func skipType(_ stops: Set<TokenCode>, allowNewline: Bool, braceEnds: Bool = false, arrowEnds: Bool = false, limit: Int = Int.max) {
        var angle = 0
        var expectOperand = true
        var lastWasParenGroup = false
        var steps = 0
        while !atEnd {
            steps += 1
            if steps > limit { return }
            let c = code
            if c == .rparen || c == .rbracket || c == .rbrace || c == .semicolon { return }
            if angle == 0 {
                if c == .lbrace {
                    if braceEnds, !expectOperand { return }
                } else if c == .arrow {
                    if arrowEnds || stops.contains(.arrow), !lastWasParenGroup { return }
                } else if stops.contains(c) {
                    return
                }
                if !allowNewline, !expectOperand, startsLine(pos),
                   !(c == .pipe || c == .ampersand || c == .dot || c == .question || c == .colon || c == .kwExtends || c == .arrow) { return }
            }
            lastWasParenGroup = false
            switch c {
            case .lparen:
                lastWasParenGroup = expectOperand
                pos = closing(pos) + 1
                expectOperand = false
            case .lbracket, .lbrace:
                pos = closing(pos) + 1
                expectOperand = false
            case .less: angle += 1; pos += 1; expectOperand = true
            case .greater, .shiftRight, .shiftRightUnsigned:
                if angle == 0 { return }
                angle = max(0, angle - (c == .greater ? 1 : c == .shiftRight ? 2 : 3))
                pos += 1
                expectOperand = false
            case .pipe, .ampersand, .arrow, .question, .colon, .dot, .kwKeyof, .kwTypeof, .kwExtends, .comma, .assign,
                 .kwReadonly, .kwIn, .kwIs, .questionDot, .ellipsis, .minus:
                pos += 1
                expectOperand = true
            case .kwNew:
                pos += 1
                expectOperand = true
            default:
                // Type predicates and modifiers: `x is T`, `asserts x is T`, `infer R`, `unique symbol`.
                if c == .identifier, isWord(pos, "is") || ((isWord(pos, "asserts") || isWord(pos, "infer") || isWord(pos, "unique"))
                    && (isIdentifierLike(code(at: pos + 1)) || code(at: pos + 1) == .kwThis)) {
                    pos += 1
                    expectOperand = true
                    continue
                }
                if !expectOperand, angle == 0 { return }
                pos += 1
                expectOperand = false
            }
        }
    }

    /// The position after `<…>` type arguments starting at `open`, if the tokens there can be
    /// type arguments (bounded look-ahead, so this stays linear).
    func typeArgumentsEnd(_ open: Int) -> Int? {
        guard code(at: open) == .less else { return nil }
        var angle = 0
        var i = open
        var steps = 0
        while i < toks.count, steps < 256 {
            steps += 1
            let c = codes[i]
            switch c {
            case .less: angle += 1
            case .greater: angle -= 1
            case .shiftRight: angle -= 2
            case .shiftRightUnsigned: angle -= 3
            case .lparen, .lbracket, .lbrace:
                i = closing(i)
            case .identifier, .comma, .dot, .pipe, .ampersand, .string, .number, .question, .colon, .arrow, .assign,
                 .kwTypeof, .kwKeyof, .kwExtends, .kwNull, .kwUndefined, .kwTrue, .kwFalse, .kwThis, .kwVoid, .kwReadonly,
                 .kwIn, .kwConst, .minus, .ellipsis, .kwFunction, .kwNew:
                break
            default:
                if !(c.isKeyword && isIdentifierLike(c)) { return nil }
            }
            i += 1
            if angle == 0 { return i }
            if angle < 0 { return nil }
        }
        return nil
    }
}
