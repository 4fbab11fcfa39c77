extension SourceFile {
    /// The scopes, bindings and name reads of this file (Python, JavaScript, TypeScript; an empty
    /// module scope for other languages). Linear in the size of the tree; built once per file and
    /// shared by every rule that asks (`undefined-name` and both member rules do).
    public func scopeAnalysis() -> ScopeAnalysis {
        shared(ScopeAnalysis.self) {
            var builder = ScopeBuilder(file: self)
            builder.run()
            return builder.result
        }
    }

    /// The declaration `name` refers to at `node` and the scope holding it (see
    /// `ScopeAnalysis.declaration(of:at:in:)`).
    public func declaration(of name: String, at node: Int) -> (scope: Int, binding: ScopeAnalysis.Binding)? {
        scopeAnalysis().declaration(of: name, at: node, in: tree)
    }

    /// How many name nodes spell `name` in the whole file; a name seen once is never used after
    /// it is bound (counted once per file, so asking is O(1)).
    public func nameCount(_ name: String) -> Int {
        shared(NameCounts.self) {
            var table: [String: Int] = [:]
            for index in 0..<tree.count where tree[index].kind == .name {
                if let text = self.name(of: index) { table[text, default: 0] += 1 }
            }
            return NameCounts(counts: table)
        }.counts[name] ?? 0
    }
}

extension SourceFile {
    /// The names a Python `global` or `nonlocal` statement declares; nil for any other node.
    public func globalDeclarationNames(_ statement: Int) -> [String]? {
        guard language == .python, tree[statement].kind == .otherStatement, let keyword = name(of: statement),
              keyword == "global" || keyword == "nonlocal" else { return nil }
        return tree.children(of: statement).compactMap { tree[$0].kind == .name ? name(of: $0) : nil }
    }
}

/// Name nodes by spelling, for `SourceFile.nameCount`.
struct NameCounts: Sendable {
    let counts: [String: Int]
}

extension ScopeAnalysis {
    /// The scope the code at `node` runs in: that of the nearest scope-opening node above it (a
    /// function node's own scope for the function itself).
    public func scope(of node: Int, in tree: SyntaxTree) -> Int {
        var n: Int? = tree[node].kind == .function ? node : tree.parent(of: node)
        while let current = n {
            if let index = scopeOfNode[current] { return index }
            n = tree.parent(of: current)
        }
        return Self.moduleScope
    }

    /// The declaration `name` refers to at `node` and the scope holding it, searching the scopes
    /// outwards with the language's visibility rules (`lookup`); nil when nothing in the file
    /// declares it on the way out. An assignment to an undeclared JavaScript name declares nothing.
    public func declaration(of name: String, at node: Int, in tree: SyntaxTree) -> (scope: Int, binding: Binding)? {
        guard let found = lookup(name, from: scope(of: node, in: tree)), found.binding.kind != .implicitGlobal else { return nil }
        return found
    }
}

/// Builds a `ScopeAnalysis` with one explicit-stack walk over the tree.
struct ScopeBuilder {
    /// What the walk does with a node besides visiting it.
    enum Mode {
        case normal
        /// A Python `case` pattern: bare names bind, dotted names and class names are read.
        case casePattern
    }

    let file: SourceFile
    let tree: SyntaxTree
    let isPython: Bool
    var result = ScopeAnalysis()
    /// Name and property nodes that bind rather than read.
    var bindingNodes = Set<Int>()
    var stack: [(node: Int, scope: Int, mode: Mode)] = []
    /// Names the `builtins` module is bound to here (`import builtins as builtin_mod`).
    let builtinsAliases: Set<String>
    /// `from __future__ import annotations`: no annotation is evaluated.
    let postponesAnnotations: Bool
    /// The file has a `del` or an `except … as`: every binding's offset is kept to judge them.
    let recordsBindingSites: Bool

    init(file: SourceFile) {
        self.file = file
        self.tree = file.tree
        self.isPython = file.language == .python
        var aliases: Set<String> = ["builtins", "__builtins__", "__builtin__"]
        for record in file.tree.imports where record.form == .pythonImport && (record.module == "builtins" || record.module == "__builtin__") {
            for name in record.names { if let local = name.local { aliases.insert(local) } }
        }
        builtinsAliases = aliases
        postponesAnnotations = file.tree.imports.contains { $0.module == "__future__" && $0.names.contains { $0.imported == "annotations" } }
        recordsBindingSites = file.language == .python && file.tree.nodes.contains { node in
            (node.kind == .catchClause && node.hasName)
                || (node.kind == .otherStatement && file.bytes[Int(node.nameStart)..<Int(node.nameEnd)].elementsEqual("del".utf8))
        }
    }

    mutating func run() {
        _ = newScope(.module, node: SyntaxTree.root, parent: -1)
        guard file.language == .python || file.language == .javascript || file.language == .typescript else { return }
        if !isPython { markJavaScriptWith() }
        if isPython, file.path.hasSuffix("__init__.py") {
            // `from .sub import x` in a package's `__init__` also binds `sub`: importing a submodule
            // sets it as an attribute of the package, whose namespace is this module's.
            for record in tree.imports where record.level == 1 && !record.module.isEmpty {
                let sub = String(record.module.prefix { $0 != "." })
                bind(sub, .importBinding, node: record.node, offset: record.moduleStart, in: 0)
            }
        }
        pushChildren(of: SyntaxTree.root, scope: 0)
        while let (node, scope, mode) = stack.popLast() {
            if mode == .casePattern { casePattern(node, scope: scope) } else { visit(node, scope: scope) }
        }
        result.references.sort { $0.offset < $1.offset }
        result.unresolved = result.findUnresolved()
    }

    // MARK: Scopes and bindings

    mutating func newScope(_ kind: ScopeAnalysis.Kind, node: Int, parent: Int) -> Int {
        result.scopes.append(ScopeAnalysis.Scope(kind: kind, node: node, parent: parent, bindings: [:], isDynamic: false))
        let index = result.scopes.count - 1
        result.scopeOfNode[node] = index
        return index
    }

    mutating func bind(_ name: String, _ kind: ScopeAnalysis.BindingKind, lexical: Bool = false, node: Int, offset: Int, in scope: Int) {
        if recordsBindingSites { result.bindingSites[scope, default: [:]][name, default: []].append(offset) }
        guard !name.isEmpty else { return }
        // A module-level `__getattr__` serves any name however it is bound: `def`, an assignment
        // (`__getattr__ = lambda name: …`), an import.
        if isPython, scope == 0, name == "__getattr__" { result.scopes[0].isDynamic = true }
        if let first = result.scopes[scope].bindings[name] {
            if first.node != node, kind != .importBinding { result.reboundNames.insert(name) }
            return
        }
        result.scopes[scope].bindings[name] = ScopeAnalysis.Binding(name: name, kind: kind, isLexical: lexical, node: node, offset: offset)
    }

    /// Binds every name a target pattern introduces and remembers those nodes as bindings.
    mutating func bindPattern(_ target: Int, _ kind: ScopeAnalysis.BindingKind, lexical: Bool = false, in scope: Int) {
        for (name, node) in file.patternNames(target) {
            bindingNodes.insert(node)
            let offset = tree[node].hasName ? Int(tree[node].nameStart) : tree[node].startByte
            bind(name, kind, lexical: lexical, node: node, offset: offset, in: scope)
        }
    }

    /// The nearest function or module scope: where JS `var` and function declarations go.
    func varScope(_ scope: Int) -> Int {
        var index = scope
        while index > 0, result.scopes[index].kind != .function { index = result.scopes[index].parent }
        return index
    }

    /// The nearest scope that is not a comprehension: where a Python walrus binds.
    func nonComprehensionScope(_ scope: Int) -> Int {
        var index = scope
        while index > 0, result.scopes[index].kind == .comprehension { index = result.scopes[index].parent }
        return index
    }

    mutating func push(_ node: Int, _ scope: Int, _ mode: Mode = .normal) { stack.append((node, scope, mode)) }

    mutating func pushChildren(of node: Int, scope: Int) {
        var child = Int(tree[node].lastChild)
        while child >= 0 {
            push(child, scope)
            child = Int(tree[child].previousSibling)
        }
    }

    // MARK: Visiting

    mutating func visit(_ n: Int, scope: Int) {
        let node = tree[n]
        switch node.kind {
        case .type where isPython && node.role == .annotation:
            // `x: T = …`: a local variable's annotation is never evaluated.
            annotation(n, scope: scope, evaluated: result.scopes[scope].kind != .function)
            return
        case .type, .comment:
            return  // TS types are checked by the compiler, not here
        case .opaque:
            collectOpaqueNames(n)
        case .name:
            if !bindingNodes.contains(n), node.hasName { reference(n, scope: scope) }
        case .function:
            visitFunction(n, scope: scope)
            return
        case .classDeclaration:
            visitClass(n, scope: scope)
            return
        case .decorator where isPython && file.text(of: n).hasSuffix("global_enum"):
            result.scopes[0].isDynamic = true  // `@enum.global_enum` copies members into the module
        case .group, .call:
            if isPython, node.kind == .call { pythonCallEffects(n) }
            if isPython, tree.children(of: n).contains(where: { tree[$0].kind == .loop && tree[$0].flags.contains(.comprehension) }) {
                let inner = newScope(.comprehension, node: n, parent: scope)
                var child = Int(node.lastChild)
                while child >= 0 {
                    push(child, tree[child].role == .callee ? scope : inner)
                    child = Int(tree[child].previousSibling)
                }
                return
            }
        case .loop:
            if node.flags.contains(.comprehension) || isPython {
                for target in tree.children(of: n) where tree[target].role == .target {
                    bindPattern(target, .loopVariable, in: scope)
                }
            } else {
                let inner = newScope(.block, node: n, parent: scope)
                for target in tree.children(of: n) where tree[target].role == .target && tree[target].kind != .declaration {
                    // `for (x in o)` without a declaration assigns; in sloppy code it may create a global.
                    bindPattern(target, .implicitGlobal, in: 0)
                }
                pushChildren(of: n, scope: inner)
                return
            }
        case .declaration:
            let isVar = node.flags.contains(.varDeclaration) || node.flags.contains(.declaration)
            for declarator in tree.children(of: n) where tree[declarator].kind == .declarator {
                for target in tree.children(of: declarator) where tree[target].role == .target {
                    if isVar { bindPattern(target, .variable, in: varScope(scope)) } else { bindPattern(target, .variable, lexical: true, in: scope) }
                }
            }
        case .assignment:
            let into = isPython ? (node.flags.contains(.walrus) ? nonComprehensionScope(scope) : scope) : 0
            for target in tree.children(of: n) where tree[target].role == .target {
                bindPattern(target, isPython ? .variable : .implicitGlobal, in: into)
                if isPython { bindBuiltinsAssignment(target) }
            }
        case .withStatement:
            for target in tree.children(of: n) where tree[target].role == .target { bindPattern(target, .variable, in: scope) }
            // `with (open(a) as x, open(b) as y):` arrives as a group of `… as …` expressions.
            for value in tree.children(of: n) where tree[value].role == .value {
                let items = tree[value].kind == .group ? Array(tree.children(of: value)) : [value]
                for item in items { if let target = asTarget(item) { bindPattern(target, .variable, in: scope) } }
            }
        case .catchClause:
            if isPython {
                if node.hasName, let name = file.name(of: n) {
                    bind(name, .catchBinding, node: n, offset: Int(node.nameStart), in: scope)
                    unbind(name, .exceptAlias, range: node.startByte..<node.endByte, in: scope)
                }
            } else {
                let inner = newScope(.block, node: n, parent: scope)
                if node.hasName { bind(file.name(of: n) ?? "", .catchBinding, node: n, offset: Int(node.nameStart), in: inner) }
                for target in tree.children(of: n) where tree[target].role == .target { bindPattern(target, .catchBinding, in: inner) }
                pushChildren(of: n, scope: inner)
                return
            }
        case .block where !isPython:
            if let parent = tree.parent(of: n), tree[parent].kind != .function {
                pushChildren(of: n, scope: newScope(.block, node: n, parent: scope))
                return
            }
        case .switchStatement where !isPython:
            pushChildren(of: n, scope: newScope(.block, node: n, parent: scope))
            return
        case .importSpecifier:
            if let parent = tree.parent(of: n), tree[parent].kind == .exportDeclaration { return }
            if let name = file.name(of: n) {
                bind(name, .importBinding, node: n, offset: Int(node.nameStart), in: isPython ? scope : 0)
            }
            return
        case .otherStatement:
            if visitOtherStatement(n, scope: scope) { return }
        case .property:
            if !isPython, !bindingNodes.contains(n), let parent = tree.parent(of: n), tree[parent].kind == .group,
               tree.child(of: n, role: .value) == nil, tree.child(of: n, role: .defaultValue) == nil, node.hasName {
                // `{ a }` in an object literal reads `a`.
                reference(n, scope: scope)
            }
        default:
            break
        }
        pushChildren(of: n, scope: scope)
    }

    /// `def`/`function`/method/arrow/lambda: its name, its scope, and where its parts are evaluated.
    /// PEP 695 type parameters (`def f[T](x: T)`, `class Box[T]:`), which the parser skips: their
    /// names count as bound wherever the annotations that use them are read.
    mutating func pythonTypeParameters(_ n: Int) {
        let node = tree[n]
        guard isPython, node.hasName else { return }
        var index = file.firstToken(atOrAfter: Int(node.nameEnd))
        guard index < file.tokens.count, file.text(of: file.tokens[index]) == "[" else { return }
        var depth = 0
        while index < file.tokens.count {
            let text = file.text(of: file.tokens[index])
            if text == "[" { depth += 1 } else if text == "]" { depth -= 1; if depth == 0 { return } }
            if file.tokens[index].kind == .identifier { result.opaqueNames.insert(text) }
            index += 1
        }
    }

    mutating func visitFunction(_ n: Int, scope: Int) {
        pythonTypeParameters(n)
        let node = tree[n]
        let name = file.name(of: n)
        let isMethod = node.flags.contains(.method)
        if let name {
            if isPython {
                bind(name, .function, node: n, offset: Int(node.nameStart), in: scope)
                if scope == 0, name == "__getattr__" { result.scopes[0].isDynamic = true }
            } else if !isMethod, node.role == .statement {
                bind(name, .function, node: n, offset: Int(node.nameStart), in: varScope(scope))
            }
        }
        let inner = newScope(.function, node: n, parent: scope)
        if let name, !isPython, !isMethod, node.role != .statement {
            bind(name, .function, node: n, offset: Int(node.nameStart), in: inner)  // a named function expression
        }
        var child = Int(node.lastChild)
        while child >= 0 {
            let c = tree[child]
            switch c.kind {
            case .decorator:
                push(child, scope)
            case .type where isPython && c.role == .annotation:
                annotation(child, scope: scope, evaluated: true)
            case .parameter where c.role == .parameter:
                if c.hasName, let parameter = file.name(of: child) {
                    bind(parameter, .parameter, node: child, offset: Int(c.nameStart), in: inner)
                }
                var part = Int(c.lastChild)
                while part >= 0 {
                    switch tree[part].role {
                    case .defaultValue:
                        push(part, isPython ? scope : inner)  // Python evaluates defaults where the def is
                    case .target:
                        bindPattern(part, .parameter, in: inner)
                        push(part, inner)
                    case .annotation:
                        if isPython { annotation(part, scope: scope, evaluated: true) }
                    default:
                        push(part, inner)
                    }
                    part = Int(tree[part].previousSibling)
                }
            default:
                push(child, inner)
            }
            child = Int(c.previousSibling)
        }
    }

    /// `class`, TS `interface`/`enum`/`namespace`/`declare class`.
    mutating func visitClass(_ n: Int, scope: Int) {
        pythonTypeParameters(n)
        let node = tree[n]
        let name = file.name(of: n)
        if node.flags.contains(.interface) {
            if let name { bind(name, .type, node: n, offset: Int(node.nameStart), in: scope) }
            return  // an interface holds only types
        }
        let kind: ScopeAnalysis.Kind
        if isPython {
            if let name { bind(name, .type, node: n, offset: Int(node.nameStart), in: scope) }
            kind = .classBody
        } else if node.flags.contains(.declaration) {
            // enum, namespace, `declare class`: no temporal dead zone worth reporting.
            if let name { bind(name, .type, node: n, offset: Int(node.nameStart), in: scope) }
            kind = .function
        } else {
            if let name, node.role == .statement { bind(name, .type, lexical: true, node: n, offset: Int(node.nameStart), in: scope) }
            kind = .typeScope
        }
        let inner = newScope(kind, node: n, parent: scope)
        if let name, kind == .typeScope { bind(name, .type, node: n, offset: Int(node.nameStart), in: inner) }
        var child = Int(node.lastChild)
        while child >= 0 {
            let role = tree[child].role
            push(child, role == .decorator || role == .base ? scope : inner)
            child = Int(tree[child].previousSibling)
        }
    }

    /// The target of an `expression as target` the parser kept as one expression of two operands.
    func asTarget(_ n: Int) -> Int? {
        guard tree[n].kind == .expression else { return nil }
        let operands = Array(tree.children(of: n))
        guard operands.count == 2 else { return nil }
        let between = file.text(tree[operands[0]].endByte, tree[operands[1]].startByte)
        return between.trimmingWhitespace() == "as" ? operands[1] : nil
    }

    /// Python `global`/`nonlocal`/`del`/`case`, TS `type X = …`; true when its children are handled.
    mutating func visitOtherStatement(_ n: Int, scope: Int) -> Bool {
        let node = tree[n]
        if node.flags.contains(.typeOnly) {
            if let name = file.name(of: n) { bind(name, .type, node: n, offset: Int(node.nameStart), in: scope) }
            return true
        }
        guard isPython, let keyword = file.name(of: n) else { return false }
        switch keyword {
        case "global":
            for child in tree.children(of: n) {
                if tree[child].kind == .name, let name = file.name(of: child) { result.declaredGlobals.insert(name) }
            }
            return true
        case "nonlocal":
            return true
        case "del":
            visitDelete(n, scope: scope)
            return true
        case "case":
            for child in tree.children(of: n).reversed() {
                push(child, scope, tree[child].role == .condition ? .casePattern : .normal)
            }
            return true
        default:
            return false
        }
    }

    /// `del x, (y, z), a.b, c[i]`: names are unbound; attributes and items are deleted from
    /// objects that are read.
    mutating func visitDelete(_ n: Int, scope: Int) {
        let statement = tree[n]
        // Directly in the body of its function or class, or at the top of the module.
        let parent = tree.parent(of: n)
        let isStraightLine = parent == result.scopes[scope].node
            || (parent.map { tree[$0].kind == .block && tree.parent(of: $0) == result.scopes[scope].node } ?? false)
        var targets = Array(tree.children(of: n))
        while let target = targets.popLast() {
            switch tree[target].kind {
            case .name:
                if let name = file.name(of: target) {
                    bindingNodes.insert(target)
                    unbind(name, .delete(isStraightLine: isStraightLine), range: statement.startByte..<statement.endByte, in: scope)
                }
            case .group:
                targets += tree.children(of: target)
            default:
                push(target, scope)
            }
        }
    }

    mutating func unbind(_ name: String, _ kind: ScopeAnalysis.Unbinding.Kind, range: Range<Int>, in scope: Int) {
        result.unbindings[name, default: []].append(ScopeAnalysis.Unbinding(name: name, kind: kind, scope: scope, range: range))
    }

    /// A `case` pattern: capture names bind in the enclosing scope; class names, dotted values and
    /// guards are read. Anything not recognised binds rather than reads.
    mutating func casePattern(_ n: Int, scope: Int) {
        let node = tree[n]
        switch node.kind {
        case .name:
            if let name = file.name(of: n), name != "_" {
                bindingNodes.insert(n)
                bind(name, .variable, node: n, offset: Int(node.nameStart), in: scope)
            }
        case .call:
            for child in tree.children(of: n).reversed() {
                if tree[child].role == .callee {
                    push(child, scope)
                } else if tree[child].kind == .keywordArgument {
                    for value in tree.children(of: child) { push(value, scope, .casePattern) }
                } else {
                    push(child, scope, .casePattern)
                }
            }
        case .member:
            push(n, scope)
        case .opaque:
            collectOpaqueNames(n)
        default:
            for child in tree.children(of: n).reversed() { push(child, scope, .casePattern) }
        }
    }

    // MARK: Annotations

    /// The names a Python annotation reads, from its tokens (the tree keeps annotations opaque):
    /// dotted names by their first part, string annotations by their content; `Literal[…]` and the
    /// metadata of `Annotated[…]` hold values, not names.
    mutating func annotation(_ n: Int, scope: Int, evaluated: Bool) {
        let start = tree[n].startByte, end = tree[n].endByte
        let runtime = evaluated && !postponesAnnotations
        var index = file.firstToken(atOrAfter: start)
        var previous = ""
        var skipDepth = -1  // bracket depth inside which values, not names, are written
        var depth = 0
        var annotatedArgument = -1
        while index < file.tokens.count, file.tokens[index].start < end {
            let token = file.tokens[index]
            let text = file.text(of: token)
            defer { index += 1 }
            if token.kind == .comment { continue }
            if text == "[" || text == "(" {
                depth += 1
                if skipDepth < 0, previous == "Literal" { skipDepth = depth }
                if previous == "Annotated", annotatedArgument < 0 { annotatedArgument = depth }
                previous = text
                continue
            }
            if text == "]" || text == ")" {
                if depth == skipDepth { skipDepth = -1 }
                if depth == annotatedArgument { annotatedArgument = -1 }
                depth -= 1
                previous = text
                continue
            }
            if text == ",", depth == annotatedArgument, skipDepth < 0 { skipDepth = depth }  // Annotated's metadata
            defer { previous = text }
            if skipDepth >= 0 { continue }
            let isKeywordArgument = index + 1 < file.tokens.count && file.text(of: file.tokens[index + 1]) == "="
            if token.kind == .identifier, previous != ".", !isKeywordArgument {
                annotationReference(text, node: n, offset: token.start, scope: scope, evaluated: runtime)
            } else if token.kind == .string {
                stringAnnotation(token, node: n, scope: scope)
            }
        }
    }

    /// `"Node"`, `"list[Node]"`, `"Optional['Node']"`: a forward reference, checked for its names.
    mutating func stringAnnotation(_ token: Token, node: Int, scope: Int) {
        let content = file.stringContent(token)
        let allowed = content.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.[], '\"|".unicodeScalars.contains($0) }
        guard allowed, let first = content.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
              !content.contains("Literal") else { return }
        let bytes = file.bytes[token.start..<token.end]
        var cursor = token.start
        var word = ""
        var afterDot = false
        for scalar in (content + " ").unicodeScalars {
            if scalar.properties.isAlphabetic || scalar == "_" || (!word.isEmpty && ("0"..."9").contains(scalar)) {
                word.unicodeScalars.append(scalar)
                continue
            }
            if !word.isEmpty {
                // Where the word sits in the token, for the finding's column.
                let needle = Array(word.utf8)
                if let found = bytes[cursor...].firstRange(of: needle) {
                    cursor = found.upperBound
                    if !afterDot { annotationReference(word, node: node, offset: found.lowerBound, scope: scope, evaluated: false) }
                }
            }
            afterDot = scalar == "."
            word = ""
        }
    }

    mutating func annotationReference(_ name: String, node: Int, offset: Int, scope: Int, evaluated: Bool) {
        guard !ScopeBuilder.pythonReserved.contains(name) else { return }
        var reference = ScopeAnalysis.Reference(name: name, node: node, scope: scope, offset: offset)
        reference.inAnnotation = true
        reference.evaluatedAtRuntime = evaluated
        result.references.append(reference)
    }


    // MARK: Reads and dynamic code

    mutating func reference(_ n: Int, scope: Int) {
        let start = Int(tree[n].nameStart)
        guard tree[n].hasName else { return }
        let lead = file.bytes[start]
        // A name starts with a letter, `_` or `$` (a stray BOM lexed as a name does not).
        if lead >= 0x80 {
            guard let first = file.name(of: n)?.unicodeScalars.first, first.properties.isAlphabetic else { return }
        } else if !((lead | 0x20) >= 0x61 && (lead | 0x20) <= 0x7A) && lead != UInt8(ascii: "_") && lead != UInt8(ascii: "$") {
            return
        }
        guard let name = file.name(of: n) else { return }
        if (isPython ? ScopeBuilder.pythonReserved : ScopeBuilder.javaScriptReserved).contains(name) { return }
        result.references.append(ScopeAnalysis.Reference(name: name, node: n, scope: scope, offset: Int(tree[n].nameStart)))
        guard let parent = tree.parent(of: n), tree[parent].kind == .call, tree[n].role == .callee else { return }
        // Calls that can bind names no parser sees.
        if isPython {
            switch name {
            case "globals": result.scopes[0].isDynamic = true
            case "exec", "locals", "vars": result.scopes[scope].isDynamic = true
            // Enum helpers that write members into the calling module (`re`, `ssl`, `signal`).
            case "global_enum", "_convert_", "_convert": result.scopes[0].isDynamic = true
            default: break
            }
        } else if name == "eval" {
            result.scopes[varScope(scope)].isDynamic = true
        }
    }

    /// Calls through a member that change what names exist: `Enum._convert_(…)`/`enum.global_enum`
    /// write into the module; `gettext.install(…)` adds `_` and friends to the builtins.
    mutating func pythonCallEffects(_ call: Int) {
        guard let callee = tree.child(of: call, role: .callee), tree[callee].kind == .member,
              let last = file.name(of: callee) else { return }
        switch last {
        case "_convert_", "_convert", "global_enum":
            result.scopes[0].isDynamic = true
        case "install":
            let receiver = file.text(tree[callee].startByte, Int(tree[callee].nameStart))
            guard receiver.contains("gettext") || receiver.contains("translation") || receiver.contains("trans") else { return }
            for name in ["_", "gettext", "ngettext", "pgettext", "npgettext"] {
                bind(name, .other, node: call, offset: tree[call].startByte, in: 0)
                result.injectedBuiltins.insert(name)
            }
        default:
            break
        }
    }

    /// `builtins.name = …` (under any alias) makes `name` a builtin for every module.
    mutating func bindBuiltinsAssignment(_ target: Int) {
        guard tree[target].kind == .member, let chain = file.memberChain(of: target), chain.count == 2,
              builtinsAliases.contains(chain[0]) else { return }
        bind(chain[1], .other, node: target, offset: tree[target].startByte, in: 0)
        result.injectedBuiltins.insert(chain[1])
    }

    mutating func collectOpaqueNames(_ n: Int) {
        let start = tree[n].startByte, end = tree[n].endByte
        var index = file.firstToken(atOrAfter: start)
        while index < file.tokens.count, file.tokens[index].start < end {
            let token = file.tokens[index]
            if token.kind == .identifier { result.opaqueNames.insert(file.text(of: token)) }
            index += 1
        }
    }

    /// JS `with (o) { … }` makes every name inside it possibly a property of `o`.
    mutating func markJavaScriptWith() {
        for (index, token) in file.tokens.enumerated() where token.length == 4 && file.text(of: token) == "with" {
            guard index + 1 < file.tokens.count, file.text(of: file.tokens[index + 1]) == "(" else { continue }
            if index > 0, file.text(of: file.tokens[index - 1]) == "." { continue }
            result.scopes[0].isDynamic = true
            return
        }
    }

    /// Words that parse as names but are never references to a binding.
    static let javaScriptReserved: Set<String> = [
        "this", "super", "arguments", "import", "new", "target", "meta", "undefined", "async", "await", "yield",
        "let", "static", "get", "set", "of", "from", "as", "type", "declare", "namespace", "abstract", "readonly",
        "implements", "interface", "package", "private", "protected", "public", "enum", "satisfies", "keyof",
        "infer", "is", "asserts", "unique", "accessor", "override", "null", "true", "false", "void", "typeof",
        "instanceof", "in", "delete", "var", "const", "function", "class", "extends", "return", "if", "else",
        "for", "while", "do", "switch", "case", "default", "break", "continue", "throw", "try", "catch",
        "finally", "debugger", "with", "export", "never", "unknown", "any", "string", "number", "boolean",
        "symbol", "bigint", "object",
    ]

    static let pythonReserved: Set<String> = [
        "match", "case", "type", "_", "None", "True", "False", "and", "or",
        "not", "is", "in", "if", "else", "elif", "for", "while", "lambda", "yield", "await", "async", "return",
        "pass", "break", "continue", "def", "class", "from", "import", "as", "with", "try", "except", "finally",
        "raise", "global", "nonlocal", "del", "assert",
    ]
}
