extension SourceFile {
    // MARK: Functions and classes

    /// The class a method belongs to (`class C { m() {} }`, `class C: def m(self): …`), if any.
    public func owningClass(of function: Int) -> Int? {
        guard let block = tree.parent(of: function), tree[block].kind == .block,
              let owner = tree.parent(of: block), tree[owner].kind == .classDeclaration else { return nil }
        return owner
    }

    /// The class whose method (or a function nested in a method) holds `node`.
    public func enclosingClass(of node: Int) -> Int? {
        var n = enclosingFunction(of: node)
        while let function = n {
            if let owner = owningClass(of: function) { return owner }
            n = enclosingFunction(of: function)
        }
        return nil
    }

    /// The methods declared directly in a class body, by name.
    public func methods(of classDeclaration: Int) -> [String: Int] {
        var result: [String: Int] = [:]
        guard let body = tree.child(of: classDeclaration, role: .body) else { return result }
        for child in tree.children(of: body) where tree[child].kind == .function {
            if let name = name(of: child), result[name] == nil { result[name] = child }
        }
        return result
    }

    /// `node` and the nodes below it that belong to the same function: nested functions and
    /// classes are not entered (their own bodies run at another time).
    public func descendantsInSameFunction(of node: Int) -> [Int] {
        var result: [Int] = []
        var stack = [node]
        while let current = stack.popLast() {
            result.append(current)
            if current != node, tree[current].kind == .function || tree[current].kind == .classDeclaration { continue }
            var child = Int(tree[current].lastChild)
            while child >= 0 {
                stack.append(child)
                child = Int(tree[child].previousSibling)
            }
        }
        return result
    }

    /// The body of a function (a block, or an expression for arrows and lambdas).
    public func body(of function: Int) -> Int? { tree.child(of: function, role: .body) }

    /// The expression under any `( … )` wrappers and `await`: the call in `(await f())`.
    public func unwrapped(_ node: Int, throughAwait: Bool = false) -> Int {
        var n = node
        while true {
            let current = tree[n]
            if current.kind == .group, current.flags.contains(.parenthesized), current.firstChild >= 0, current.firstChild == current.lastChild {
                n = Int(current.firstChild)
            } else if throughAwait, current.kind == .await, current.firstChild >= 0 {
                n = Int(current.firstChild)
            } else {
                return n
            }
        }
    }

    /// Name nodes spelled `name` below `node` (nested functions included), in source order.
    public func nameNodes(_ name: String, in node: Int) -> [Int] {
        let utf8 = name.utf8.count
        return tree.descendants(of: node).filter { n in
            let current = tree[n]
            return current.kind == .name && Int(current.nameEnd - current.nameStart) == utf8 && self.name(of: n) == name
        }.sorted()
    }

    /// The last part of a callee's member chain (`save` in `db.users.save(x)`), if it is one.
    public func calleeName(of call: Int) -> String? { calleeChain(of: call)?.last }
}
