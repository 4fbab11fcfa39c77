import DriftSyntax
import Testing

@Suite struct PythonTreeTests {
    @Test func functionWithDecoratorsParametersAndDefaults() {
        let code = """
            @app.route("/x", methods=["GET"])
            @cached
            async def handler(request, /, *args, timeout: int = 5, **kw) -> Response:
                return await request.json()
            """
        #expect(dumpFirst(code, .python, flags: true) == """
            (function:handler {async} decorator=(decorator value=(call callee=(member:route object=(name:app)) \
            argument=(literal {string}) argument=(keywordArgument:methods value=(group {bracket} element=(literal {string}))))) \
            decorator=(decorator value=(name:cached)) parameter=(parameter:request) parameter=(parameter:args {rest}) \
            parameter=(parameter:timeout annotation=(type) defaultValue=(literal {number})) parameter=(parameter:kw {keywordRest}) \
            annotation=(type) body=(block (returnStatement value=(await operand=(call callee=(member:json object=(name:request)))))))
            """)
    }

    @Test func indentationDedentAndCommentsDoNotEndBlocks() {
        let code = "def f():\n    a = 1\n# col 0 comment inside\n\n    if a:\n\tb()\n    c()\nd()\n"
        let file = parsed(code, .python)
        #expect(file.dump() == """
            (module (function:f body=(block (expressionStatement value=(assignment target=(name:a) value=(literal))) \
            (comment) (ifStatement condition=(name:a) body=(block (expressionStatement value=(call callee=(name:b))))) \
            (expressionStatement value=(call callee=(name:c))))) (expressionStatement value=(call callee=(name:d))))
            """)
    }

    @Test func continuationLinesAndBracketsSpanLines() {
        let code = "x = 1 + \\\n    2\ny = f(a,\n      b)\n"
        let file = parsed(code, .python)
        #expect(file.dump() == """
            (module (expressionStatement value=(assignment target=(name:x) value=(expression operand=(literal) operand=(literal)))) \
            (expressionStatement value=(assignment target=(name:y) value=(call callee=(name:f) argument=(name:a) argument=(name:b)))))
            """)
    }

    @Test func nestedFStringsAndPrefixesAreOneLiteral() {
        let code = #"s = f"{x:>{w}} {f"{y!r}"}" + rb'\d' + Rb"x" + u'y'"#
        let file = parsed(code, .python)
        let literals = dumps(of: .literal, in: file, flags: true)
        #expect(literals == [
            "(literal {string,template} element=(name:x) element=(name:w) element=(literal {string,template} element=(name:y)))",
            "(literal {string,template} element=(name:y))", "(literal {string})", "(literal {string})", "(literal {string})",
        ])
    }

    /// The holes of an f-string are expressions: `!r`, `:spec` (with its own holes), a
    /// self-documenting `=`, `{{` escapes and `\N{…}` names are not.
    @Test func fStringHolesAreExpressions() {
        let cases: [(String, [String])] = [
            (#"f"{a!r} {b:>10} {c=} {d = !s:^{width}} {{e}} \N{EM DASH} {f(g)[0]}""#,
             ["(name:a)", "(name:b)", "(name:c)", "(name:d)", "(name:width)", "(subscript object=(call callee=(name:f) argument=(name:g)) index=(literal))"]),
            (#"rf'{h}\N{i}' fr"{j:#x}" F'''{k"# + "\n  + l}'''",
             ["(name:h)", "(name:i)", "(name:j)", "(expression operand=(name:k) operand=(name:l))"]),
            (#"f"{m == n} {o != p:{'>' if q else '<'}} {r:=10} {x['s']!a} {(lambda t: t)(u)}""#,
             ["(expression operand=(name:m) operand=(name:n))", "(expression operand=(name:o) operand=(name:p))",
              "(expression operand=(literal) operand=(name:q) operand=(literal))", "(name:r)",
              "(subscript object=(name:x) index=(literal))",
              "(call callee=(group element=(function parameter=(parameter:t) body=(name:t))) argument=(name:u))"]),
            (#"f"{"nested {v}"} {f"{w!r}"}""#, ["(literal)", "(literal element=(name:w))"]),
        ]
        for (code, expected) in cases {
            let file = parsed("s = " + code + "\n", .python)
            let literal = file.tree.nodes(ofKind: .literal).first!
            #expect(file.tree.children(of: literal).map { file.dump($0) } == expected, "\(code)")
        }
    }

    @Test func ifElifElseChain() {
        let code = "if a:\n    pass\nelif b:\n    pass\nelse:\n    c()\n"
        #expect(dumpFirst(code, .python, flags: true) == """
            (ifStatement condition=(name:a) body=(block (otherStatement:pass {pass})) orelse=(ifStatement {elif} \
            condition=(name:b) body=(block (otherStatement:pass {pass})) orelse=(block (expressionStatement value=(call callee=(name:c))))))
            """)
    }

    @Test func loopsTryAndWith() {
        let code = """
            async for i, (k, v) in enumerate(d):
                pass
            try:
                x()
            except* (KeyError, ValueError) as e:
                log(e)
            except Exception:
                raise
            else:
                ok()
            finally:
                close()
            async with open(p) as f, lock:
                pass
            """
        let file = parsed(code, .python)
        let statements = file.tree.children(of: 0).map { file.dump($0, flags: true) }
        #expect(statements == [
            "(loop {awaiting} target=(expression operand=(name:i) operand=(group {paren} element=(name:k) element=(name:v))) iterable=(call callee=(name:enumerate) argument=(name:d)) body=(block (otherStatement:pass {pass})))",
            "(tryStatement body=(block (expressionStatement value=(call callee=(name:x)))) handler=(catchClause:e {exceptionGroup} exceptionType=(group {paren} element=(name:KeyError) element=(name:ValueError)) body=(block (expressionStatement value=(call callee=(name:log) argument=(name:e))))) handler=(catchClause exceptionType=(name:Exception) body=(block (throwStatement))) orelse=(block (expressionStatement value=(call callee=(name:ok)))) finalizer=(block (expressionStatement value=(call callee=(name:close)))))",
            "(withStatement {awaiting} value=(call callee=(name:open) argument=(name:p)) target=(name:f) value=(name:lock) body=(block (otherStatement:pass {pass})))",
        ])
    }

    @Test func importsWithRelativeLevels() {
        let code = "import os, a.b.c as d\nfrom ..pkg.mod import (x as y,\n  z)\nfrom . import sibling\nfrom m import *\n"
        let imports = parsed(code, .python).tree.imports
        #expect(imports.map(\.module) == ["os", "a.b.c", "pkg.mod", "", "m"])
        #expect(imports.map(\.level) == [0, 0, 2, 1, 0])
        #expect(imports.map { $0.names.compactMap(\.local) } == [["os"], ["d"], ["y", "z"], ["sibling"], []])
        #expect(imports[2].names.map(\.imported) == ["x", "z"])
        #expect(imports[4].isWildcard)
    }

    @Test func dunderAllIsAnExportList() {
        let exports = parsed("__all__ = ['a', \"b\"]\n", .python).tree.exports
        #expect(exports.map(\.name) == ["a", "b"])
        #expect(exports.allSatisfy { $0.form == .dunderAll })
    }

    @Test func classesMethodsAnnotationsAndGenerators() {
        let code = "class Foo(Base, metaclass=Meta):\n    x: int = 3\n    def bar(self):\n        yield self.x\n"
        #expect(dumpFirst(code, .python, flags: true) == """
            (classDeclaration:Foo base=(name:Base) base=(keywordArgument:metaclass value=(name:Meta)) body=(block \
            (expressionStatement value=(assignment target=(name:x) annotation=(type) value=(literal {number}))) \
            (function:bar {generator,method} parameter=(parameter:self) body=(block (expressionStatement value=(yield operand=(member:x object=(name:self))))))))
            """)
    }

    @Test func lambdasComprehensionsAndWalrus() {
        let code = "r = [f(x) for x in xs if (n := len(x))]\ng = lambda a, b=1: a + b\n"
        let file = parsed(code, .python)
        #expect(dumps(of: .loop, in: file, flags: true) == [
            "(loop {comprehension} target=(name:x) iterable=(name:xs) condition=(group {paren} element=(assignment {walrus} target=(name:n) value=(call callee=(name:len) argument=(name:x)))))",
        ])
        #expect(dumps(of: .function, in: file, flags: true) == [
            "(function {lambda,expressionBody} parameter=(parameter:a) parameter=(parameter:b defaultValue=(literal {number})) body=(expression operand=(name:a) operand=(name:b)))",
        ])
    }

    @Test func matchStatementAndSoftKeywordsAsNames() {
        let code = "match = 1\nmatch command:\n    case [x]:\n        go(x)\n"
        let file = parsed(code, .python)
        #expect(file.dump() == """
            (module (expressionStatement value=(assignment target=(name:match) value=(literal))) (otherStatement:match \
            condition=(name:command) body=(block (otherStatement:case condition=(group element=(name:x)) body=(block \
            (expressionStatement value=(call callee=(name:go) argument=(name:x))))))))
            """)
    }

    @Test func brokenLinesBecomeOpaqueAndTheRestParses() {
        let code = "def f(:\n    pass\nx = = 2\ndef g():\n    return 1\n"
        let file = parsed(code, .python)
        #expect(file.tree.hasOpaqueNodes)
        #expect(dumps(of: .function, in: file).last == "(function:g body=(block (returnStatement value=(literal))))")
    }

    @Test func semicolonsSeparateStatements() {
        let file = parsed("a = 1; b(); return\n", .python)
        #expect(Array(file.tree.children(of: 0)).count == 3)
    }
}
