import DriftSyntax

/// What the concurrency rules share about state: Python `global` names and held locks.
enum SharedState {
    /// Whether `node` runs inside `with lock:` / `async with self._lock:` (anything named like a
    /// lock, mutex, semaphore or condition) in its own function.
    static func isUnderLock(_ node: Int, in file: SourceFile) -> Bool {
        var n = file.tree.parent(of: node)
        while let current = n, file.tree[current].kind != .function {
            if file.tree[current].kind == .withStatement {
                let start = file.tree[current].startByte
                let header = file.text(start, min(file.tree[current].endByte, start + 160)).prefix { $0 != ":" }.lowercased()
                if ["lock", "mutex", "semaphore", "condition"].contains(where: header.contains) { return true }
            }
            n = file.tree.parent(of: current)
        }
        return false
    }

    /// Names a Python function declares `global` or `nonlocal`, among its own nodes.
    static func pythonGlobals(in nodes: [Int], of file: SourceFile) -> Set<String> {
        guard file.language == .python else { return [] }
        var result: Set<String> = []
        for n in nodes { if let names = file.globalDeclarationNames(n) { result.formUnion(names) } }
        return result
    }
}
