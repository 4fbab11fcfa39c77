/// Where the value of an expression goes.
public enum ValueUse: Sendable, Equatable {
    case awaited
    case returned
    /// Assigned to a variable, stored in a property or destructured.
    case assigned
    /// Passed as an argument.
    case passed
    /// Chained with `.then`/`.catch`/`.finally` (the name says which).
    case chained(String)
    case yielded
    /// An expression statement: nothing uses the value.
    case dropped
    /// Discarded on purpose with JS `void`.
    case voided
    /// Formatted into a string: a hole of an f-string or template literal (`f"{fetch()}"`).
    case interpolated
    /// Used some other way: an operand, a condition, a receiver, an element of something used.
    case other
}

extension SourceFile {
    // MARK: Calls and member chains

    /// `a.b.c` as ["a", "b", "c"]; nil when the node is not a plain name or member chain
    /// (`this`/`self` count as names).
    public func memberChain(of node: Int) -> [String]? {
        var parts: [String] = []
        var n = node
        while true {
            let current = tree[n]
            switch current.kind {
            case .member:
                guard let name = name(of: n) else { return nil }
                parts.append(name)
                n = Int(current.firstChild)
                guard n >= 0 else { return nil }
            case .name:
                guard let name = name(of: n) else { return nil }
                parts.append(name)
                return parts.reversed()
            default:
                return nil
            }
        }
    }

    /// The names of a member chain read from its end as far as they go: `f().a.b` gives (["a", "b"],
    /// false); `x.a.b` gives (["x", "a", "b"], true).
    public func trailingChain(of node: Int) -> (parts: [String], complete: Bool) {
        var parts: [String] = []
        var n = node
        while n >= 0 {
            let current = tree[n]
            guard current.kind == .member || current.kind == .name, let name = name(of: n) else { break }
            parts.append(name)
            if current.kind == .name { return (parts.reversed(), true) }
            n = Int(current.firstChild)
        }
        return (parts.reversed(), false)
    }

    /// The callee of a call as a member chain (`fs.promises.readFile`), if it is one.
    public func calleeChain(of call: Int) -> [String]? {
        guard tree[call].kind == .call, let callee = tree.child(of: call, role: .callee) else { return nil }
        return memberChain(of: callee)
    }

    /// The arguments of a call, in order (keyword arguments included).
    public func arguments(of call: Int) -> [Int] {
        tree.children(of: call).filter { tree[$0].role == .argument }
    }

    /// Calls whose callee is exactly `chain` (`"fetch"`, `"fs.promises.readFile"`), or ends with it
    /// when `suffix` is true (`".then"` style matches on the last parts).
    public func calls(to chain: String, suffix: Bool = false) -> [Int] {
        let wanted = chain.split(separator: ".").map(String.init)
        guard let last = wanted.last else { return [] }
        var result: [Int] = []
        for index in 0..<tree.count where tree[index].kind == .call {
            // Cheap filter on the last part before building the chain.
            guard let callee = tree.child(of: index, role: .callee) else { continue }
            let c = tree[callee]
            guard c.kind == .name || c.kind == .member, c.nameEnd - c.nameStart == Int32(last.utf8.count),
                  name(of: callee) == last else { continue }
            let (parts, complete) = trailingChain(of: callee)
            if (complete && parts == wanted) || (suffix && parts.count >= wanted.count && Array(parts.suffix(wanted.count)) == wanted) {
                result.append(index)
            }
        }
        return result
    }

    // MARK: Enclosing nodes

    /// The nearest ancestor of `kind`, not counting `node` itself.
    public func enclosing(_ kind: SyntaxKind, of node: Int) -> Int? {
        var n = tree.parent(of: node)
        while let current = n {
            if tree[current].kind == kind { return current }
            n = tree.parent(of: current)
        }
        return nil
    }

    /// The function (def, method, arrow, lambda) a node is in; nil at module level.
    public func enclosingFunction(of node: Int) -> Int? { enclosing(.function, of: node) }

    /// The innermost node whose range holds byte `offset`, walking down from the module.
    public func node(atByte offset: Int) -> Int {
        var current = SyntaxTree.root
        var descended = true
        while descended {
            descended = false
            for child in tree.children(of: current) where tree[child].startByte <= offset && offset < tree[child].endByte {
                current = child
                descended = true
                break
            }
        }
        return current
    }

    /// Whether `node` is inside a `try` body (not its handlers) in the same function.
    public func enclosingTry(of node: Int) -> Int? {
        var child = node
        var n = tree.parent(of: node)
        while let current = n {
            if tree[current].kind == .function { return nil }
            if tree[current].kind == .tryStatement, tree[child].role == .body { return current }
            child = current
            n = tree.parent(of: current)
        }
        return nil
    }

    // MARK: Value use

    /// Where the value of the expression at `node` goes.
    public func valueUse(of node: Int) -> ValueUse {
        if tree[node].flags.contains(.voided) { return .voided }
        var n = node
        while let p = tree.parent(of: n) {
            let role = tree[n].role
            let parent = tree[p]
            switch parent.kind {
            case .group:
                // Parentheses and containers pass the question on: `[a(), b()]` is used as the list is.
                n = p
                continue
            case .await: return .awaited
            case .yield: return .yielded
            case .literal: return .interpolated
            case .returnStatement: return role == .value ? .returned : .other
            case .function: return role == .body ? .returned : .other
            case .expressionStatement: return parent.flags.contains(.voided) || tree[n].flags.contains(.voided) ? .voided : .dropped
            case .assignment, .declarator, .property: return role == .value || role == .defaultValue ? .assigned : .other
            case .keywordArgument: return .passed
            case .call: return role == .argument ? .passed : .other
            case .member:
                if role == .object, let name = name(of: p), ["then", "catch", "finally"].contains(name),
                   tree[p].role == .callee {
                    return .chained(name)
                }
                return .other
            default:
                return .other
            }
        }
        return .other
    }

    // MARK: Scopes

    /// The names a binding target introduces: `x`, `a, b`, `[a, b]`, `{ a, b: c, d = 1 }`, `*rest`.
    public func patternNames(_ target: Int) -> [(String, Int)] {
        var result: [(String, Int)] = []
        var stack = [target]
        while let n = stack.popLast() {
            let node = tree[n]
            switch node.kind {
            case .name:
                if let name = name(of: n) { result.append((name, n)) }
            case .group, .expression:
                for child in tree.children(of: n).reversed() { stack.append(child) }
            case .property:
                if let value = tree.child(of: n, role: .value) {
                    stack.append(value)
                } else if let name = name(of: n) {
                    result.append((name, n))
                }
            case .assignment:
                if let first = tree.children(of: n).first(where: { tree[$0].role == .target }) { stack.append(first) }
            default:
                break
            }
        }
        return result
    }

    /// Index of the first token starting at or after byte `offset` (binary search).
    public func firstToken(atOrAfter offset: Int) -> Int {
        var low = 0, high = tokens.count
        while low < high {
            let mid = (low + high) / 2
            if tokens[mid].start < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
