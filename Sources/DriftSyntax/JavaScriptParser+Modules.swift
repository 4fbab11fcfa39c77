/// ES `import`/`export` statements; CommonJS exports and `require` bindings are collected after the pass.
extension JavaScriptParser {
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
                parseStatement(node)
            } else {
                let statement = add(.expressionStatement, node, .value, start: startByte(pos))
                parseExpression(statement, .value, .newline)
                finishHere(statement)
                endStatement(node)
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
            endStatement(node)
        case .kwAs where isTypeScript:  // `export as namespace X;`
            pos = max(pos + 1, statementEnd(from: pos))
        case .assign where isTypeScript:  // `export = x`
            pos += 1
            let statement = add(.expressionStatement, node, .value, start: startByte(pos))
            parseExpression(statement, .value, .newline)
            finishHere(statement)
            tree.exports.append(ExportRecord(form: .commonJSWhole, name: "default", node: Int(node)))
            endStatement(node)
        default:
            let before = tree.nodes.count
            parseStatement(node)
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

    /// CommonJS exports (`module.exports = …`, `exports.x = …`) and the names a `require` is
    /// bound to, which the statement-by-statement pass cannot see locally.
    mutating func collectExports() {
        for index in tree.nodes.indices {
            guard let (target, value) = assignmentParts(index) else { continue }
            let chain = memberChain(target)
            if chain == ["module", "exports"] {
                tree.exports.append(ExportRecord(form: .commonJSWhole, name: "default", node: index))
                if value >= 0, tree.nodes[Int(value)].kind == .group, tree.nodes[Int(value)].flags.contains(.braced) {
                    var property = tree.nodes[Int(value)].firstChild
                    while property >= 0 {
                        let p = tree.nodes[Int(property)]
                        if p.hasName, p.kind == .property || p.kind == .function {
                            tree.exports.append(ExportRecord(form: .commonJS, name: nameText(property), node: Int(property)))
                        }
                        property = p.nextSibling
                    }
                }
            } else if chain.count == 3, chain[0] == "module", chain[1] == "exports" {
                tree.exports.append(ExportRecord(form: .commonJS, name: chain[2], node: index))
            } else if chain.count == 2, chain[0] == "exports" {
                tree.exports.append(ExportRecord(form: .commonJS, name: chain[1], node: index))
            }
        }
        bindRequireNames()
    }

    /// `const x = require('m')`, `const { a, b: c } = require('m')`.
    mutating func bindRequireNames() {
        for r in tree.imports.indices where tree.imports[r].form == .require && tree.imports[r].names.isEmpty {
            let call = tree.imports[r].node
            let parent = Int(tree.nodes[call].parent)
            guard parent >= 0, tree.nodes[call].role == .value, tree.nodes[parent].kind == .declarator else { continue }
            let target = tree.nodes[parent].firstChild
            guard target >= 0 else { continue }
            let t = tree.nodes[Int(target)]
            if t.kind == .name {
                tree.imports[r].names.append(.init(imported: nil, local: nameText(target), typeOnly: false, offset: Int(t.nameStart)))
            } else if t.kind == .group, t.flags.contains(.braced) {
                var property = t.firstChild
                while property >= 0 {
                    let p = tree.nodes[Int(property)]
                    if p.kind == .property, p.hasName {
                        var local = nameText(property)
                        var offset = Int(p.nameStart)
                        if let value = tree.child(of: Int(property), role: .value), tree.nodes[value].kind == .name {
                            local = nameText(Int32(value))
                            offset = Int(tree.nodes[value].nameStart)
                        }
                        tree.imports[r].names.append(.init(imported: nameText(property), local: local, typeOnly: false, offset: offset))
                    }
                    property = p.nextSibling
                }
            }
        }
    }

    /// `a.b.c` as ["a", "b", "c"]; empty when the node is not a plain member chain.
    func memberChain(_ node: Int32) -> [String] {
        var parts: [String] = []
        var n = node
        while n >= 0 {
            let current = tree.nodes[Int(n)]
            switch current.kind {
            case .member:
                parts.append(nameText(n))
                n = current.firstChild
            case .name:
                parts.append(nameText(n))
                return parts.reversed()
            default:
                return []
            }
        }
        return []
    }
}
