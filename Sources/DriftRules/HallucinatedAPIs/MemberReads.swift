import DriftSyntax

/// Questions the member rules (`unknown-module-member`, `unknown-builtin-member`) ask about a
/// read of `object.member`: whether the code around it expects the member to be missing, or
/// adds it itself — in those places a member absent from the data is no bug.
extension SourceFile {
    /// The member nodes read off `node` outward: for the `os` name in `os.path.exist(x)`, the
    /// nodes of `os.path` and `os.path.exist`, innermost first.
    func memberReads(on node: Int) -> [Int] {
        var result: [Int] = []
        var current = node
        while let parent = tree.parent(of: current), tree[parent].kind == .member, tree[current].role == .object {
            result.append(parent)
            current = parent
        }
        return result
    }

    /// Whether the read at `member` tests for the member instead of using it: `typeof a.b`,
    /// `if (a.b)`, `a.b || fallback`, `!a.b`, `a.b?.()`.
    func isFeatureTest(_ member: Int) -> Bool {
        let node = tree[member]
        if node.flags.contains(.optional) || node.role == .condition { return true }
        let index = firstToken(atOrAfter: node.startByte)
        if index > 0, text(of: tokens[index - 1]) == "typeof" { return true }
        if let parent = tree.parent(of: member), tree[parent].kind == .expression { return true }
        if let parent = tree.parent(of: member), tree[parent].kind == .call, node.role == .callee,
           tree[parent].flags.contains(.optional) { return true }
        return false
    }

    /// Member names this file assigns anywhere (`os.x = …`, `Array.prototype.flatten = …`):
    /// the file adds them, so reading them is no hallucination.
    func assignedMemberNames() -> Set<String> {
        var names = Set<String>()
        for index in 0..<tree.count where tree[index].kind == .member && tree[index].role == .target {
            if let name = name(of: index) { names.insert(name) }
        }
        return names
    }

    /// Member names given as strings to reflection (`hasattr(m, "x")`, `getattr`, `setattr`,
    /// `Object.defineProperty(X, 'x', …)`, `Reflect.has`): probed for or added at run time.
    func reflectedMemberNames() -> Set<String> {
        var names = Set<String>()
        for chain in ["hasattr", "getattr", "setattr", "delattr", "defineProperty", "Reflect.has", "Reflect.get", "hasOwnProperty"] {
            for call in calls(to: chain, suffix: true) {
                for argument in arguments(of: call) where tree[argument].kind == .literal && tree[argument].flags.contains(.string) {
                    names.insert(stringValue(of: argument))
                }
            }
        }
        return names
    }

    /// The text of a string literal node without its quotes and prefix letters.
    func stringValue(of node: Int) -> String {
        var text = Substring(text(of: node))
        while let first = text.first, first.isLetter { text = text.dropFirst() }
        let quotes: Set<Character> = ["'", "\"", "`"]
        while let first = text.first, quotes.contains(first) { text = text.dropFirst() }
        while let last = text.last, quotes.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
