/// The JavaScript and TypeScript front-end: ES statements with automatic semicolon insertion,
/// classes, modules, JSX and TypeScript's declarations (types are skipped, never modelled), and
/// the JavaScript expression grammar (`JavaScriptParser+Expressions.swift`) over the shared
/// `LanguageParser` core.
struct JavaScriptParser: LanguageParser {
    var core: ParserCore
    let isTypeScript: Bool

    /// `jsx` says whether the file was lexed with JSX (`.js`, `.jsx`, `.tsx`).
    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [Token], typeScript: Bool, jsx: Bool) {
        core = ParserCore(bytes: bytes, tokens: tokens, language: typeScript ? .typescript : .javascript, jsx: jsx)
        isTypeScript = typeScript
    }

    mutating func parseModule() {
        while !atEnd {
            emitComments(0)
            let before = pos
            parseStatement(0)
            if pos == before { opaque(0, until: pos + 1) }
        }
        emitComments(0)
    }

    /// The end of the statement starting at `start` for error recovery: the next `;` (included),
    /// a token starting a line, or a closing brace, outside brackets.
    func statementEnd(from start: Int) -> Int {
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
    mutating func endStatement(_ parent: Int32) {
        if code == .semicolon { pos += 1; return }
        if atEnd || startsLine(pos) || code == .rbrace { return }
        opaque(parent, until: statementEnd(from: pos))
    }

    /// A `{ … }` block of statements at `pos`.
    @discardableResult
    mutating func parseBlock(_ parent: Int32, _ role: SyntaxRole) -> Int32 {
        let block = add(.block, parent, role, start: startByte(pos))
        let close = closing(pos)
        pos += 1
        guard depth < ParserCore.maxDepth else {
            opaque(block, until: close)
            pos = max(pos, min(close + 1, toks.count))
            finishHere(block)
            return block
        }
        depth += 1
        while pos < close {
            emitComments(block)
            let before = pos
            parseStatement(block)
            if pos == before { opaque(block, until: pos + 1) }
        }
        depth -= 1
        emitComments(block)
        pos = max(pos, min(close + 1, toks.count))
        finishHere(block)
        return block
    }

    /// A statement, or a block when the statement is `{ … }` (bodies of `if`, loops, …).
    mutating func parseBody(_ parent: Int32, _ role: SyntaxRole) {
        if code == .lbrace {
            parseBlock(parent, role)
        } else {
            let block = add(.block, parent, role, start: startByte(pos))
            if !atEnd { parseStatement(block) }
            finishHere(block)
        }
    }

    /// One statement at `pos`. Bodies without braces (`if (a) if (b) …`), labels and `declare`
    /// nest statements directly, so the depth is counted here.
    mutating func parseStatement(_ parent: Int32, flags extraFlags: SyntaxFlags = []) {
        guard depth < ParserCore.maxDepth else {
            opaque(parent, until: max(pos + 1, statementEnd(from: pos)))
            return
        }
        depth += 1
        defer { depth -= 1 }
        while isIdentifierLike(code), code(at: pos + 1) == .colon { pos += 2 }  // labels
        let start = startByte(pos)
        let next = code(at: pos + 1)
        switch code {
        case .semicolon: pos += 1
        case .lbrace: parseBlock(parent, .statement)
        case .rbrace, .rparen, .rbracket: opaque(parent, until: pos + 1)
        case .kwConst where next == .kwEnum:
            pos += 1
            parseTSEnum(parent, start: start)
        case .kwVar, .kwConst: parseVariableStatement(parent, flags: extraFlags)
        case .kwLet where isIdentifierLike(next) || next == .lbracket || next == .lbrace:
            parseVariableStatement(parent, flags: extraFlags)
        case .kwFunction: parseFunction(parent, .statement, start: start, flags: extraFlags)
        case .kwAsync where next == .kwFunction && !startsLine(pos + 1):
            pos += 1
            parseFunction(parent, .statement, start: start, flags: extraFlags.union(.async))
        case .kwClass: parseClass(parent, .statement, start: start, flags: extraFlags)
        case .kwAbstract where next == .kwClass:
            pos += 1
            parseClass(parent, .statement, start: start, flags: extraFlags.union(.abstract))
        case .at: parseDecoratedStatement(parent, start: start, flags: extraFlags)
        case .kwIf: parseIf(parent, start: start)
        case .kwFor: parseFor(parent, start: start)
        case .kwWhile: parseWhile(parent, start: start)
        case .kwDo: parseDoWhile(parent, start: start)
        case .kwTry: parseTry(parent, start: start)
        case .kwSwitch: parseSwitch(parent, start: start)
        case .kwReturn, .kwThrow: parseReturnOrThrow(parent, start: start)
        case .kwBreak, .kwContinue: parseJump(parent)
        case .kwDebugger:
            addToken(.otherStatement, parent, .statement, pos)
            pos += 1
            endStatement(parent)
        case .kwImport where next != .lparen && next != .dot:
            parseESImport(parent)
            endStatement(parent)
        case .kwExport: parseESExport(parent)
        case .kwModule where startsNamespace(): parseNamespace(parent, start: start)
        default:
            if isTypeScript, parseTypeScriptStatement(parent, start: start, flags: extraFlags) { return }
            parseExpressionStatement(parent)
        }
    }

    /// The statements only TypeScript has; false when the tokens at `pos` start none of them.
    mutating func parseTypeScriptStatement(_ parent: Int32, start: Int, flags extraFlags: SyntaxFlags) -> Bool {
        let next = code(at: pos + 1)
        switch code {
        case .kwInterface where isIdentifierLike(next): parseTSInterface(parent, start: start)
        case .kwType where isIdentifierLike(next) && !startsLine(pos + 1): parseTypeAlias(parent, start: start)
        case .kwEnum where isIdentifierLike(next): parseTSEnum(parent, start: start)
        case .kwDeclare where !startsLine(pos + 1): parseDeclare(parent, flags: extraFlags)
        case .kwNamespace where startsNamespace(): parseNamespace(parent, start: start)
        case .kwAbstract:
            pos += 1
            parseStatement(parent, flags: extraFlags.union(.abstract))
        default: return false
        }
        return true
    }

    /// `var`/`let`/`const` declarators and the end of the statement.
    mutating func parseVariableStatement(_ parent: Int32, flags extraFlags: SyntaxFlags) {
        parseDeclaration(parent, flags: extraFlags)
        endStatement(parent)
    }

    /// `@decorator …` before a class (or before anything else, where it is skipped). The
    /// decorators are parsed once the class exists (pos is rewound).
    mutating func parseDecoratedStatement(_ parent: Int32, start: Int, flags extraFlags: SyntaxFlags) {
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
            parseClass(parent, .statement, start: start, flags: extraFlags, decorators: decorators)
        } else {
            parseStatement(parent)
        }
    }

    /// `if (…) … else …`; `else if` is an `if` in the else branch.
    mutating func parseIf(_ parent: Int32, start: Int) {
        let node = add(.ifStatement, parent, .statement, start: start)
        pos += 1
        parseCondition(node)
        parseBody(node, .body)
        if code == .kwElse {
            pos += 1
            if code == .kwIf {
                let before = tree.nodes.count
                parseStatement(node)
                if before < tree.nodes.count { tree.nodes[before].role = .orelse }
            } else {
                parseBody(node, .orelse)
            }
        }
        finishHere(node)
    }

    mutating func parseWhile(_ parent: Int32, start: Int) {
        let node = add(.loop, parent, .statement, start: start, flags: .whileLoop)
        pos += 1
        parseCondition(node)
        parseBody(node, .body)
        finishHere(node)
    }

    mutating func parseDoWhile(_ parent: Int32, start: Int) {
        let node = add(.loop, parent, .statement, start: start, flags: .doWhile)
        pos += 1
        parseBody(node, .body)
        if code == .kwWhile { pos += 1; parseCondition(node) }
        if code == .semicolon { pos += 1 }
        finishHere(node)
    }

    /// `return x` / `throw x`: a line break right after the keyword ends the statement (ASI).
    mutating func parseReturnOrThrow(_ parent: Int32, start: Int) {
        let node = add(code == .kwReturn ? .returnStatement : .throwStatement, parent, .statement, start: start)
        pos += 1
        if !atEnd, !startsLine(pos), code != .semicolon, code != .rbrace {
            parseExpression(node, .value, .newline)
        }
        finishHere(node)
        endStatement(parent)
    }

    /// `break` / `continue`, with an optional label on the same line.
    mutating func parseJump(_ parent: Int32) {
        let node = addToken(.otherStatement, parent, .statement, pos, flags: .jump)
        setName(node, token: pos)
        pos += 1
        if isIdentifierLike(code), !startsLine(pos) { pos += 1 }
        finishHere(node)
        endStatement(parent)
    }

    /// TS `type Name<T> = …`: a type-only statement whose value is skipped.
    mutating func parseTypeAlias(_ parent: Int32, start: Int) {
        let node = add(.otherStatement, parent, .statement, start: start, flags: .typeOnly)
        setName(node, token: pos + 1)
        pos += 2
        if code == .less, let after = typeArgumentsEnd(pos) { pos = after }
        if code == .assign { pos += 1 }
        let typeNode = add(.type, node, .value, start: startByte(pos))
        skipType([.semicolon], allowNewline: false)
        finishHere(typeNode)
        finishHere(node)
        endStatement(parent)
    }

    /// TS `declare …` / `declare global …`: the statement, with its functions and classes marked
    /// as declarations without runtime code.
    mutating func parseDeclare(_ parent: Int32, flags extraFlags: SyntaxFlags) {
        pos += 1
        if isWord(pos, "global") { pos += 1 }
        let before = tree.nodes.count
        parseStatement(parent, flags: extraFlags.union(.declaration))
        markDeclared(from: before)
    }

    /// `namespace A.B { … }` / `module "m" { … }` follows at `pos` (the name on the same line).
    func startsNamespace() -> Bool {
        let next = code(at: pos + 1)
        return (isIdentifierLike(next) || next == .string) && !startsLine(pos + 1)
    }

    mutating func parseNamespace(_ parent: Int32, start: Int) {
        let node = add(.classDeclaration, parent, .statement, start: start, flags: .declaration)
        pos += 1
        setName(node, token: pos)
        pos += 1
        while code == .dot, isIdentifierLike(code(at: pos + 1)) { pos += 2 }
        if code == .lbrace { parseBlock(node, .body) } else { endStatement(node) }
        finishHere(node)
    }

    /// Marks nodes created from `index` on that are functions as bodiless declarations.
    mutating func markDeclared(from index: Int) {
        for i in index..<tree.nodes.count where tree.nodes[i].kind == .function || tree.nodes[i].kind == .classDeclaration {
            tree.nodes[i].flags.insert(.declaration)
        }
    }

    mutating func parseExpressionStatement(_ parent: Int32) {
        let statement = add(.expressionStatement, parent, .statement, start: startByte(pos))
        if parseExpression(statement, .value, .newline) < 0 {
            opaque(statement, until: statementEnd(from: pos))
        }
        finishHere(statement)
        endStatement(parent)
    }

    /// `( condition )` of `if`/`while`.
    mutating func parseCondition(_ node: Int32) {
        guard code == .lparen else { return }
        let close = closing(pos)
        pos += 1
        parseExpression(node, .condition, [])
        if pos < close { opaque(node, until: close) }
        pos = max(pos, min(close + 1, toks.count))
    }

    /// `var`/`let`/`const` declarators.
    mutating func parseDeclaration(_ parent: Int32, flags extraFlags: SyntaxFlags = []) {
        let kind = code
        var flags: SyntaxFlags = kind == .kwConst ? [.letDeclaration, .constant] : kind == .kwLet ? .letDeclaration : .varDeclaration
        flags.formUnion(extraFlags.intersection(.declaration))
        let node = add(.declaration, parent, .statement, start: startByte(pos), flags: flags)
        pos += 1
        parseDeclarators(node, stops: .newline)
        finishHere(node)
    }

    mutating func parseDeclarators(_ node: Int32, stops: Stops) {
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
                    opaque(declarator, until: statementEnd(from: pos))
                }
            }
            finishHere(declarator)
            guard code == .comma else { break }
            pos += 1
        }
    }

    mutating func parseFor(_ parent: Int32, start: Int) {
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
            parseDeclarators(declaration, stops: [.keywordIn, .keywordOf])
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
        parseBody(node, .body)
        finishHere(node)
    }

    mutating func parseTry(_ parent: Int32, start: Int) {
        let node = add(.tryStatement, parent, .statement, start: start)
        pos += 1
        if code == .lbrace { parseBlock(node, .body) }
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
            if code == .lbrace { parseBlock(handler, .body) }
            finishHere(handler)
        }
        if code == .kwFinally {
            pos += 1
            if code == .lbrace { parseBlock(node, .finalizer) }
        }
        finishHere(node)
    }

    mutating func parseSwitch(_ parent: Int32, start: Int) {
        let node = add(.switchStatement, parent, .statement, start: start)
        pos += 1
        parseCondition(node)
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
            parseStatement(owner)
            if pos == before { opaque(owner, until: pos + 1) }
        }
        if clause >= 0 { finishHere(clause) }
        pos = max(pos, min(close + 1, toks.count))
        finishHere(node)
    }
}
