/// The Python front-end: statements by indentation, `def`/`class`, imports, and Python's
/// expression grammar (`PythonParser+Expressions.swift`) over the shared `LanguageParser` core.
struct PythonParser: LanguageParser {
    var core: ParserCore
    /// `def`s being parsed, innermost last: a `yield` makes the innermost a generator.
    var openFunctions: [Int32] = []

    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [Token]) {
        core = ParserCore(bytes: bytes, tokens: tokens, language: .python, jsx: false)
    }

    mutating func parseModule() {
        while !atEnd {
            emitComments(0)
            let before = pos
            parseStatement(0, blockIndent: 0)
            if pos == before { opaque(0, until: pos + 1) }
        }
        emitComments(0)
    }

    func statementEnd(from start: Int) -> Int { lineEnd(from: start) }

    /// The end of the logical line the token at `pos` is on: the next token that starts a line
    /// outside brackets.
    func lineEnd(from start: Int) -> Int {
        var i = start
        while i < toks.count {
            if i > start, toks[i].startsLine { return i }
            if codes[i].isOpenBracket { i = closing(i) + 1; continue }
            i += 1
        }
        return toks.count
    }

    /// Ends a simple statement: a `;` is left for the block loop; anything else left on the
    /// logical line becomes opaque.
    mutating func endSimpleStatement(_ parent: Int32) {
        if atEnd || startsLine(pos) || code == .semicolon { return }
        opaque(parent, until: lineEnd(from: pos))
    }

    mutating func parseStatement(_ parent: Int32, blockIndent: Int) {
        let c = code
        let start = startByte(pos)
        switch c {
        case .semicolon:
            pos += 1
        case .at:
            // Decorators are parsed after their function or class node exists (pos is rewound).
            var decorators: [Int] = []
            while code == .at {
                decorators.append(pos)
                pos = lineEnd(from: pos)
                skipComments()
            }
            parseDefinition(parent, start: start, decorators: decorators, blockIndent: blockIndent)
        case .kwDef, .kwClass:
            parseDefinition(parent, start: start, decorators: [], blockIndent: blockIndent)
        case .kwAsync where [.kwDef, .kwFor, .kwWith].contains(code(at: pos + 1)):
            if code(at: pos + 1) == .kwDef {
                parseDefinition(parent, start: start, decorators: [], blockIndent: blockIndent)
            } else {
                pos += 1
                parseCompound(parent, start: start, awaiting: true, blockIndent: blockIndent)
            }
        case .kwIf, .kwWhile, .kwFor, .kwTry, .kwWith:
            parseCompound(parent, start: start, awaiting: false, blockIndent: blockIndent)
        case .kwMatch where isSoftKeywordStatement(), .kwCase where isSoftKeywordStatement():
            let node = add(.otherStatement, parent, .statement, start: start)
            setName(node, token: pos)
            pos += 1
            parseExpression(node, .condition, [.newline, .colon])
            if code == .colon { pos += 1 }
            parseSuite(node, .body, headerIndent: blockIndent)
            finishHere(node)
        case .kwReturn:
            let node = add(.returnStatement, parent, .statement, start: start)
            pos += 1
            if !atEnd, !startsLine(pos), code != .semicolon { parseExpression(node, .value, .newline) }
            finishHere(node)
            endSimpleStatement(parent)
        case .kwRaise:
            let node = add(.throwStatement, parent, .statement, start: start)
            pos += 1
            if !atEnd, !startsLine(pos), code != .semicolon {
                parseExpression(node, .value, .newline)
                if code == .kwFrom, !startsLine(pos) { pos += 1; parseExpression(node, .operand, .newline) }
            }
            finishHere(node)
            endSimpleStatement(parent)
        case .kwPass, .kwBreak, .kwContinue:
            let node = addToken(.otherStatement, parent, .statement, pos, flags: c == .kwPass ? .pass : .jump)
            setName(node, token: pos)
            pos += 1
            endSimpleStatement(parent)
        case .kwImport:
            parseImport(parent)
            endSimpleStatement(parent)
        case .kwFrom:
            parseFromImport(parent)
            endSimpleStatement(parent)
        case .kwGlobal, .kwNonlocal, .kwDel, .kwAssert:
            let node = add(.otherStatement, parent, .statement, start: start, flags: c == .kwAssert ? .assertion : [])
            setName(node, token: pos)
            pos += 1
            while !atEnd, !startsLine(pos), code != .semicolon {
                let before = pos
                parseExpression(node, .operand, [.newline, .comma])
                if code == .comma { pos += 1 } else if pos == before { break }
            }
            finishHere(node)
            endSimpleStatement(parent)
        default:
            parseExpressionStatement(parent)
            endSimpleStatement(parent)
        }
    }

    /// `match x:` / `case y:` are statements only when the line ends with a colon.
    func isSoftKeywordStatement() -> Bool {
        let next = code(at: pos + 1)
        if next == .assign || next == .dot || next == .rparen || next == .comma || next == .eof || startsLine(pos + 1) { return false }
        let end = lineEnd(from: pos)
        return end > pos + 1 && codes[end - 1] == .colon
    }

    mutating func parseExpressionStatement(_ parent: Int32) {
        let statement = add(.expressionStatement, parent, .statement, start: startByte(pos))
        let expression = parseExpression(statement, .value, [.newline, .colon])
        if expression < 0 {
            tree.nodes[Int(statement)].role = .statement
            opaque(statement, until: lineEnd(from: pos))
        } else if code == .colon, !startsLine(pos) {
            // `name: annotation [= value]`
            let assignment = wrap(expression, .assignment, childRole: .target)
            pos += 1
            let typeNode = add(.type, assignment, .annotation, start: startByte(pos))
            while !atEnd, !startsLine(pos), code != .assign, code != .semicolon {
                if code.isOpenBracket { pos = closing(pos) + 1 } else { pos += 1 }
            }
            finishHere(typeNode)
            if code == .assign {
                pos += 1
                parseExpression(assignment, .value, .newline)
            }
            finishHere(assignment)
        }
        finishHere(statement)
    }

    /// An indented block (or the rest of the line) after a compound statement's colon.
    mutating func parseSuite(_ parent: Int32, _ role: SyntaxRole, headerIndent: Int) {
        let block = add(.block, parent, role, start: startByte(pos))
        defer { finishHere(block) }
        if atEnd { return }
        if !startsLine(pos) {
            // `if x: return y; z()`
            while !atEnd, !startsLine(pos) {
                let before = pos
                parseStatement(block, blockIndent: headerIndent)
                if pos == before { opaque(block, until: pos + 1) }
            }
            return
        }
        let inner = indent(pos)
        guard inner > headerIndent else { return }
        guard depth < ParserCore.maxDepth else {
            // Too deep: the whole indented region is one opaque node.
            var end = pos
            while end < toks.count, !(toks[end].startsLine && indent(end) < inner) {
                end = codes[end].isOpenBracket ? closing(end) + 1 : end + 1
            }
            opaque(block, until: end)
            return
        }
        depth += 1
        defer { depth -= 1 }
        while !atEnd {
            if startsLine(pos), indent(pos) < inner { break }
            // Comments followed by more of the block belong to it, however they are indented.
            emitComments(block)
            let before = pos
            parseStatement(block, blockIndent: inner)
            if pos == before { opaque(block, until: pos + 1) }
        }
        emitComments(block, minimumIndent: inner)
    }

    /// `def`/`class` with the decorators at `decorators` (token positions of their `@`).
    mutating func parseDefinition(_ parent: Int32, start: Int, decorators: [Int], blockIndent: Int) {
        var flags: SyntaxFlags = []
        if code == .kwAsync { flags.insert(.async); pos += 1 }
        let isClass = code == .kwClass
        guard isClass || code == .kwDef else {
            // Decorators over something else: keep them, parse the statement normally.
            let node = add(.opaque, parent, .statement, start: start)
            finish(node, startByte(pos))
            parseStatement(parent, blockIndent: blockIndent)
            return
        }
        if !isClass, case let owner = tree.nodes[Int(parent)], owner.kind == .block,
           owner.parent >= 0, tree.nodes[Int(owner.parent)].kind == .classDeclaration {
            flags.insert(.method)
        }
        let node = add(isClass ? .classDeclaration : .function, parent, .statement, start: start, flags: flags)
        let resume = pos
        var furthest = 0
        for at in decorators where at + 1 >= furthest {
            pos = at + 1
            let decorator = add(.decorator, node, .decorator, start: startByte(at))
            parseExpression(decorator, .value, .newline)
            finishHere(decorator)
            furthest = max(furthest, pos)
        }
        // Decorators are parsed once; one that ran past `def` ends the rewinding.
        pos = max(resume + 1, furthest)
        if isIdentifierLike(code) || code.isKeyword {
            setName(node, token: pos)
            pos += 1
        }
        if code == .lbracket { pos = closing(pos) + 1 }  // PEP 695 type parameters
        if code == .lparen {
            if isClass {
                let close = closing(pos)
                pos += 1
                while pos < close {
                    if code == .comma { pos += 1; continue }
                    if isIdentifierLike(code), code(at: pos + 1) == .assign {  // metaclass=…
                        let keyword = add(.keywordArgument, node, .base, start: startByte(pos))
                        setName(keyword, token: pos)
                        pos += 2
                        parseExpression(keyword, .value, .comma)
                        finishHere(keyword)
                    } else if parseExpression(node, .base, .comma) < 0 { break }
                    if pos < close, code != .comma { break }
                }
                if pos < close { opaque(node, until: close) }
                pos = max(pos, min(close + 1, toks.count))
            } else {
                let close = closing(pos)
                pos += 1
                parseParameters(node, until: .rparen, close: close)
                pos = max(pos, min(close + 1, toks.count))
            }
        }
        if code == .thinArrow {
            pos += 1
            let typeNode = add(.type, node, .annotation, start: startByte(pos))
            while !atEnd, code != .colon, !startsLine(pos) {
                if code.isOpenBracket { pos = closing(pos) + 1 } else { pos += 1 }
            }
            finishHere(typeNode)
        }
        if !isClass { openFunctions.append(node) }
        if code == .colon {
            pos += 1
            parseSuite(node, .body, headerIndent: blockIndent)
        } else {
            opaque(node, until: lineEnd(from: pos))
        }
        if !isClass { openFunctions.removeLast() }
        finishHere(node)
    }

    /// Parameters up to `terminator` (`)` of a def, `:` of a lambda).
    mutating func parseParameters(_ function: Int32, until terminator: TokenCode, close: Int = Int.max) {
        let limit = min(close, toks.count)
        while pos < limit, code != terminator {
            if code == .comma { pos += 1; continue }
            var flags: SyntaxFlags = []
            let start = startByte(pos)
            if code == .star { flags.insert(.rest); pos += 1 }
            else if code == .starStar { flags.insert(.keywordRest); pos += 1 }
            else if code == .operatorOther, toks[pos].end - toks[pos].start == 1, bytes[toks[pos].start] == UInt8(ascii: "/") {
                pos += 1
                continue
            }
            guard isIdentifierLike(code) || code.isKeyword else {
                if code == .comma || code == terminator { continue }  // bare `*`
                break
            }
            let parameter = add(.parameter, function, .parameter, start: start, flags: flags)
            setName(parameter, token: pos)
            pos += 1
            if code == .colon, terminator != .colon {
                pos += 1
                let typeNode = add(.type, parameter, .annotation, start: startByte(pos))
                while pos < limit, code != .comma, code != .assign, code != terminator {
                    if code.isOpenBracket { pos = closing(pos) + 1 } else { pos += 1 }
                }
                finishHere(typeNode)
            }
            if code == .assign {
                pos += 1
                parseExpression(parameter, .defaultValue, terminator == .colon ? [.comma, .colon] : .comma)
            }
            finishHere(parameter)
        }
        if pos < limit, code != terminator, close != Int.max { opaque(function, until: close) }
    }

    mutating func parseCompound(_ parent: Int32, start: Int, awaiting: Bool, blockIndent: Int) {
        let keyword = code
        switch keyword {
        case .kwIf, .kwWhile:
            let node = add(keyword == .kwIf ? .ifStatement : .loop, parent, .statement, start: start,
                           flags: keyword == .kwWhile ? .whileLoop : [])
            pos += 1
            parseExpression(node, .condition, [.newline, .colon])
            expectColon(node)
            parseSuite(node, .body, headerIndent: blockIndent)
            var tail = node
            while keyword == .kwIf, code == .kwElif, startsLine(pos), indent(pos) == blockIndent {
                let elif = add(.ifStatement, tail, .orelse, start: startByte(pos), flags: .elif)
                pos += 1
                parseExpression(elif, .condition, [.newline, .colon])
                expectColon(elif)
                parseSuite(elif, .body, headerIndent: blockIndent)
                finishHere(elif)
                tail = elif
            }
            if code == .kwElse, startsLine(pos), indent(pos) == blockIndent {
                pos += 1
                expectColon(tail)
                parseSuite(tail, .orelse, headerIndent: blockIndent)
                finishHere(tail)
            }
            // Close the chain of elifs outwards.
            var n = tail
            while n != node { finishHere(n); n = tree.nodes[Int(n)].parent }
            finishHere(node)
        case .kwFor:
            let node = add(.loop, parent, .statement, start: start, flags: awaiting ? .awaiting : [])
            pos += 1
            parseExpression(node, .target, [.newline, .keywordIn, .colon])
            if code == .kwIn { pos += 1 }
            parseExpression(node, .iterable, [.newline, .colon])
            expectColon(node)
            parseSuite(node, .body, headerIndent: blockIndent)
            if code == .kwElse, startsLine(pos), indent(pos) == blockIndent {
                pos += 1
                expectColon(node)
                parseSuite(node, .orelse, headerIndent: blockIndent)
            }
            finishHere(node)
        case .kwWith:
            let node = add(.withStatement, parent, .statement, start: start, flags: awaiting ? .awaiting : [])
            pos += 1
            // Parenthesised item lists are parsed like any other items.
            while !atEnd, code != .colon, !startsLine(pos) {
                let before = pos
                parseExpression(node, .value, [.newline, .colon, .comma, .keywordAs])
                if code == .kwAs {
                    pos += 1
                    parseExpression(node, .target, [.newline, .colon, .comma])
                }
                if code == .comma { pos += 1 } else if pos == before { break }
            }
            expectColon(node)
            parseSuite(node, .body, headerIndent: blockIndent)
            finishHere(node)
        case .kwTry:
            let node = add(.tryStatement, parent, .statement, start: start)
            pos += 1
            expectColon(node)
            parseSuite(node, .body, headerIndent: blockIndent)
            while code == .kwExcept, startsLine(pos), indent(pos) == blockIndent {
                let handler = add(.catchClause, node, .handler, start: startByte(pos))
                pos += 1
                if code == .star { insert(.exceptionGroup, into: handler); pos += 1 }
                if code != .colon {
                    parseExpression(handler, .exceptionType, [.newline, .colon, .keywordAs])
                    if code == .kwAs, isIdentifierLike(code(at: pos + 1)) {
                        setName(handler, token: pos + 1)
                        pos += 2
                    }
                }
                expectColon(handler)
                parseSuite(handler, .body, headerIndent: blockIndent)
                finishHere(handler)
            }
            if code == .kwElse, startsLine(pos), indent(pos) == blockIndent {
                pos += 1
                expectColon(node)
                parseSuite(node, .orelse, headerIndent: blockIndent)
            }
            if code == .kwFinally, startsLine(pos), indent(pos) == blockIndent {
                pos += 1
                expectColon(node)
                parseSuite(node, .finalizer, headerIndent: blockIndent)
            }
            finishHere(node)
        default:
            break
        }
    }

    /// Consumes the `:` of a compound header; whatever else is left on the header line is opaque.
    mutating func expectColon(_ node: Int32) {
        if code == .colon { pos += 1; return }
        if atEnd || startsLine(pos) { return }
        var i = pos
        while i < toks.count, !toks[i].startsLine || i == pos {
            if codes[i] == .colon { break }
            i = codes[i].isOpenBracket ? closing(i) + 1 : i + 1
        }
        opaque(node, until: i)
        if code == .colon { pos += 1 }
    }

    /// A dotted name at `pos` (`a.b.c`), consumed; returns its text and byte range.
    mutating func dottedName() -> (String, Int, Int)? {
        guard isIdentifierLike(code) || code.isKeyword else { return nil }
        let start = startByte(pos)
        var end = endByte(pos)
        pos += 1
        while code == .dot, isIdentifierLike(code(at: pos + 1)) || code(at: pos + 1).isKeyword {
            end = endByte(pos + 1)
            pos += 2
        }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self), start, end)
    }

    /// `import a.b as c, d`
    mutating func parseImport(_ parent: Int32) {
        let node = add(.importDeclaration, parent, .statement, start: startByte(pos))
        pos += 1
        while !atEnd, !startsLine(pos), code != .semicolon {
            let itemStart = startByte(pos)
            guard let (module, moduleStart, moduleEnd) = dottedName() else { break }
            let specifier = add(.importSpecifier, node, .specifier, start: itemStart)
            var local = String(module.prefix { $0 != "." })
            var localStart = moduleStart
            var localEnd = moduleStart + local.utf8.count
            if code == .kwAs, isIdentifierLike(code(at: pos + 1)) || code(at: pos + 1).isKeyword {
                local = text(pos + 1)
                localStart = startByte(pos + 1)
                localEnd = endByte(pos + 1)
                pos += 2
            }
            setName(specifier, start: localStart, end: localEnd)
            finishHere(specifier)
            tree.imports.append(ImportRecord(
                form: .pythonImport, module: module, level: 0,
                names: [.init(imported: nil, local: local, typeOnly: false, offset: localStart)],
                isWildcard: false, typeOnly: false, node: Int(specifier), moduleStart: moduleStart, moduleEnd: moduleEnd))
            _ = localEnd
            if code == .comma { pos += 1 } else { break }
        }
        finishHere(node)
    }

    /// `from ..a.b import (c as d, e)` / `from . import x` / `from a import *`
    mutating func parseFromImport(_ parent: Int32) {
        let node = add(.importDeclaration, parent, .statement, start: startByte(pos))
        pos += 1
        var level = 0
        let moduleStart = startByte(pos)
        while code == .dot || code == .ellipsis || (code == .operatorOther && bytes[toks[pos].start] == UInt8(ascii: ".")) {
            level += toks[pos].end - toks[pos].start
            pos += 1
        }
        var module = ""
        var moduleEnd = previousEnd
        if code != .kwImport, let (name, _, end) = dottedName() {
            module = name
            moduleEnd = end
        }
        var record = ImportRecord(form: .pythonFromImport, module: module, level: level, names: [], isWildcard: false,
                                  typeOnly: false, node: Int(node), moduleStart: moduleStart, moduleEnd: max(moduleStart, moduleEnd))
        if code == .kwImport {
            pos += 1
            var close = -1
            if code == .lparen { close = closing(pos); pos += 1 }
            while !atEnd, close >= 0 ? pos < close : !startsLine(pos) {
                if code == .comma { pos += 1; continue }
                if code == .star {
                    record.isWildcard = true
                    pos += 1
                    continue
                }
                guard isIdentifierLike(code) || code.isKeyword else { break }
                let specifier = add(.importSpecifier, node, .specifier, start: startByte(pos))
                let imported = text(pos)
                var localIndex = pos
                pos += 1
                if code == .kwAs, isIdentifierLike(code(at: pos + 1)) || code(at: pos + 1).isKeyword {
                    localIndex = pos + 1
                    pos += 2
                }
                setName(specifier, token: localIndex)
                finishHere(specifier)
                record.names.append(.init(imported: imported, local: text(localIndex), typeOnly: false, offset: startByte(localIndex)))
            }
            if close >= 0 {
                if pos < close { opaque(node, until: close) }
                pos = max(pos, min(close + 1, toks.count))
            }
        }
        finishHere(node)
        tree.imports.append(record)
    }

    // MARK: Exports

    /// `__all__ = ["a", "b"]`: the names `from m import *` binds.
    mutating func collectExports() {
        for index in tree.nodes.indices {
            guard let (target, value) = assignmentParts(index), value >= 0,
                  tree.nodes[Int(target)].kind == .name, nameText(target) == "__all__" else { continue }
            var element = tree.nodes[Int(value)].firstChild
            while element >= 0 {
                let e = tree.nodes[Int(element)]
                if e.kind == .literal, e.flags.contains(.string) {
                    let token = Token(kind: .string, start: Int(e.start), end: Int(e.end))
                    tree.exports.append(ExportRecord(form: .dunderAll, name: pythonStringValue(token), node: Int(element)))
                }
                element = e.nextSibling
            }
        }
    }

    func pythonStringValue(_ token: Token) -> String {
        var start = token.start, end = token.end
        while start < end, !Lexer.isQuote(bytes[start]) { start += 1 }
        while start < end, Lexer.isQuote(bytes[start]), start - token.start < 4 { start += 1 }
        while end > start, Lexer.isQuote(bytes[end - 1]) { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
