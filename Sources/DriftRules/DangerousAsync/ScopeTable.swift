import DriftSyntax
import Synchronization

/// The bindings of each scope of one file, built on first use (see `AsyncCallees.resolve`).
/// Shared by the async rules through `AsyncCallees.Facts`, hence the lock.
final class ScopeTable: Sendable {
    private struct State {
        var tables: [Int: [String: Binding]] = [:]
        var counts: [String: Int]?
    }
    private let state = Mutex(State())

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
        state.withLock { state in
            if state.counts == nil {
                var table: [String: Int] = [:]
                for index in 0..<file.tree.count where file.tree[index].kind == .name {
                    if let text = file.name(of: index) { table[text, default: 0] += 1 }
                }
                state.counts = table
            }
            return state.counts?[name] ?? 0
        }
    }

    func bindings(of scope: Int, in file: SourceFile) -> [String: Binding] {
        state.withLock { state in
            if let table = state.tables[scope] { return table }
            var table: [String: Binding] = [:]
            for binding in file.bindings(in: scope) where table[binding.name] == nil { table[binding.name] = binding }
            state.tables[scope] = table
            return table
        }
    }
}
