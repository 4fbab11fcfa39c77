import Testing
@testable import DriftSyntax

/// The binding model behind `undefined-name`, where examples cannot show it: which scope a read
/// resolves in, and parser shapes that still trip it.
@Suite struct ScopeAnalysisTests {
    func unresolved(_ code: String, _ language: Language, path: String? = nil) -> [String] {
        SourceFile(path: path ?? "x.\(language.defaultExtension)", language: language, text: code).scopeAnalysis().unresolved.map(\.name)
    }

    @Test func pythonMethodsSkipTheClassBodyButItsOwnCodeSeesIt() {
        let code = "class A:\n    x = 1\n    y = x\n    def m(self):\n        return x\n"
        #expect(unresolved(code, .python) == ["x"])
    }

    @Test func pythonDefaultsAndDecoratorsAreEvaluatedWhereTheDefIs() {
        let code = "class A:\n    limit = 3\n    @staticmethod\n    def m(a=limit):\n        return a\n"
        #expect(unresolved(code, .python) == ["staticmethod"])  // a builtin: the rule's business, not the scopes'
    }

    @Test func walrusInAComprehensionBindsInTheEnclosingFunction() {
        let code = "def f(xs):\n    ys = [last := x for x in xs]\n    return last, ys\n"
        #expect(unresolved(code, .python).isEmpty)
    }

    @Test func javaScriptLetIsBlockScopedAndVarIsNot() {
        let code = "function f() {\n  if (a) { let inner = 1; var outer = 2; }\n  return [inner, outer];\n}\n"
        #expect(unresolved(code, .javascript) == ["a", "inner"])
    }

    @Test func javaScriptReadBeforeConstInTheSameFunctionIsADeadZone() throws {
        let file = SourceFile(path: "x.js", language: .javascript, text: "function f() {\n  g(x);\n  const x = 1;\n  return () => x;\n}\n")
        let analysis = file.scopeAnalysis()
        let reads = analysis.references.filter { $0.name == "x" }
        #expect(reads.count == 2)
        guard case .beforeDeclaration = analysis.resolve(reads[0]) else { Issue.record("first read is not in the dead zone"); return }
        guard case .bound = analysis.resolve(reads[1]) else { Issue.record("a read inside a later-called arrow is fine"); return }
    }

    @Test func dynamicScopesResolveToDynamic() {
        #expect(unresolved("def f():\n    exec('y = 1')\n    return y\n", .python).isEmpty)
        #expect(unresolved("with (obj) { anything(); }\n", .javascript).isEmpty)
    }

    @Test func builtinsAssignmentsAreRecordedForTheProject() {
        let file = SourceFile(path: "h.py", language: .python, text: "import builtins as b\nb._ip = 1\n")
        #expect(file.scopeAnalysis().injectedBuiltins == ["_ip"])
    }

    @Test func moduleSymbolsOfAPythonFileAreClosedUnlessDynamic() {
        let closed = SourceFile(path: "m.py", language: .python, text: "def get_user(): ...\n").moduleSymbols()
        #expect(closed.lookup("get_user") == .defined(.init(path: "m.py", line: 1)))
        #expect(closed.lookup("retrieve_user") == .absent)
        let dynamic = SourceFile(path: "m.py", language: .python, text: "def __getattr__(name): ...\n").moduleSymbols()
        #expect(dynamic.lookup("anything") == .unknown)
        for text in ["__getattr__ = lambda n: 1\n", "from ._lazy import __getattr__\n", "__getattr__, __dir__ = make_lazy()\n"] {
            let assigned = SourceFile(path: "m.py", language: .python, text: text).moduleSymbols()
            #expect(assigned.lookup("anything") == .unknown, "\(text)")
        }
        // Only at module level: a class's `__getattr__` says nothing about the module.
        let method = SourceFile(path: "m.py", language: .python, text: "class A:\n    __getattr__ = lambda s, n: 1\n").moduleSymbols()
        #expect(method.lookup("anything") == .absent)
    }

    /// A raw single-quoted Python string continued with a backslash at the end of a line goes on
    /// on the next line; the code after it is code again.
    @Test func aBackslashContinuedPythonString() {
        let code = "x = r'\"a\\\nde\\\nfg\"'\ny = x\n"
        #expect(unresolved(code, .python).isEmpty)
    }

    /// A quote inside a regex inside a template hole is part of the regex: the template ends where
    /// it ends, and the next declaration is a statement.
    @Test func aRegexWithAQuoteInATemplateHole() {
        let code = #"""
            function a(id) {
              return id.replace(e, (_, q) => `"${q.replace(/"/g, '""')}`);
            }
            function b(id) {
              return id.replace(e, (_, q) => `"${q.replace(/""/g, '"')}`);
            }
            b(1);
            """#
        let file = SourceFile(path: "x.js", language: .javascript, text: code)
        #expect(file.tree.nodes(ofKind: .function).contains { file.name(of: $0) == "b" && file.tree[$0].role == .statement })
        #expect(file.scopeAnalysis().unresolved.map(\.name) == ["e", "e"])
    }

    /// Which reads a `del` leaves unbound: only those it certainly precedes in the same scope.
    @Test func delUnbindsOnlyInStraightLineCode() {
        #expect(unresolved("x = 1\ndel x\ny = x\n", .python) == ["x"])
        #expect(unresolved("x = 1\nif c:\n    del x\ny = x\n", .python) == ["c"])
        #expect(unresolved("x = 1\ndel x\nwhile c:\n    x = 2\ny = x\n", .python) == ["c"])
        #expect(unresolved("def f():\n    global x\n    del x\n    return x\n", .python) == ["x"])
        #expect(unresolved("def f(a):\n    del a.b, a[0]\n    return a\n", .python).isEmpty)
        #expect(unresolved("def f(a):\n    del (a, b)\n    return a\n", .python) == ["a"])
        // A comprehension that binds the name itself (found in scipy).
        #expect(unresolved("def f(shapes, shape):\n    del shape\n    return [shape for shape in shapes]\n", .python).isEmpty)
        // A read in a function defined after the `del` runs later, when the name may be bound again.
        #expect(unresolved("x = 1\ndel x\ndef f():\n    return x\nx = 2\n", .python).isEmpty)
    }

    @Test func anExceptAliasIsUnboundAfterItsHandler() {
        let after = "try:\n    pass\nexcept E as e:\n    y = e\ny = e\n"
        #expect(unresolved(after, .python) == ["E", "e"])
        #expect(unresolved("e = None\n" + after, .python) == ["E"])
        let twoHandlers = "try:\n    pass\nexcept A as e:\n    y = e\nexcept B as e:\n    y = e\n"
        #expect(unresolved(twoHandlers, .python) == ["A", "B"])
        let global = "def f():\n    global e\n    try:\n        pass\n    except E as e:\n        pass\n    return e\n"
        #expect(unresolved(global, .python) == ["E"])
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstName() {
        #expect(unresolved("\u{FEFF}import os\nos.getcwd()\n", .python).isEmpty)
        #expect(unresolved("\u{FEFF}const a = 1;\nconsole.log(a);\n", .javascript) == ["console"])
    }
}
