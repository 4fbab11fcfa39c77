import DriftSyntax

/// What one file tells other files about itself: today, which of the names it exports are async.
///
/// Facts depend only on a blob's bytes, so the engine computes them once per blob, keeps them in
/// the per-blob cache next to the blob's findings, and hands the facts of the other project files to
/// rules through `RuleContext.project`.
public struct FileFacts: Sendable, Hashable, Codable {
    /// Exported (JS/TS) or module-level (Python) async functions: name → 1-based line of the declaration.
    public var asyncFunctions: [String: Int]

    public init(asyncFunctions: [String: Int] = [:]) {
        self.asyncFunctions = asyncFunctions
    }

    /// The facts of `file`: JS/TS `export async function f`, `export const f = async () => …`,
    /// `export default async …`, `exports.f = async …`, `module.exports = { f }`; Python top-level
    /// `async def f` (every module-level name is importable in Python).
    public init(of file: SourceFile) {
        let tree = file.tree
        var topLevel: [String: Int] = [:]
        func record(_ name: String?, _ node: Int) {
            if let name, !name.isEmpty { topLevel[name] = file.line(ofByte: tree[node].startByte) }
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
            case .function where node.flags.contains(.async) && !Self.hasTransformingDecorator(statement, in: file):
                record(file.name(of: statement), statement)
            case .declaration:
                for declarator in tree.children(of: statement) where tree[declarator].kind == .declarator {
                    if let value = tree.child(of: declarator, role: .value), tree[value].kind == .function,
                       tree[value].flags.contains(.async) {
                        record(file.name(of: declarator), declarator)
                    }
                }
            default:
                break
            }
        }
        guard file.language != .python else {
            asyncFunctions = topLevel
            return
        }
        var exported: [String: Int] = [:]
        for export in tree.exports {
            let node = tree[export.node]
            switch export.form {
            case .esNamed, .commonJS:
                if let line = topLevel[export.name] {
                    exported[export.name] = line
                } else if let value = node.kind == .assignment || node.kind == .property ? tree.child(of: export.node, role: .value) : nil,
                          tree[value].kind == .function, tree[value].flags.contains(.async) {
                    exported[export.name] = file.line(ofByte: node.startByte)
                } else if node.kind == .function, node.flags.contains(.async) {
                    exported[export.name] = file.line(ofByte: node.startByte)
                } else if node.kind == .property, let value = tree.child(of: export.node, role: .value),
                          tree[value].kind == .name, let local = file.name(of: value), let line = topLevel[local] {
                    exported[export.name] = line
                }
            case .esDefault:
                if node.kind == .function, node.flags.contains(.async) {
                    exported["default"] = file.line(ofByte: node.startByte)
                }
            default:
                break
            }
        }
        // `export { f }` and `export async function f` both name a top-level declaration.
        for (name, line) in topLevel where exported[name] == nil && tree.exports.contains(where: { $0.name == name }) {
            exported[name] = line
        }
        asyncFunctions = exported
    }

    /// Whether a decorator other than the ones known to keep a function as it is wraps it
    /// (`@async_to_sync` makes an `async def` synchronous).
    public static func hasTransformingDecorator(_ function: Int, in file: SourceFile) -> Bool {
        for child in file.tree.children(of: function) where file.tree[child].kind == .decorator {
            var text = file.text(of: child)
            if text.hasPrefix("@") { text.removeFirst() }
            let head = text.split(whereSeparator: { $0 == "(" || $0 == " " || $0 == "\n" }).first.map(String.init) ?? text
            let last = head.split(separator: ".").last.map(String.init) ?? head
            if !Self.keepingDecorators.contains(last) && !head.hasPrefix("pytest.mark") { return true }
        }
        return false
    }

    /// Whether a Python method is decorated `@staticmethod` or `@classmethod`.
    public static func isStaticOrClassMethod(_ function: Int, in file: SourceFile) -> Bool {
        file.tree.children(of: function).contains { child in
            file.tree[child].kind == .decorator && ["@staticmethod", "@classmethod", "staticmethod", "classmethod"].contains(file.text(of: child).trimmingWhitespace())
        }
    }

    /// Whether a decorator turns the `async def` into a plain function (`@async_to_sync`, `@run_sync`):
    /// calling it runs it to completion.
    public static func hasSyncingDecorator(_ function: Int, in file: SourceFile) -> Bool {
        for child in file.tree.children(of: function) where file.tree[child].kind == .decorator {
            let text = file.text(of: child).lowercased()
            if text.contains("to_sync") || text.contains("run_sync") || text.contains("syncify") || text.contains("make_sync")
                || text.contains("synchronous") || text.hasPrefix("@sync") { return true }
        }
        return false
    }

    /// Decorators that return the function they are given, or one with the same async-ness.
    static let keepingDecorators: Set<String> = [
        "staticmethod", "classmethod", "abstractmethod", "override", "final", "wraps", "overload",
        "asynccontextmanager", "fixture", "mark",
    ]
}
