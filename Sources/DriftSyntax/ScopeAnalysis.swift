/// Every scope of one file, the names bound in each, and every read of a name with the scope it
/// resolves in — the binding model of Python (LEGB) and JavaScript/TypeScript (function and block
/// scopes, hoisting), computed in one pass over the tree. It is the file's one scope model: every
/// rule that asks what a name refers to asks it (`SourceFile.declaration(of:at:)` for a name at
/// any node, `resolve` for a recorded read). Its kinds are the language-neutral ones a Go or Swift
/// front-end fills too (module, function, type, block; see docs/file-facts.md).
///
/// It is lenient on purpose: where the tree cannot say exactly (a pattern it did not model, code
/// that could not be parsed), a name counts as bound rather than unbound, because the rules built
/// on it must never call a defined name undefined.
public struct ScopeAnalysis: Sendable {
    /// What kind of region a scope is.
    public enum Kind: Sendable, Equatable {
        /// The file's top level (a Python module, a JavaScript module or script).
        case module
        /// A function, method, closure or lambda: its parameters and locals (TS `enum` and
        /// `namespace` bodies too, which behave as one).
        case function
        /// A class body whose names the functions inside it do not see (Python).
        case classBody
        /// A class or type whose own name code inside it sees (JavaScript classes).
        case typeScope
        /// A comprehension or generator expression (Python).
        case comprehension
        /// A block holding block-scoped declarations (JavaScript `{}`, `for`, `catch`, `switch`
        /// with `let`/`const`/`class`).
        case block
    }

    /// What bound a name.
    public enum BindingKind: Sendable, Equatable {
        case importBinding
        case parameter
        /// `def`, `function`, a named function expression (inside itself).
        case function
        /// A class, interface, enum, namespace or type alias.
        case type
        /// A declared or (Python) assigned variable: `let`/`const`/`var`, `x = …`, `with … as x`, `(x := …)`.
        case variable
        /// `except E as x`, `catch (x)`.
        case catchBinding
        /// The target of a `for` loop or comprehension clause that is no declaration.
        case loopVariable
        /// An assignment to a name nothing declares (JavaScript sloppy mode then creates a
        /// global): it keeps the name from being undefined, but it declares nothing.
        case implicitGlobal
        /// Names added at run time by known calls (`gettext.install`, `builtins.x = …`).
        case other
    }

    /// One binding of a name in a scope.
    public struct Binding: Sendable, Hashable {
        public var name: String
        public var kind: BindingKind
        /// JS `let`/`const`/`class`: unusable before the declaration (temporal dead zone).
        public var isLexical = false
        /// The node that binds it (name, parameter, import specifier, function, class, handler).
        public var node: Int
        /// Byte offset of the bound name.
        public var offset: Int
    }

    /// One scope.
    public struct Scope: Sendable {
        public var kind: Kind
        /// The node that opens it (module, function, class, comprehension group or call, block).
        public var node: Int
        /// Index of the enclosing scope; -1 for the module.
        public var parent: Int
        /// The first binding of each name.
        public var bindings: [String: Binding]
        /// Code in it can bind names no parser sees (`exec`, `locals()`, `globals()`, JS `eval`/`with`).
        public var isDynamic: Bool
    }

    /// A name read (or called) somewhere.
    public struct Reference: Sendable, Hashable {
        public var name: String
        /// The `.name` node (or shorthand `.property` node) that reads it.
        public var node: Int
        /// Index of the scope the read happens in.
        public var scope: Int
        /// Byte offset of the name.
        public var offset: Int
        /// A Python type annotation (a `.type` node), not an expression node.
        public var inAnnotation = false
        /// False for an annotation Python never evaluates: a string, one under
        /// `from __future__ import annotations`, or a local variable's.
        public var evaluatedAtRuntime = true
    }

    /// What a reference resolves to.
    public enum Resolution: Sendable, Equatable {
        /// Bound in scope `scope` by `binding`.
        case bound(scope: Int, binding: Binding)
        /// Bound lexically in the same function but read before its declaration runs.
        case beforeDeclaration(scope: Int, binding: Binding)
        /// A scope on the way out is dynamic: the name may be bound at run time.
        case dynamic
        /// Bound nowhere in the file.
        case unbound
    }

    /// A place where Python unbinds a name: `del x`, or the end of an `except … as x:` handler
    /// (Python deletes the alias there so the traceback it holds is freed).
    public struct Unbinding: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// `del x`; `isStraightLine` when it sits directly in its scope's body (not under a
            /// branch, loop, `try` or `with`), so it has run whenever a later line of that body runs.
            case delete(isStraightLine: Bool)
            /// `except … as x:`: `x` is bound only inside the handler (`range`).
            case exceptAlias
        }

        public var name: String
        public var kind: Kind
        /// The function, class or module scope whose name it unbinds.
        public var scope: Int
        /// The `del` statement or the handler.
        public var range: Range<Int>
    }

    public internal(set) var scopes: [Scope] = []
    public internal(set) var references: [Reference] = []
    /// Identifiers inside code the parser kept opaque: they may be bindings, so they count as bound.
    public internal(set) var opaqueNames: Set<String> = []
    /// Names bound again, after their first binding in the same scope, by something other than an
    /// import (`import os` … `os = FakeOs()`): what the first binding was says nothing about later reads.
    public internal(set) var reboundNames: Set<String> = []
    /// Python `global x` declarations anywhere: `x` is a module name.
    public internal(set) var declaredGlobals: Set<String> = []
    /// Names this file adds to Python's builtins (`builtins.name = …`): every module of the
    /// process can read them, so a project pass shares them with the other files.
    public internal(set) var injectedBuiltins: Set<String> = []
    /// Every `del` of a name and every `except … as` alias, by name.
    public internal(set) var unbindings: [String: [Unbinding]] = [:]
    /// Byte offsets of every binding of the names in `unbindings`, by scope and name (recorded only
    /// in files that unbind names).
    var bindingSites: [Int: [String: [Int]]] = [:]
    /// The scope each scope-opening node opened (node → scope index).
    public internal(set) var scopeOfNode: [Int: Int] = [:]

    /// The module scope.
    public static let moduleScope = 0

    /// Resolves `reference` through its scope chain with the language's visibility rules.
    public func resolve(_ reference: Reference) -> Resolution {
        var index = reference.scope
        // A Python class body is visible only to code directly in it (comprehensions directly in
        // a class body are let through: their first iterable can see the class, and telling that
        // apart is not worth a false alarm).
        var onlyComprehensionsLeft = true
        // A read inside a function (or a JS class member) runs later, so a declaration after it
        // in the text is no temporal-dead-zone problem.
        var crossedFunction = false
        while index >= 0 {
            let scope = scopes[index]
            if scope.kind != .classBody || onlyComprehensionsLeft, let binding = scope.bindings[reference.name] {
                if binding.isLexical, !crossedFunction, reference.offset < binding.offset {
                    return .beforeDeclaration(scope: index, binding: binding)
                }
                return .bound(scope: index, binding: binding)
            }
            if scope.isDynamic, scope.kind != .classBody || onlyComprehensionsLeft { return .dynamic }
            if scope.kind == .function || scope.kind == .typeScope { crossedFunction = true }
            if scope.kind != .comprehension { onlyComprehensionsLeft = false }
            index = scope.parent
        }
        return .unbound
    }

    /// The references that no scope of the file binds (and no dynamic scope could), or that a
    /// `del` or an `except … as` has certainly unbound (see `unbinding(of:)`), in source order.
    /// Found once, when the analysis is built: `undefined-name` and `unknown-builtin-member` both read it.
    public internal(set) var unresolved: [Reference] = []

    /// `unresolved`, found by resolving every reference.
    func findUnresolved() -> [Reference] {
        references.filter { reference in
            if opaqueNames.contains(reference.name) { return false }
            let resolution = resolve(reference)
            if resolution == .dynamic { return false }
            if unbinding(of: reference) != nil { return true }
            return !declaredGlobals.contains(reference.name) && resolution == .unbound
        }
    }

    /// The unbinding that certainly leaves `reference` without a value when it runs, if any:
    /// a straight-line `del` earlier in the same scope with no binding of the name between the two,
    /// or an `except … as` alias read outside its handlers when the scope binds the name nowhere
    /// else. Only reads that run with the scope (directly or in its comprehensions) are judged;
    /// a branch, loop or other binding that could rebind the name first leaves it bound.
    public func unbinding(of reference: Reference) -> Unbinding? {
        guard let candidates = unbindings[reference.name] else { return nil }
        var scope = reference.scope
        while scope > 0, scopes[scope].kind == .comprehension {
            // `(shape for shape in shapes)` binds its own `shape`, whatever was deleted outside.
            if scopes[scope].bindings[reference.name] != nil { return nil }
            scope = scopes[scope].parent
        }
        let sites = bindingSites[scope]?[reference.name] ?? []
        let aliases = candidates.filter { $0.scope == scope && $0.kind == .exceptAlias }
        // A `global` alias may keep the module's value when the handler does not run.
        if !aliases.isEmpty, !declaredGlobals.contains(reference.name), !aliases.contains(where: { $0.range.contains(reference.offset) }),
           sites.allSatisfy({ site in aliases.contains { $0.range.contains(site) } }) {
            return aliases[0]
        }
        for candidate in candidates where candidate.scope == scope && candidate.kind == .delete(isStraightLine: true) {
            guard candidate.range.upperBound <= reference.offset else { continue }
            if sites.contains(where: { $0 >= candidate.range.upperBound && $0 < reference.offset }) { continue }
            return candidate
        }
        return nil
    }

    /// The binding `name` has as seen from scope `index` outwards (class bodies seen only from
    /// code directly in them), with the scope that holds it; nil when the file binds it nowhere
    /// on the way out. Unlike `resolve` it knows no order: a declaration after the read counts.
    public func lookup(_ name: String, from index: Int) -> (scope: Int, binding: Binding)? {
        var current = index
        var onlyComprehensionsLeft = true
        while current >= 0 {
            let scope = scopes[current]
            if scope.kind != .classBody || onlyComprehensionsLeft, let binding = scope.bindings[name] { return (current, binding) }
            if scope.kind != .comprehension { onlyComprehensionsLeft = false }
            current = scope.parent
        }
        return nil
    }

    /// The nearest scope from `index` outwards that is no block or comprehension: the function,
    /// class or module whose code runs the bindings of `index`.
    public func owner(of index: Int) -> Int {
        var current = index
        while current > 0, scopes[current].kind == .block || scopes[current].kind == .comprehension { current = scopes[current].parent }
        return current
    }

    /// The read at name node `node`, if the analysis recorded one there (a binding occurrence,
    /// a type position or a reserved word is no read). Binary search over `references`.
    public func reference(at node: Int, offset: Int) -> Reference? {
        var low = 0, high = references.count
        while low < high {
            let mid = (low + high) / 2
            if references[mid].offset < offset { low = mid + 1 } else { high = mid }
        }
        var index = low
        while index < references.count, references[index].offset == offset {
            if references[index].node == node { return references[index] }
            index += 1
        }
        return nil
    }

    /// Whether `reference` certainly reads the environment's global of that name: no scope of the
    /// file binds it (not even after the read), no dynamic scope or opaque code could, and no
    /// Python `global` declares it.
    public func readsGlobal(_ reference: Reference) -> Bool {
        !opaqueNames.contains(reference.name) && !declaredGlobals.contains(reference.name) && resolve(reference) == .unbound
    }

    /// Names visible from scope `index` outwards, with their bindings (innermost first), for
    /// suggesting the nearest defined name.
    public func visibleBindings(from index: Int) -> [Binding] {
        var result: [Binding] = []
        var current = index
        var innermost = true
        while current >= 0 {
            let scope = scopes[current]
            if scope.kind != .classBody || innermost { result += scope.bindings.values }
            innermost = false
            current = scope.parent
        }
        return result
    }

    /// The names bound at the top level of the file (module scope), for other files importing it.
    public var moduleBindings: [String: Binding] { scopes.isEmpty ? [:] : scopes[0].bindings }

    /// Whether the module scope can gain names at run time (`globals()`, module `exec`, `__getattr__`).
    public var isModuleDynamic: Bool { scopes.first?.isDynamic ?? false }
}
