import DriftSyntax
import Testing

@Suite struct QueryTests {
    @Test func callsToNamesAndMemberChains() {
        let file = parsed("fs.promises.readFile(p)\nreadFile(q)\nx.fs.promises.readFile(r)\nfetch(u).then(f)\n", .javascript)
        #expect(file.calls(to: "fs.promises.readFile").count == 1)
        #expect(file.calls(to: "fs.promises.readFile", suffix: true).count == 2)
        #expect(file.calls(to: "readFile").count == 1)
        let then = file.calls(to: "then", suffix: true)
        #expect(then.count == 1)
        #expect(file.calleeChain(of: then[0]) == nil, "the callee's object is a call, not a chain")
        #expect(file.arguments(of: file.calls(to: "fetch")[0]).map { file.text(of: $0) } == ["u"])
    }

    @Test func enclosingFunction() {
        let file = parsed("def outer():\n    def inner():\n        go()\n    stop()\n", .python)
        let go = file.calls(to: "go")[0], stop = file.calls(to: "stop")[0]
        #expect(file.enclosingFunction(of: go).flatMap { file.name(of: $0) } == "inner")
        #expect(file.enclosingFunction(of: stop).flatMap { file.name(of: $0) } == "outer")
        #expect(file.enclosingFunction(of: file.enclosingFunction(of: stop)!) == nil)
    }

    @Test func valueUseInJavaScript() {
        let code = """
            async function f() {
              save(a);
              await save(b);
              const c = save(c0);
              use(save(d));
              save(e).then(ok);
              save(g).catch(err);
              void save(h);
              [save(i), save(j)];
              return save(k);
            }
            const l = () => save(l0);
            """
        let file = parsed(code, .javascript)
        let uses = file.calls(to: "save").map { file.valueUse(of: $0) }
        #expect(uses == [.dropped, .awaited, .assigned, .passed, .chained("then"), .chained("catch"), .voided, .dropped, .dropped, .returned, .returned])
    }

    @Test func valueUseInPython() {
        let code = "async def f():\n    fetch()\n    x = fetch()\n    await fetch()\n    asyncio.gather(fetch())\n    return fetch()\n    if fetch(): pass\n"
        let file = parsed(code, .python)
        #expect(file.calls(to: "fetch").map { file.valueUse(of: $0) } == [.dropped, .assigned, .awaited, .passed, .returned, .other])
    }

    /// A call or name in an f-string or template hole is a node like any other: rules that look
    /// for uses of a name, or for what happens to a call's value, see it.
    @Test func holesOfFormattedStringsAreUses() {
        let python = parsed("async def f(task):\n    print(f\"{fetch()} {await fetch()} {task!r}\")\n", .python)
        #expect(python.calls(to: "fetch").map { python.valueUse(of: $0) } == [.interpolated, .awaited])
        #expect(python.nameNodes("task", in: SyntaxTree.root).count == 1)
        let script = parsed("async function f() { log(`${save()} ${await save()}`); }\n", .javascript)
        #expect(script.calls(to: "save").map { script.valueUse(of: $0) } == [.interpolated, .awaited])
    }

    /// The names bound in scope `index`, as `name:kind`, in source order.
    func bound(_ analysis: ScopeAnalysis, _ index: Int) -> [String] {
        analysis.scopes[index].bindings.values.sorted { $0.offset < $1.offset }.map { "\($0.name):\($0.kind)" }
    }

    @Test func bindingsAndTheirKinds() {
        let code = """
            import os
            from x import y as z
            def f(a, *b, c=1):
                d = 1
                e, (g, h) = pair
                for i in xs: pass
                with open(p) as fh: pass
                try: pass
                except E as err: pass
                def inner(): pass
                return [k for k in d]
            class K:
                attr = 1
                def m(self): return attr
            """
        let file = parsed(code, .python)
        let analysis = file.scopeAnalysis()
        #expect(bound(analysis, 0) == ["os:importBinding", "z:importBinding", "f:function", "K:type"])
        let f = file.tree.nodes(ofKind: .function)[0]
        let inside = analysis.scopeOfNode[f]!
        #expect(analysis.scopes[inside].kind == .function)
        #expect(bound(analysis, inside) == ["a:parameter", "b:parameter", "c:parameter", "d:variable", "e:variable", "g:variable",
                                            "h:variable", "i:loopVariable", "fh:variable", "err:catchBinding", "inner:function"])
        let use = file.calls(to: "open")[0]
        #expect(file.declaration(of: "os", at: use)?.binding.kind == .importBinding)
        #expect(file.declaration(of: "a", at: use)?.binding.kind == .parameter)
        #expect(file.declaration(of: "a", at: use)?.scope == inside)
        #expect(file.declaration(of: "nothing", at: use) == nil)
        // A comprehension's variable is its own; a method does not see its class body's names.
        let k = file.nameNodes("k", in: SyntaxTree.root)[0]
        #expect(analysis.scopes[file.declaration(of: "k", at: k)!.scope].kind == .comprehension)
        #expect(analysis.owner(of: file.declaration(of: "k", at: k)!.scope) == inside)
        let attr = file.nameNodes("attr", in: SyntaxTree.root).last!
        #expect(file.declaration(of: "attr", at: attr) == nil)
    }

    @Test func bindingsInJavaScript() {
        let code = """
            import { readFile } from 'fs';
            const { a, b: c, ...rest } = obj;
            function f(x, { y, z = 1 }, [w]) { let v; { let inner; } use(inner); }
            sloppy = 1;
            use(sloppy);
            """
        let file = parsed(code, .javascript)
        let analysis = file.scopeAnalysis()
        #expect(bound(analysis, 0) == ["readFile:importBinding", "a:variable", "c:variable", "rest:variable", "f:function",
                                       "sloppy:implicitGlobal"])
        let f = file.tree.nodes(ofKind: .function)[0]
        #expect(bound(analysis, analysis.scopeOfNode[f]!) == ["x:parameter", "y:parameter", "z:parameter", "w:parameter", "v:variable"])
        #expect(analysis.scopes[0].bindings["a"]?.isLexical == true)
        // A block's `let` is not seen after the block; an assignment declares nothing.
        let uses = file.calls(to: "use")
        #expect(file.declaration(of: "inner", at: uses[0]) == nil)
        #expect(file.declaration(of: "v", at: uses[0])?.binding.kind == .variable)
        #expect(file.declaration(of: "sloppy", at: uses[1]) == nil)
    }
}
