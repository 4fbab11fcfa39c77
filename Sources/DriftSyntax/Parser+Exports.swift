extension Parser {
    /// Fills in what the statement-by-statement pass cannot see locally: CommonJS exports,
    /// Python `__all__`, and the names a `require` is bound to.
    mutating func collectExports() {
        for index in tree.nodes.indices where tree.nodes[index].kind == .assignment {
            let target = tree.nodes[index].firstChild
            guard target >= 0, tree.nodes[Int(target)].role == .target else { continue }
            let value = tree.child(of: index, role: .value).map(Int32.init) ?? -1
            if isPython {
                guard tree.nodes[Int(target)].kind == .name, nameText(target) == "__all__", value >= 0 else { continue }
                var element = tree.nodes[Int(value)].firstChild
                while element >= 0 {
                    let e = tree.nodes[Int(element)]
                    if e.kind == .literal, e.flags.contains(.string) {
                        let token = Token(kind: .string, start: Int(e.start), end: Int(e.end))
                        tree.exports.append(ExportRecord(form: .dunderAll, name: pythonStringValue(token), node: Int(element)))
                    }
                    element = e.nextSibling
                }
                continue
            }
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
        if !isPython { bindRequireNames() }
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

    func pythonStringValue(_ token: Token) -> String {
        var start = token.start, end = token.end
        while start < end, !Lexer.isQuote(bytes[start]) { start += 1 }
        while start < end, Lexer.isQuote(bytes[start]), start - token.start < 4 { start += 1 }
        while end > start, Lexer.isQuote(bytes[end - 1]) { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
