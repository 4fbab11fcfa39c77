/// What a file declares for other files to use, and what its decorators do to a function: the
/// syntax-layer part of `FileFacts` (DriftCore keeps the facts as data; the engine caches them per blob).
extension SourceFile {
    /// Exported (JS/TS) or module-level (Python) async functions, name → 1-based line of the
    /// declaration: JS/TS `export async function f`, `export const f = async () => …`,
    /// `export default async …`, `export { f }` of a top-level async function, `exports.f = async …`,
    /// `module.exports = { f }`; Python top-level `async def f` (every module-level name is
    /// importable in Python). An `async def` under a decorator that may change it is left out.
    public func exportedAsyncFunctions() -> [String: Int] {
        var topLevel: [String: Int] = [:]
        func record(_ name: String?, _ node: Int) {
            if let name, !name.isEmpty { topLevel[name] = line(ofByte: tree[node].startByte) }
        }
        // Top-level async functions, and top-level `const f = async …` (also inside `export`).
        var statements = Array(tree.children(of: SyntaxTree.root))
        var index = 0
        while index < statements.count {
            let statement = statements[index]
            index += 1
            let node = tree[statement]
            switch node.kind {
            case .exportDeclaration:
                statements.append(contentsOf: tree.children(of: statement))
            case .function where node.flags.contains(.async) && !hasTransformingDecorator(statement):
                record(name(of: statement), statement)
            case .declaration:
                for declarator in tree.children(of: statement) where tree[declarator].kind == .declarator {
                    if let value = tree.child(of: declarator, role: .value), tree[value].kind == .function,
                       tree[value].flags.contains(.async) {
                        record(name(of: declarator), declarator)
                    }
                }
            default:
                break
            }
        }
        guard language != .python else { return topLevel }
        var exported: [String: Int] = [:]
        for export in tree.exports {
            let node = tree[export.node]
            switch export.form {
            case .esNamed, .commonJS:
                if let line = topLevel[export.name] {
                    exported[export.name] = line
                } else if let value = node.kind == .assignment || node.kind == .property ? tree.child(of: export.node, role: .value) : nil,
                          tree[value].kind == .function, tree[value].flags.contains(.async) {
                    exported[export.name] = line(ofByte: node.startByte)
                } else if node.kind == .function, node.flags.contains(.async) {
                    exported[export.name] = line(ofByte: node.startByte)
                } else if node.kind == .property, let value = tree.child(of: export.node, role: .value),
                          tree[value].kind == .name, let local = name(of: value), let line = topLevel[local] {
                    exported[export.name] = line
                }
            case .esDefault:
                if node.kind == .function, node.flags.contains(.async) {
                    exported["default"] = line(ofByte: node.startByte)
                }
            default:
                break
            }
        }
        // `export { f }` and `export async function f` both name a top-level declaration.
        for (name, line) in topLevel where exported[name] == nil && tree.exports.contains(where: { $0.name == name }) {
            exported[name] = line
        }
        return exported
    }

    /// Whether a decorator other than the ones known to keep a function as it is wraps it
    /// (`@async_to_sync` makes an `async def` synchronous).
    public func hasTransformingDecorator(_ function: Int) -> Bool {
        for child in tree.children(of: function) where tree[child].kind == .decorator {
            var spelling = text(of: child)
            if spelling.hasPrefix("@") { spelling.removeFirst() }
            let head = spelling.split(whereSeparator: { $0 == "(" || $0 == " " || $0 == "\n" }).first.map(String.init) ?? spelling
            let last = head.split(separator: ".").last.map(String.init) ?? head
            if !SourceFile.keepingDecorators.contains(last) && !head.hasPrefix("pytest.mark") { return true }
        }
        return false
    }

    /// Whether a Python method is decorated `@staticmethod` or `@classmethod`.
    public func isStaticOrClassMethod(_ function: Int) -> Bool {
        tree.children(of: function).contains { child in
            tree[child].kind == .decorator && ["@staticmethod", "@classmethod", "staticmethod", "classmethod"].contains(text(of: child).trimmingWhitespace())
        }
    }

    /// Whether a decorator turns the `async def` into a plain function (`@async_to_sync`, `@run_sync`):
    /// calling it runs it to completion.
    public func hasSyncingDecorator(_ function: Int) -> Bool {
        for child in tree.children(of: function) where tree[child].kind == .decorator {
            let spelling = text(of: child).lowercased()
            if spelling.contains("to_sync") || spelling.contains("run_sync") || spelling.contains("syncify") || spelling.contains("make_sync")
                || spelling.contains("synchronous") || spelling.hasPrefix("@sync") { return true }
        }
        return false
    }

    /// Decorators that return the function they are given, or one with the same async-ness.
    static let keepingDecorators: Set<String> = [
        "staticmethod", "classmethod", "abstractmethod", "override", "final", "wraps", "overload",
        "asynccontextmanager", "fixture", "mark",
    ]
}
