import DriftCore
import DriftKnowledge
import DriftSyntax

/// Why a call is known to return a promise (JS/TS) or a coroutine (Python), and how sure that is.
struct AsyncEvidence: Sendable {
    /// `high` when proven (declared async here or in a project file, a known async API), `medium`
    /// when inferred (a method of that name is async somewhere in this file).
    var severity: Severity
    /// The callee as the message names it: `saveUser`, `this.flush`, `fs.promises.readFile`.
    var name: String
    /// Where that is known from, ready for a message: "src/db.ts:10", "a known async API".
    var origin: String
    /// The callee is declared here and every `await` in it sits in a `try` with a handler (or it
    /// has none): it was written to be started and left alone, and can only reject from plain code.
    var handlesOwnErrors = false
    /// The callee's whole body is one `try`/`catch`: it cannot reject at all.
    var cannotReject = false

    /// "`saveUser` is async (src/db.ts:10)".
    var phrase: String { name == "async IIFE" ? "This async IIFE (\(origin)) is not awaited" : "`\(name)` is async (\(origin))" }
}

/// Decides, for the calls of one file, which return a promise or a coroutine: functions declared
/// `async` in the file, async exports of other project files (`RuleContext.project`), and the
/// known async APIs of the platform and popular libraries (`AsyncAPIs`).
struct AsyncCallees {
    let file: SourceFile
    let context: RuleContext
    private var facts: Facts

    /// What the callees of a file are known to be from the file alone: built once per file
    /// (`SourceFile.shared`) and shared by every async rule; only `context.project` differs
    /// between callers, and it is read per call in `evidence(forCall:)`.
    struct Facts: Sendable {
        /// Async methods over every class of the file: name → declaration.
        var asyncMethods: [String: Int] = [:]
        /// Names declared somewhere in the file as a function or method that is not async.
        var syncNames: Set<String> = []
        /// Receivers holding an instance with known async methods, keyed by `instanceKey`.
        var instances: [String: Set<String>] = [:]
        /// For receivers holding an instance of a class of this file: that class, for messages.
        var instanceClasses: [String: Int] = [:]
        /// Names bound by an import anywhere in the file: the cheap test before resolving a name.
        let importedLocals: Set<String>
        /// For each local name, the first static import that binds it as a value: record and name index.
        let firstImport: [String: (record: Int, name: Int)]
        init(file: SourceFile) {
            importedLocals = Set(file.tree.imports.flatMap { $0.names.compactMap(\.local) })
            var firstImport: [String: (record: Int, name: Int)] = [:]
            for (recordIndex, record) in file.tree.imports.enumerated() where record.form != .dynamicImport {
                for (nameIndex, name) in record.names.enumerated() where !name.typeOnly {
                    if let local = name.local, firstImport[local] == nil { firstImport[local] = (recordIndex, nameIndex) }
                }
            }
            self.firstImport = firstImport
            let tree = file.tree
            for function in tree.nodes(ofKind: .function) {
                guard let name = file.name(of: function) else { continue }
                if tree[function].flags.contains(.async), file.owningClass(of: function) != nil {
                    if asyncMethods[name] == nil { asyncMethods[name] = function }
                } else if !tree[function].flags.contains(.async) {
                    syncNames.insert(name)
                }
            }
        }
    }

    init(file: SourceFile, context: RuleContext) {
        self.file = file
        self.context = context
        self.facts = file.shared(Facts.self) {
            var builder = AsyncCallees(file: file, context: context, facts: Facts(file: file))
            builder.collectInstances()
            return builder.facts
        }
    }

    private init(file: SourceFile, context: RuleContext, facts: Facts) {
        self.file = file
        self.context = context
        self.facts = facts
    }

    // MARK: Evidence

    /// The calls of the file outside test functions whose value goes where `keeps` accepts (`use`
    /// says where it goes) and whose callee is known to be async, in tree order, with that use and
    /// the evidence: what floating-promise and coroutine-never-awaited judge. Inside tests the
    /// stronger unawaited-async-in-test reports them.
    func unawaitedCalls(use: (Int) -> ValueUse, keeping keeps: (ValueUse) -> Bool) -> [(call: Int, use: ValueUse, evidence: AsyncEvidence)] {
        var result: [(call: Int, use: ValueUse, evidence: AsyncEvidence)] = []
        for call in file.tree.nodes(ofKind: .call) {
            let use = use(call)
            guard keeps(use), TestFunctions.enclosingTest(of: call, in: file) == nil,
                  let evidence = evidence(forCall: call) else { continue }
            result.append((call, use, evidence))
        }
        return result
    }

    /// Why `call` returns a promise or coroutine, or nil when nothing says it does.
    func evidence(forCall call: Int, depth: Int = 0) -> AsyncEvidence? {
        let tree = file.tree
        guard tree[call].kind == .call, !tree[call].flags.contains(.new),
              let callee = tree.child(of: call, role: .callee) else { return nil }
        let inner = file.unwrapped(callee)
        if tree[inner].kind == .function {
            // An async IIFE is fire-and-forget by choice; only a rejection can be lost, and a body
            // that is one `try`/`catch` cannot reject.
            guard tree[inner].flags.contains(.async), !catchesEverything(inner) else { return nil }
            return AsyncEvidence(severity: .medium, name: "async IIFE", origin: "\(file.path):\(line(inner))")
        }
        guard let chain = file.memberChain(of: callee), let last = chain.last else { return nil }
        let display = chain.joined(separator: ".")

        if chain.count == 1, let binding = resolve(chain[0], at: call)?.binding {
            switch binding.kind {
            case .function:
                return evidence(forFunction: binding.node, named: display, depth: depth)
            case .variable:
                if let value = declaredValue(of: binding.node) {
                    if tree[value].kind == .function { return evidence(forFunction: value, named: display, depth: depth) }
                    return nil
                }
                if !isImport(chain[0]) { return nil }
            case .importBinding:
                break
            default:
                return nil
            }
        }
        if chain.count == 2, chain[0] == "this" || chain[0] == "self" {
            if let owner = file.enclosingClass(of: call), let method = instanceMethod(last, of: owner) {
                return evidence(forFunction: method, named: display, depth: depth)
            }
            return inferred(last, display)
        }
        if let found = importedOrKnown(chain, at: call) { return found }
        if chain.count >= 2, let methods = facts.instances[instanceKey(Array(chain.dropLast()), at: call)] {
            guard methods.contains(last) else { return nil }
            let declaration = facts.instanceClasses[instanceKey(Array(chain.dropLast()), at: call)].flatMap { instanceMethod(last, of: $0) }
            let origin = declaration.map { "\(file.path):\(line($0))" } ?? "a known async API"
            return AsyncEvidence(severity: .high, name: display, origin: origin)
        }
        // A call with a callback last is the callback form of a same-named API.
        if let lastArgument = file.arguments(of: call).last, tree[file.unwrapped(lastArgument)].kind == .function { return nil }
        return chain.count >= 2 ? inferred(last, display) : nil
    }

    /// A function's evidence: declared `async` (high; medium under a decorator that may change it),
    /// or a plain function whose every return hands back a promise.
    private func evidence(forFunction function: Int, named name: String, depth: Int) -> AsyncEvidence? {
        let node = file.tree[function]
        let origin = "\(file.path):\(line(function))"
        if node.flags.contains(.async) {
            if node.flags.contains(.generator) { return nil }  // an async generator is iterated, not awaited
            if file.hasSyncingDecorator(function) { return nil }
            let decorated = file.hasTransformingDecorator(function)
            var evidence = AsyncEvidence(severity: decorated ? .medium : .high, name: name, origin: origin)
            evidence.cannotReject = catchesEverything(function)
            evidence.handlesOwnErrors = evidence.cannotReject || awaitsAreHandled(function)
            return evidence
        }
        guard depth < 2, returnsAwaitable(function, depth: depth + 1) else { return nil }
        return AsyncEvidence(severity: .high, name: name, origin: "\(origin), returns a promise")
    }

    /// Whether every `await` of a function (not of functions nested in it) is inside a `try` body
    /// that has a `catch`.
    func awaitsAreHandled(_ function: Int) -> Bool {
        let tree = file.tree
        guard let body = file.body(of: function) else { return false }
        for node in file.descendantsInSameFunction(of: body) where tree[node].kind == .await
            || (tree[node].flags.contains(.awaiting) && (tree[node].kind == .loop || tree[node].kind == .withStatement)) {
            guard let handler = file.enclosingTry(of: node),
                  tree.children(of: handler).contains(where: { tree[$0].kind == .catchClause }) else { return false }
        }
        return true
    }

    /// A function whose body is a single `try` with a handler.
    private func catchesEverything(_ function: Int) -> Bool {
        let tree = file.tree
        guard let body = file.body(of: function), tree[body].kind == .block else { return false }
        let statements = tree.children(of: body).filter { tree[$0].kind != .comment }
        guard statements.count == 1, let only = statements.first, tree[only].kind == .tryStatement else { return false }
        return tree.children(of: only).contains { tree[$0].kind == .catchClause }
    }

    /// Python classes mirror sync APIs with async ones of the same name (`close`, `write`), so a
    /// name alone is evidence only in JS/TS, and only for names that are not everyday verbs.
    private func inferred(_ method: String, _ display: String) -> AsyncEvidence? {
        guard file.language != .python, !Self.commonMethodNames.contains(method),
              let declaration = facts.asyncMethods[method], !facts.syncNames.contains(method),
              !file.hasTransformingDecorator(declaration) else { return nil }
        return AsyncEvidence(severity: .medium, name: display, origin: "a method of that name is async at \(file.path):\(line(declaration))")
    }

    /// Imports resolved against the project's file facts, then the table of known async APIs.
    private func importedOrKnown(_ chain: [String], at node: Int) -> AsyncEvidence? {
        let display = chain.joined(separator: ".")
        if let (record, name) = importRecord(for: chain[0], at: node) {
            let rest = Array(chain.dropFirst())
            var inModule: [(module: String, path: [String])] = []
            if let imported = name.imported, imported != "default" || !rest.isEmpty {
                inModule.append((record.module, [imported] + rest))
                if file.language == .python, !rest.isEmpty {
                    inModule.append((record.module.isEmpty ? imported : record.module + "." + imported, rest))
                }
            } else if name.imported == "default" {
                inModule.append((record.module, rest.isEmpty ? ["default"] : rest))
            } else if file.language == .python, record.form == .pythonImport, name.local == record.module.split(separator: ".").first.map(String.init) {
                // `import urllib.request` binds `urllib`: the chain spells the module out.
                let parts = record.module.split(separator: ".").map(String.init)
                guard chain.count > parts.count, Array(chain.prefix(parts.count)) == parts else { return nil }
                inModule.append((record.module, Array(chain.dropFirst(parts.count))))
            } else {
                inModule.append((record.module, rest))
            }
            for (module, path) in inModule {
                if let project = context.project, let first = path.first, path.count == 1 || file.language == .python,
                   let (filePath, facts) = project.fileFacts(forModule: module, level: record.level, importer: file.path, language: file.language) {
                    if let line = facts.asyncFunctions[first], path.count == 1 {
                        return AsyncEvidence(severity: .high, name: display, origin: "\(filePath):\(line)")
                    }
                    return nil
                }
                if AsyncAPIs.returnsAwaitable(module: module, path: path, language: file.language) {
                    return AsyncEvidence(severity: .high, name: display, origin: "a known async API")
                }
            }
            return nil
        }
        guard resolve(chain[0], at: node) == nil else { return nil }
        if AsyncAPIs.returnsAwaitable(module: "", path: chain, language: file.language) {
            return AsyncEvidence(severity: .high, name: display, origin: "a known async API")
        }
        return nil
    }

    /// The module and path of a callee chain when its first name is imported, for other tables
    /// (blocking calls): `time.sleep` → ("time", ["sleep"]); `sleep` from `from time import sleep` too.
    func qualified(_ chain: [String], at node: Int) -> (module: String, path: [String])? {
        guard let (record, name) = importRecord(for: chain[0], at: node) else { return nil }
        let rest = Array(chain.dropFirst())
        if let imported = name.imported, imported != "default" { return (record.module, [imported] + rest) }
        if file.language == .python, record.form == .pythonImport, name.local == record.module.split(separator: ".").first.map(String.init) {
            let parts = record.module.split(separator: ".").map(String.init)
            guard chain.count > parts.count, Array(chain.prefix(parts.count)) == parts else { return nil }
            return (record.module, Array(chain.dropFirst(parts.count)))
        }
        return (record.module, rest)
    }

    /// The import that binds `local` at module level, unless a nearer binding shadows it.
    private func importRecord(for local: String, at node: Int) -> (ImportRecord, ImportRecord.Name)? {
        guard let (recordIndex, nameIndex) = facts.firstImport[local] else { return nil }
        if let found = resolve(local, at: node), file.scopeAnalysis().owner(of: found.scope) != ScopeAnalysis.moduleScope { return nil }
        let record = file.tree.imports[recordIndex]
        return (record, record.names[nameIndex])
    }

    private func isImport(_ local: String) -> Bool { facts.importedLocals.contains(local) }

    /// Whether `name` is spelled only once in the file (at its binding).
    func isMentionedOnce(_ name: String) -> Bool { file.nameCount(name) == 1 }

    /// The declaration a callee name refers to at `node`, from the file's scope model.
    func resolve(_ name: String, at node: Int) -> (scope: Int, binding: ScopeAnalysis.Binding)? {
        file.declaration(of: name, at: node)
    }

    // MARK: Promise-returning plain functions

    /// Whether every value a plain function returns is a promise or coroutine: `new Promise(…)`,
    /// a proven async call, or a `.then` chain on one.
    private func returnsAwaitable(_ function: Int, depth: Int) -> Bool {
        let tree = file.tree
        guard let body = file.body(of: function) else { return false }
        if tree[function].flags.contains(.expressionBody) { return isAwaitable(body, depth: depth) }
        // Every path must return: the body ends with a `return` (a function that returns a promise
        // only without a callback falls off its end on the other path).
        guard let last = Array(tree.children(of: body)).last(where: { tree[$0].kind != .comment }),
              tree[last].kind == .returnStatement else { return false }
        var returned = 0
        for node in file.descendantsInSameFunction(of: body) where tree[node].kind == .returnStatement {
            guard let value = tree.child(of: node, role: .value) else { return false }
            guard isAwaitable(value, depth: depth) else { return false }
            returned += 1
        }
        return returned > 0
    }

    private func isAwaitable(_ value: Int, depth: Int) -> Bool {
        let tree = file.tree
        let node = file.unwrapped(value)
        guard tree[node].kind == .call else { return false }
        if tree[node].flags.contains(.new) {
            return tree.child(of: node, role: .callee).flatMap { file.memberChain(of: $0) } == ["Promise"]
        }
        if let callee = tree.child(of: node, role: .callee), tree[callee].kind == .member,
           let name = file.name(of: callee), ["then", "catch", "finally"].contains(name), callee >= 0 {
            let receiver = Int(tree[callee].firstChild)
            return receiver >= 0 && isAwaitable(receiver, depth: depth)
        }
        return evidence(forCall: node, depth: depth)?.severity == .high
    }

    // MARK: Instances of known async types

    /// `session = aiohttp.ClientSession()`, `async with httpx.AsyncClient() as client`,
    /// `self.queue = asyncio.Queue()`, `const res = await fetch(url)`: receivers whose methods
    /// are known to be async. A receiver assigned anything else in the same scope is dropped.
    private mutating func collectInstances() {
        let tree = file.tree
        var assignments: [(target: Int, value: Int)] = []
        for index in 0..<tree.count {
            let node = tree[index]
            switch node.kind {
            case .assignment where !node.flags.contains(.augmented), .declarator:
                if let target = tree.child(of: index, role: .target), let value = tree.child(of: index, role: .value) {
                    assignments.append((target, value))
                }
            case .withStatement:
                var pendingValue: Int?
                for child in tree.children(of: index) {
                    if tree[child].role == .value { pendingValue = child }
                    if tree[child].role == .target, let value = pendingValue {
                        assignments.append((child, value))
                        pendingValue = nil
                    }
                }
            default:
                break
            }
        }
        // What each assignment stores; only receivers that some assignment makes an instance are
        // worth resolving, the rest of the file's assignments are skipped cheaply.
        var stored: [Set<String>?] = []
        var classes: [Int?] = []
        var candidates: Set<String> = []
        for (target, value) in assignments {
            var methods: Set<String>?
            let call = file.unwrapped(value, throughAwait: true)
            if tree[call].kind == .call, let callee = tree.child(of: call, role: .callee), let calleeChain = file.memberChain(of: callee) {
                methods = instanceMethods(calleeChain, at: call)
                if methods == nil, let (owner, asyncNames) = classMethods(calleeChain, at: call) {
                    methods = asyncNames
                    classes.append(owner)
                } else {
                    classes.append(nil)
                }
            } else {
                classes.append(nil)
            }
            if methods != nil, let chain = file.memberChain(of: target) { candidates.insert(chain.joined(separator: ".")) }
            stored.append(methods)
        }
        guard !candidates.isEmpty else { return }
        var conflicted: Set<String> = []
        for (index, (target, _)) in assignments.enumerated() {
            guard let chain = file.memberChain(of: target), candidates.contains(chain.joined(separator: ".")) else { continue }
            let key = instanceKey(chain, at: target)
            // A receiver assigned anything else, or two different types, proves nothing.
            guard let methods = stored[index] else { conflicted.insert(key); continue }
            if let existing = facts.instances[key], existing != methods { conflicted.insert(key) }
            facts.instances[key] = methods
            facts.instanceClasses[key] = classes[index]
        }
        for key in conflicted { facts.instances[key] = nil }
    }

    private func instanceMethods(_ calleeChain: [String], at node: Int) -> Set<String>? {
        if let (module, path) = qualified(calleeChain, at: node) {
            return AsyncAPIs.asyncMethods(ofResultOf: module, path: path, language: file.language)
        }
        guard resolve(calleeChain[0], at: node) == nil else { return nil }
        return AsyncAPIs.asyncMethods(ofResultOf: "", path: calleeChain, language: file.language)
    }

    /// `Mailer()` / `new Mailer()` of a class declared in this file: its async methods.
    private func classMethods(_ calleeChain: [String], at call: Int) -> (owner: Int, methods: Set<String>)? {
        guard calleeChain.count == 1, file.language == .python || file.tree[call].flags.contains(.new),
              let binding = resolve(calleeChain[0], at: call)?.binding, binding.kind == .type else { return nil }
        var result: Set<String> = []
        guard let body = file.tree.child(of: binding.node, role: .body) else { return (binding.node, result) }
        for method in file.tree.children(of: body) where file.tree[method].kind == .function {
            guard let name = file.name(of: method), let chosen = instanceMethod(name, of: binding.node), chosen == method else { continue }
            let flags = file.tree[method].flags
            if flags.contains(.async), !flags.contains(.generator), !file.hasTransformingDecorator(method) { result.insert(name) }
        }
        return (binding.node, result)
    }

    /// The instance method `name` of a class: static methods of the same name do not count.
    private func instanceMethod(_ name: String, of classDeclaration: Int) -> Int? {
        guard let body = file.tree.child(of: classDeclaration, role: .body) else { return nil }
        var found: Int?
        for method in file.tree.children(of: body) where file.tree[method].kind == .function && file.name(of: method) == name {
            if file.tree[method].flags.contains(.isStatic) { continue }
            if file.language == .python, file.isStaticOrClassMethod(method) { continue }
            found = method  // a later definition replaces an earlier one
        }
        return found
    }

    /// `self.x`/`this.x` are keyed by class, plain names by the function that binds them.
    private func instanceKey(_ chain: [String], at node: Int) -> String {
        if chain[0] == "self" || chain[0] == "this" {
            return "class\(file.enclosingClass(of: node) ?? 0)#" + chain.joined(separator: ".")
        }
        // Keyed by the function (or module) that binds the name, as blocks share their function's instances.
        let scope = resolve(chain[0], at: node).map { found in
            let scopes = file.scopeAnalysis()
            return scopes.scopes[scopes.owner(of: found.scope)].node
        } ?? SyntaxTree.root
        return "scope\(scope)#" + chain.joined(separator: ".")
    }

    static let commonMethodNames: Set<String> = [
        "close", "open", "write", "read", "send", "start", "stop", "end", "run", "get", "set", "add", "delete",
        "remove", "update", "seek", "flush", "connect", "disconnect", "destroy", "init", "load", "emit", "next",
        "resolve", "reject", "cancel", "abort", "reset", "clear", "push", "pop", "call", "apply", "handle", "process",
        "dispose", "release", "acquire", "wait", "on", "once", "off", "then", "catch", "finally",
    ]

    // MARK: Helpers

    /// The value a declarator gives the name bound at `nameNode` (`const save = async () => …`).
    func declaredValue(of nameNode: Int) -> Int? {
        let tree = file.tree
        guard let target = tree.parent(of: nameNode), tree[nameNode].role == .target,
              tree[target].kind == .declarator || tree[target].kind == .assignment else { return nil }
        return tree.child(of: target, role: .value)
    }

    func line(_ node: Int) -> Int { file.line(ofByte: file.tree[node].startByte) }
}
