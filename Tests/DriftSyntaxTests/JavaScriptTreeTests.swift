import DriftSyntax
import Testing

@Suite struct JavaScriptTreeTests {
    @Test func regexVersusDivision() {
        let file = parsed("let a = b / c / d, r = /x\\/y/g.test(s)\nif (x) /re/.exec(y)\nz = (a) / 2\n", .javascript)
        #expect(dumps(of: .literal, in: file, flags: true) == ["(literal {regex})", "(literal {regex})", "(literal {number})"])
        #expect(file.dump(file.tree.nodes(ofKind: .declaration)[0]) == """
            (declaration value=(declarator:a target=(name:a) value=(expression operand=(name:b) operand=(name:c) operand=(name:d))) \
            value=(declarator:r target=(name:r) value=(call callee=(member:test object=(literal)) argument=(name:s))))
            """)
    }

    @Test func nestedTemplateHolesAreCode() {
        let file = parsed("const t = `a${`b${save(c)}`}d${e.f}`;\n", .javascript)
        #expect(file.dump(file.tree.nodes(ofKind: .declarator)[0]) == """
            (declarator:t target=(name:t) value=(literal element=(literal element=(call callee=(name:save) argument=(name:c))) element=(member:f object=(name:e))))
            """)
        #expect(file.calls(to: "save").count == 1)
    }

    @Test func automaticSemicolonInsertion() {
        let code = "let a = 1\nlet b = a\nx\n++y\nreturn\nconst c = w\n(foo)\nconst d = e\n.f()\n"
        let file = parsed(code, .javascript)
        #expect(file.tree.children(of: 0).map { file.dump($0) } == [
            "(declaration value=(declarator:a target=(name:a) value=(literal)))",
            "(declaration value=(declarator:b target=(name:b) value=(name:a)))",
            "(expressionStatement value=(name:x))",
            "(expressionStatement value=(name:y))",
            "(returnStatement)",
            "(declaration value=(declarator:c target=(name:c) value=(call callee=(name:w) argument=(name:foo))))",
            "(declaration value=(declarator:d target=(name:d) value=(call callee=(member:f object=(name:e)))))",
        ])
    }

    @Test func jsxTextAttributesAndHoles() {
        let code = """
            const App = () => (
              <div className="a'b" onClick={() => save(user)}>
                Don't {items.map(i => <Item key={i.id} {...i} />)}
                <></>
              </div>
            );
            """
        let file = parsed(code, .javascript, path: "App.jsx")
        #expect(!file.tree.hasOpaqueNodes)
        #expect(dumps(of: .jsx, in: file) == [
            "(jsx element=(function body=(call callee=(name:save) argument=(name:user))) element=(call callee=(member:map object=(name:items)) argument=(function parameter=(parameter:i) body=(jsx element=(member:id object=(name:i)) element=(name:i)))))",
            "(jsx element=(member:id object=(name:i)) element=(name:i))",
        ])
        #expect(file.calls(to: "save").count == 1)
        #expect(file.calls(to: "items.map").count == 1)
        let strings = file.tokens.filter { $0.kind == .string }
        #expect(strings.isEmpty, "JSX text and attribute values are markup, not strings: \(strings.map { file.text(of: $0) })")
    }

    @Test func typeScriptGenericsVersusComparison() {
        let code = "const m = new Map<string, Array<number>>();\nfoo<T>(x);\nlet y = a < b && c > (d);\n"
        let file = parsed(code, .typescript)
        #expect(file.tree.children(of: 0).map { file.dump($0) } == [
            "(declaration value=(declarator:m target=(name:m) value=(call callee=(name:Map))))",
            "(expressionStatement value=(call callee=(name:foo) argument=(name:x)))",
            "(declaration value=(declarator:y target=(name:y) value=(expression operand=(name:a) operand=(name:b) operand=(name:c) operand=(group element=(name:d)))))",
        ])
    }

    @Test func functionsArrowsAndParameters() {
        let code = """
            export async function* gen<T>(a: T, { b, c = 1 }: Opts, ...rest: T[]): AsyncGenerator<T> {}
            const f = async (x: number, y = 2): Promise<number> => x + y;
            const g = x => x * 2;
            """
        let file = parsed(code, .typescript)
        #expect(dumps(of: .function, in: file, flags: true) == [
            "(function:gen {async,generator} parameter=(parameter:a annotation=(type)) parameter=(parameter target=(group {brace} element=(property:b) element=(property:c defaultValue=(literal {number}))) annotation=(type)) parameter=(parameter:rest {rest} annotation=(type)) annotation=(type) body=(block))",
            "(function {async,arrow,expressionBody} parameter=(parameter:x annotation=(type)) parameter=(parameter:y defaultValue=(literal {number})) annotation=(type) body=(expression operand=(name:x) operand=(name:y)))",
            "(function {arrow,expressionBody} parameter=(parameter:x) body=(expression operand=(name:x) operand=(literal {number})))",
        ])
    }

    @Test func classesInterfacesAndOverloads() {
        let code = """
            interface Repo { find(id: string): Promise<User>; }
            @Injectable()
            export abstract class Store<T> extends Base implements Repo {
              private cache = new Map();
              constructor(private readonly db: Db) { super(); }
              abstract load(): void;
              static create(): Store<any>;
              static create(x?: number): Store<any> { return new Store(); }
              async get(id: string) { return this.#x?.find(id); }
              get size() { return 1 }
            }
            declare function ext(a: string): void;
            function over(a: string): void;
            function over(a: any) {}
            """
        let file = parsed(code, .typescript)
        #expect(dumps(of: .function, in: file, flags: true) == [
            "(function:find {method,noBody} parameter=(parameter:id annotation=(type)) annotation=(type))",
            "(function:constructor {method,constructor} parameter=(parameter:db annotation=(type)) body=(block (expressionStatement value=(call callee=(name:super)))))",
            "(function:load {method,noBody,abstract} annotation=(type))",
            "(function:create {method,noBody,static} annotation=(type))",
            "(function:create {method,static} parameter=(parameter:x annotation=(type)) annotation=(type) body=(block (returnStatement value=(call {new} callee=(name:Store)))))",
            "(function:get {async,method} parameter=(parameter:id annotation=(type)) body=(block (returnStatement value=(call callee=(member:find {optional} object=(member:#x object=(name:this))) argument=(name:id)))))",
            "(function:size {method,get} body=(block (returnStatement value=(literal {number}))))",
            "(function:ext {noBody,declaration} parameter=(parameter:a annotation=(type)) annotation=(type))",
            "(function:over {noBody} parameter=(parameter:a annotation=(type)) annotation=(type))",
            "(function:over parameter=(parameter:a annotation=(type)) body=(block))",
        ])
        let classes = file.tree.nodes(ofKind: .classDeclaration)
        #expect(classes.map { file.name(of: $0) } == ["Repo", "Store"])
        #expect(file.dump(classes[1]).hasPrefix("(classDeclaration:Store decorator=(decorator value=(call callee=(name:Injectable))) base=(name:Base)"))
    }

    @Test func statementsTryLoopsSwitch() {
        let code = """
            for (const [k, v] of Object.entries(o)) { use(k) }
            for (let i = 0; i < n; i++) {}
            for await (const x of stream) {}
            try { JSON.parse(s) } catch (e) { throw new Error("bad") } finally { done() }
            switch (k) { case 1: a(); break; default: b() }
            do { x() } while (y)
            """
        let file = parsed(code, .javascript)
        #expect(file.tree.children(of: 0).map { file.dump($0, flags: true) } == [
            "(loop {forOf} target=(declaration {constant,let} value=(declarator target=(group {bracket} element=(name:k) element=(name:v)))) iterable=(call callee=(member:entries object=(name:Object)) argument=(name:o)) body=(block (expressionStatement value=(call callee=(name:use) argument=(name:k)))))",
            "(loop target=(declaration {let} value=(declarator:i target=(name:i) value=(literal {number}))) condition=(expression operand=(name:i) operand=(name:n)) update=(name:i) body=(block))",
            "(loop {forOf,awaiting} target=(declaration {constant,let} value=(declarator:x target=(name:x))) iterable=(name:stream) body=(block))",
            "(tryStatement body=(block (expressionStatement value=(call callee=(member:parse object=(name:JSON)) argument=(name:s)))) handler=(catchClause:e body=(block (throwStatement value=(call {new} callee=(name:Error) argument=(literal {string}))))) finalizer=(block (expressionStatement value=(call callee=(name:done)))))",
            "(switchStatement condition=(name:k) handler=(caseClause condition=(literal {number}) (expressionStatement value=(call callee=(name:a))) (otherStatement:break {jump})) handler=(caseClause {default} (expressionStatement value=(call callee=(name:b)))))",
            "(loop {doWhile} body=(block (expressionStatement value=(call callee=(name:x)))) condition=(name:y))",
        ])
    }

    @Test func esModulesAndCommonJS() {
        let code = """
            import fs, { readFile as rf, type Stat } from 'fs';
            import * as path from "node:path";
            import './side-effect.css';
            export { a, b as c } from './x';
            export * from './y';
            export default function main() {}
            export const k = 1, j = 2;
            const { promisify, inspect: look } = require('util');
            const lazy = await import('./lazy.js');
            module.exports = { save, load: loadIt };
            exports.helper = function () {};
            """
        let tree = parsed(code, .javascript).tree
        #expect(tree.imports.map(\.module) == ["fs", "node:path", "./side-effect.css", "./x", "./y", "util", "./lazy.js"])
        #expect(tree.imports.map(\.form) == [.esImport, .esImport, .esImport, .esExportFrom, .esExportFrom, .require, .dynamicImport])
        #expect(tree.imports[0].names.map(\.local) == ["fs", "rf", "Stat"])
        #expect(tree.imports[0].names.map(\.typeOnly) == [false, false, true])
        #expect(tree.imports[1].isWildcard)
        #expect(tree.imports[5].names.map(\.local) == ["promisify", "look"])
        #expect(tree.exports.map(\.name) == ["a", "c", "*", "default", "k", "j", "default", "save", "load", "helper"])
    }

    @Test func brokenCodeIsOpaqueAndTheRestParses() {
        let code = "function f() {\n  const x = ;\n  g(\n}\nfunction h() { return 1 }\n"
        let file = parsed(code, .javascript)
        #expect(file.tree.hasOpaqueNodes)
        #expect(dumps(of: .function, in: file).last == "(function:h body=(block (returnStatement value=(literal))))")
    }
}

/// Generic arrow functions in `.tsx`: a `<` that opens a type parameter list is not JSX, so the
/// arrow is a function and the code after it is still parsed (issue 11).
@Suite struct TSXGenericArrowTests {
    static let forms = [
        "<T extends X>(a: T) => save(a)",
        "<T extends keyof X>(a: T) => save(a)",
        "<T,>(a: T) => save(a)",
        "<T, U>(a: T) => save(a)",
        "<T = X>(a: T) => save(a)",
        "<T=X>(a: T) => save(a)",
    ]

    @Test(arguments: forms) func genericArrowIsAFunction(form: String) {
        let code = "const f = \(form);\nconst after = load();\n"
        let file = parsed(code, .typescript, path: "App.tsx")
        #expect(!file.tokens.contains { $0.kind == .jsx }, "lexed as JSX: \(form)")
        #expect(file.tree.children(of: 0).map { file.dump($0) } == [
            "(declaration value=(declarator:f target=(name:f) value=(function parameter=(parameter:a annotation=(type)) body=(call callee=(name:save) argument=(name:a)))))",
            "(declaration value=(declarator:after target=(name:after) value=(call callee=(name:load))))",
        ])
    }

    /// The same arrows in `.ts` parse to the same tree.
    @Test(arguments: forms) func sameTreeAsTypeScript(form: String) {
        let code = "const f = \(form);\nconst after = load();\n"
        let tsx = parsed(code, .typescript, path: "App.tsx")
        let ts = parsed(code, .typescript, path: "app.ts")
        #expect(tsx.tree.children(of: 0).map { tsx.dump($0) } == ts.tree.children(of: 0).map { ts.dump($0) })
    }

    /// Markup that merely looks similar stays JSX.
    @Test(arguments: ["<T>text</T>", "<T extends=\"x\">text</T>", "<T extends>text</T>", "<Tx extendsy />", "<div>{a}</div>"])
    func markupStaysJSX(markup: String) {
        let file = parsed("const e = \(markup);\nconst after = load();\n", .typescript, path: "App.tsx")
        #expect(file.tokens.contains { $0.kind == .jsx }, "not lexed as JSX: \(markup)")
        #expect(file.calls(to: "load").count == 1)
    }
}
