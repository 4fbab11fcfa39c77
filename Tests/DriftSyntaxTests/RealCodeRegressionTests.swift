import DriftSyntax
import Testing

/// Constructs from site-packages and Debian's node packages that once produced opaque nodes.
@Suite struct RealCodeRegressionTests {
    @Test(arguments: [
        "metavar, = f(1)\n",
        "def f():\n    if x:\n        raise E()\n    from a import b\n",
        "r = s.strip()[::-1]\n",
        "match x:\n    case ast.Expr(value=str() as doc) if (\n        a\n    ):\n        pass\n",
        "with a(\n    b\n) as c, d(\n) as e:\n    pass\n",
        "y = a // 2\nz = a if b else c\n",
        "x = a<-1\n",
    ])
    func pythonParsesWithoutOpaqueNodes(_ code: String) {
        let file = parsed(code, .python)
        #expect(!file.tree.hasOpaqueNodes, "\(file.dump())")
    }

    @Test(arguments: [
        "keys.reduce((item, key, i) => i === last ? item[key] = value : item[key], this);\n",
        "var undefined;\n",
        "export default /^[0-9a-f]{8}$/i;\n",
        "back ? back = back.next = request : (front = back = request, resume(key, arg));\n",
        "if (a < -1) x--\n",
    ])
    func javascriptParsesWithoutOpaqueNodes(_ code: String) {
        let file = parsed(code, .javascript)
        #expect(!file.tree.hasOpaqueNodes, "\(file.dump())")
    }

    @Test(arguments: [
        "export function isAccessor(node: object | null, opts?: object | null): node is Accessor;\n",
        "function assert<T>(_val: unknown): asserts _val is T {}\n",
        "type R<T> = T extends (...args: unknown[]) => infer U ? U :\n  never;\n",
        "interface F {\n  (filepath: string, options: { a: 1 }): void;\n  new (x: number): F;\n  (): string;\n}\n",
        "export as namespace debug;\n",
        "type N<O> = O\n  ? NonNullable<O> extends Function\n    ? 1\n    : 2\n  : 3;\n",
    ])
    func typeScriptParsesWithoutOpaqueNodes(_ code: String) {
        let file = parsed(code, .typescript, path: "x.d.ts")
        #expect(!file.tree.hasOpaqueNodes, "\(file.dump())")
    }
}
