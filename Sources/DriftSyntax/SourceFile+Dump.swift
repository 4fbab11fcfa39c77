extension SourceFile {
    /// The text of a node's name, or nil when it has none.
    public func name(of node: Int) -> String? {
        let n = tree[node]
        guard n.hasName else { return nil }
        return text(Int(n.nameStart), Int(n.nameEnd))
    }

    /// The source text a node spans.
    public func text(of node: Int) -> String { text(tree[node].startByte, tree[node].endByte) }

    /// Line and column range of a node.
    public func range(of node: Int) -> SourceRange { range(ofBytes: tree[node].startByte, tree[node].endByte) }

    /// Where a node starts.
    public func location(of node: Int) -> SourceLocation { location(ofByte: tree[node].startByte) }

    /// A compact S-expression of the tree below `node`, for tests and debugging:
    /// `(call callee=(member:readFile object=(name:fs)) argument=(literal))`.
    /// Built with an explicit stack, so any depth prints.
    public func dump(_ node: Int = SyntaxTree.root, flags: Bool = false) -> String {
        var out = ""
        // Each entry: a node to open, or a closing parenthesis.
        var stack: [(node: Int, close: Bool)] = [(node, false)]
        var first = true
        while let (current, close) = stack.popLast() {
            if close { out += ")"; continue }
            let n = tree[current]
            if !first { out += " " }
            first = false
            if n.role != .none, n.role != .statement, current != node { out += "\(n.role)=" }
            out += "(\(n.kind)"
            if let name = name(of: current) { out += ":\(name)" }
            if flags, !n.flags.isEmpty { out += " {\(flagNames(n.flags).joined(separator: ","))}" }
            stack.append((current, true))
            var child = Int(n.lastChild)
            while child >= 0 {
                stack.append((child, false))
                child = Int(tree[child].previousSibling)
            }
        }
        return out
    }

    private func flagNames(_ flags: SyntaxFlags) -> [String] {
        let names: [(SyntaxFlags, String)] = [
            (.async, "async"), (.generator, "generator"), (.arrow, "arrow"), (.lambda, "lambda"), (.method, "method"),
            (.expressionBody, "expressionBody"), (.noBody, "noBody"), (.abstract, "abstract"), (.isStatic, "static"),
            (.getter, "get"), (.setter, "set"), (.constructor, "constructor"), (.optional, "optional"), (.new, "new"),
            (.rest, "rest"), (.keywordRest, "keywordRest"), (.comprehension, "comprehension"), (.typeOnly, "typeOnly"),
            (.isDefault, "default"), (.interface, "interface"), (.declaration, "declaration"),
            (.parenthesized, "paren"), (.bracketed, "bracket"), (.braced, "brace"), (.string, "string"),
            (.number, "number"), (.regex, "regex"), (.template, "template"), (.constant, "constant"),
            (.ellipsis, "ellipsis"), (.elif, "elif"), (.whileLoop, "while"), (.doWhile, "doWhile"), (.forIn, "forIn"),
            (.forOf, "forOf"), (.awaiting, "awaiting"), (.voided, "void"), (.augmented, "augmented"), (.walrus, "walrus"),
            (.letDeclaration, "let"), (.varDeclaration, "var"), (.yieldFrom, "yieldFrom"), (.jsxHole, "jsxHole"),
            (.exceptionGroup, "exceptionGroup"), (.nonNull, "nonNull"), (.assertion, "assert"), (.pass, "pass"),
            (.jump, "jump"),
        ]
        return names.filter { flags.contains($0.0) }.map(\.1)
    }
}
