import DriftSyntax

/// Recognises test functions: JS callbacks given to `test`/`it`/hooks, Python `test_*` functions.
enum TestFunctions {
    static let javaScriptRunners: Set<String> = ["test", "it", "beforeEach", "afterEach", "beforeAll", "afterAll", "specify"]

    /// The test function that holds `node` (the nearest enclosing one), if any.
    static func enclosingTest(of node: Int, in file: SourceFile) -> Int? {
        var n = file.enclosingFunction(of: node)
        while let function = n {
            if isTest(function, in: file) { return function }
            n = file.enclosingFunction(of: function)
        }
        return nil
    }

    /// Whether `node` runs inside `with self.assertRaises(…)` / `with pytest.raises(…)`, where the
    /// call is expected to fail before it does anything.
    static func isExpectedToRaise(_ node: Int, in file: SourceFile) -> Bool {
        var n = file.tree.parent(of: node)
        while let current = n, file.tree[current].kind != .function {
            if file.tree[current].kind == .withStatement {
                let header = file.text(file.tree[current].startByte, min(file.tree[current].endByte, file.tree[current].startByte + 80))
                if header.contains("assertRaises") || header.contains("raises(") { return true }
            }
            n = file.tree.parent(of: current)
        }
        return false
    }

    /// Whether `function` is itself a test (or a test hook).
    static func isTest(_ function: Int, in file: SourceFile) -> Bool {
        let tree = file.tree
        if file.language == .python {
            guard let name = file.name(of: function) else { return false }
            return name.hasPrefix("test_") || name == "test" || name == "setUp" || name == "asyncSetUp"
        }
        guard tree[function].role == .argument, let call = tree.parent(of: function), tree[call].kind == .call,
              var callee = tree.child(of: call, role: .callee) else { return false }
        // `test.each(table)("name", fn)`: the runner is the inner call's callee.
        if tree[callee].kind == .call, let inner = tree.child(of: callee, role: .callee) { callee = inner }
        guard let chain = file.memberChain(of: callee) ?? Optional(file.trailingChain(of: callee).parts), let first = chain.first else { return false }
        return javaScriptRunners.contains(first)
    }
}
