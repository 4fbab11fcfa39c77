import DriftSyntax

/// The bindings of each scope of one file, built on first use (see `AsyncCallees.resolve`).
final class ScopeTable {
    private var tables: [Int: [String: Binding]] = [:]
    private var counts: [String: Int]?

    /// `SourceFile.resolve` over the cached tables.
    func resolve(_ name: String, at node: Int, in file: SourceFile) -> Binding? {
        for scope in file.scopes(of: node) {
            if let binding = bindings(of: scope, in: file)[name] { return binding }
        }
        return nil
    }

    /// How many name nodes spell each name in the whole file; a name seen once is never used
    /// after it is bound (counted once per file, so asking is O(1)).
    func occurrences(of name: String, in file: SourceFile) -> Int {
        if counts == nil {
            var table: [String: Int] = [:]
            for index in 0..<file.tree.count where file.tree[index].kind == .name {
                if let text = file.name(of: index) { table[text, default: 0] += 1 }
            }
            counts = table
        }
        return counts?[name] ?? 0
    }

    func bindings(of scope: Int, in file: SourceFile) -> [String: Binding] {
        if let table = tables[scope] { return table }
        var table: [String: Binding] = [:]
        for binding in file.bindings(in: scope) where table[binding.name] == nil { table[binding.name] = binding }
        tables[scope] = table
        return table
    }
}
