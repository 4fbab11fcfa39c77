import DriftCore
import DriftKnowledge
import DriftSyntax

/// Where and how an import is written, as far as rules about packages and versions care: whether
/// the code is ready for it to fail (`try`/`except ImportError`, `try`/`catch`), runs only under a
/// condition (`if TYPE_CHECKING:`, a version or platform check), or is lazy (inside a function).
struct ImportSite {
    let record: ImportRecord
    /// Inside a `try` whose handlers catch an import failure (Python `ImportError`,
    /// `ModuleNotFoundError`, `Exception` or everything; any JS `catch`), in a handler or a
    /// `try`'s `else:`, or a dynamic import with a `.catch`.
    let isFailureHandled: Bool
    /// Under an `if` (or conditional expression) that tests the interpreter, the platform or
    /// `TYPE_CHECKING`: the import runs only where the condition says.
    let isConditional: Bool

    /// Every import of `file` with its guards; `require(…)` calls only where `require` is the
    /// module system's (a bundle's `function (require, module, exports)` passes its own).
    static func all(in file: SourceFile) -> [ImportSite] {
        file.tree.imports.filter { record in
            record.form != .require || file.declaration(of: "require", at: record.node) == nil
        }.map { record in
            ImportSite(record: record, isFailureHandled: failureHandled(record.node, in: file),
                       isConditional: underCondition(record.node, in: file))
        }
    }

    /// Whether the code around `node` expects it to fail (or, in a handler or a `try`'s `else:`,
    /// runs only after an import failed or worked); a `# type: ignore` on the line says the same.
    static func failureHandled(_ node: Int, in file: SourceFile) -> Bool {
        let tree = file.tree
        if file.language == .python, file.comments(onLineOf: tree[node].startByte).contains(where: { file.text(of: $0).contains("type: ignore") }) {
            return true
        }
        var child = node
        var current = tree.parent(of: node)
        while let n = current {
            let kind = tree[n].kind
            // A fallback in a handler, or the `else:` that runs only when the guarded import worked.
            if kind == .catchClause || (kind == .tryStatement && tree[child].role == .orelse) { return true }
            if kind == .tryStatement, tree[child].role == .body {
                guard file.language == .python else { return true }
                for handler in tree.children(of: n) where tree[handler].kind == .catchClause {
                    guard let type = tree.child(of: handler, role: .exceptionType) else { return true }
                    let text = file.text(of: type)
                    if ["ImportError", "ModuleNotFoundError", "Exception", "AttributeError"].contains(where: text.contains) { return true }
                }
            }
            // `import('x').catch(…)`, `import('x').then(ok, failed)`.
            if file.language != .python, kind == .member, let chain = file.memberChain(of: n), chain.last == "catch" || chain.last == "then" {
                return true
            }
            child = n
            current = tree.parent(of: n)
        }
        return false
    }

    /// Whether `node` runs only under a test of the runtime or of where the file sits
    /// (`sys.version_info`, `sys.platform`, `TYPE_CHECKING`, `process.versions`, `__dirname`, …).
    static func underCondition(_ node: Int, in file: SourceFile) -> Bool {
        let markers = ["version", "platform", "TYPE_CHECKING", "PY2", "PY3", "PY_3", "PYPY", "os.name", "IS_", "typeof ", "process.env",
                       "__dirname", "__filename"]
        let tree = file.tree
        var current = tree.parent(of: node)
        while let n = current {
            let kind = tree[n].kind
            if kind == .ifStatement || kind == .expression, let condition = tree.child(of: n, role: .condition),
               markers.contains(where: file.text(of: condition).contains) {
                return true
            }
            current = tree.parent(of: n)
        }
        return false
    }

    /// Whether `file` changes where modules are found (`sys.path.insert`, `site.addsitedir`,
    /// `module.paths`, `require.main`), so imports may resolve where Drift does not look.
    static func editsModuleSearchPath(_ file: SourceFile) -> Bool {
        let needles = file.language == .python ? ["sys.path", "addsitedir", "PYTHONPATH", "importlib"] : ["module.paths", "NODE_PATH", "createRequire"]
        return needles.contains { file.bytes(0, file.bytes.count, contain: $0) }
    }
}
