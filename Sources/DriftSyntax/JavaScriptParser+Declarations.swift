/// Functions, parameters, classes and their members, TS interfaces and enums.
extension JavaScriptParser {
    /// `function name(params): type { body }`, `function*`, bodiless overloads.
    @discardableResult
    mutating func parseFunction(_ parent: Int32, _ role: SyntaxRole, start: Int, flags: SyntaxFlags) -> Int32 {
        let node = add(.function, parent, role, start: start, flags: flags)
        pos += 1  // `function`
        if code == .star { insert(.generator, into: node); pos += 1 }
        if isIdentifierLike(code) || code == .kwAwait || code == .kwYield {
            setName(node, token: pos)
            pos += 1
        }
        parseFunctionRest(node)
        return node
    }

    /// Type parameters, parameters, return type and body of a function or method at `pos`.
    mutating func parseFunctionRest(_ node: Int32) {
        if code == .less, let after = typeArgumentsEnd(pos) { pos = after }
        if code == .lparen { parseParameters(node) }
        if code == .colon {
            pos += 1
            let typeNode = add(.type, node, .annotation, start: startByte(pos))
            skipType([.semicolon, .comma], allowNewline: false, braceEnds: true)
            finishHere(typeNode)
        }
        if code == .lbrace {
            parseBlock(node, .body)
        } else {
            insert(.noBody, into: node)
            if code == .semicolon { pos += 1 }
        }
        finishHere(node)
    }

    /// `( params )` at `pos`: names, patterns, defaults, rest, TS annotations and modifiers.
    mutating func parseParameters(_ function: Int32) {
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

    /// `class Name<T> extends Base implements I { members }`.
    @discardableResult
    mutating func parseClass(_ parent: Int32, _ role: SyntaxRole, start: Int, flags: SyntaxFlags, decorators: [Int] = []) -> Int32 {
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
        if code == .lbrace { parseClassBody(node) }
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

    mutating func parseClassBody(_ classNode: Int32) {
        let isInterface = tree.nodes[Int(classNode)].flags.contains(.interface)
        let block = add(.block, classNode, .body, start: startByte(pos))
        let close = closing(pos)
        pos += 1
        guard depth < ParserCore.maxDepth else { opaque(block, until: close); pos = max(pos, min(close + 1, toks.count)); finishHere(block); return }
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
                parseBlock(block, .statement)
                continue
            }
            if code == .star { flags.insert(.generator); pos += 1 }
            if code == .lparen || code == .less || (code == .kwNew && (code(at: pos + 1) == .lparen || code(at: pos + 1) == .less)) {
                // A call or construct signature: `(x: T): U;`, `new (x: T): U;`.
                if code == .kwNew { pos += 1 }
                let signature = add(.function, block, .statement, start: start, flags: flags.union([.method, .noBody]))
                parseFunctionRest(signature)
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
                opaque(block, until: min(statementEnd(from: pos), close))
                if pos == memberStart { pos += 1 }
                continue
            }
            if code == .question || code == .bang { pos += 1 }
            if code == .lparen || code == .less {
                if isWord(nameIndex, "constructor") { flags.insert(.constructor) }
                let method = add(.function, block, .statement, start: start, flags: flags.union(.method))
                if codes[nameIndex] != .lbracket { setName(method, token: nameIndex) }
                attachDecorators(&decorators, to: method)
                parseFunctionRest(method)
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
        if code == .lbrace { parseClassBody(node) }
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
}
