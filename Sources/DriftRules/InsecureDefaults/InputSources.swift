import DriftCore
import DriftSyntax

/// How far the value of an expression can be traced back to where it enters the program, within
/// the function that uses it. Ordered: a value built from several parts takes the strongest.
enum ValueOrigin: Int, Comparable, Sendable {
    /// Literals, names bound only to literals, and values passed through an escaping or converting call.
    case constant
    /// Computed from something this function does not show (an attribute, another function's result).
    case unknown
    /// A parameter of the enclosing function: the caller decides.
    case parameter
    /// Request data, command-line arguments, the environment, standard input or a file's contents.
    case input

    static func < (lhs: ValueOrigin, rhs: ValueOrigin) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A value's origin and the words that name it in a message (“`request.args`”, “parameter `name`”).
struct Provenance: Sendable {
    var origin: ValueOrigin
    var source: String
    /// The input is what a web client sent (request data, a route parameter, the page's URL),
    /// as opposed to argv, the environment or a file.
    var fromClient = false

    static let constant = Provenance(origin: .constant, source: "a constant")
    static let unknown = Provenance(origin: .unknown, source: "a computed value")

    /// The stronger of two.
    func joined(_ other: Provenance) -> Provenance {
        other.origin > origin || (other.origin == origin && other.fromClient && !fromClient) ? other : self
    }
}

/// Follows values within one function from where they come in (request, argv, env, stdin, file,
/// parameters) to where a rule's sink uses them; the shared taint logic of the InsecureDefaults rules.
struct InputSources {
    let file: SourceFile
    /// Calls whose result is safe for the sink at hand (`shlex.quote` for a shell, `escape` for HTML).
    var sanitizers: Set<String> = []

    /// Python only: whether `request` here is a web framework's request (the file imports one, or
    /// is a snippet with no imports at all). HTTP clients have `request.headers` and `request.body` too.
    let servesWeb: Bool

    init(file: SourceFile, sanitizers: Set<String> = []) {
        self.file = file
        self.sanitizers = sanitizers
        if file.language == .python {
            let imports = file.tree.imports
            servesWeb = imports.isEmpty || imports.contains { record in
                let root = record.module.split(separator: ".").first.map(String.init) ?? record.module
                return Self.webFrameworks.contains(root)
            }
        } else {
            servesWeb = true
        }
    }

    static let webFrameworks: Set<String> = [
        "django", "flask", "fastapi", "starlette", "aiohttp", "tornado", "pyramid", "werkzeug", "sanic", "quart",
        "bottle", "falcon", "litestar", "rest_framework", "cherrypy", "web2py", "responder", "masonite",
    ]

    /// Calls whose result is never attacker-shaped text, whatever the sink: numbers, lengths, ids.
    static let converters: Set<String> = [
        "int", "float", "bool", "len", "abs", "round", "Number", "parseInt", "parseFloat", "Boolean",
        "uuid4", "uuid1", "randomUUID", "hash", "id", "ord", "isinstance", "isNaN", "Math", "hex",
    ]

    static let numericAnnotations: Set<String> = ["int", "float", "bool", "UUID", "uuid.UUID", "number", "boolean", "date", "datetime"]

    /// Calls whose result carries their arguments' text through (`str(x)`, `os.path.join(a, b)`).
    static let passThrough: Set<String> = [
        "str", "String", "repr", "format", "join", "Path", "PurePath", "resolve", "normalize", "concat",
        "stringify", "decode", "encode", "from", "bytes", "unquote", "unquote_plus", "decodeURIComponent",
        "dedent", "strip", "trim", "lower", "upper", "replace", "toString", "f", "text", "fspath", "abspath",
        "realpath", "expanduser", "normpath",
    ]

    /// Members of a request object that hold what the client sent.
    static let requestMembers: Set<String> = [
        // Flask / Werkzeug / Starlette / Django
        "args", "form", "files", "values", "json", "data", "cookies", "headers", "query_params",
        "path_params", "GET", "POST", "FILES", "COOKIES", "META", "body", "get_json", "query_string",
        // Express / Koa / Fastify
        "params", "query", "param",
    ]
    static let requestNames: Set<String> = ["request", "req", "flask_request"]

    /// The provenance of the expression at `node`.
    func provenance(of node: Int) -> Provenance {
        var visiting: Set<Int> = []
        return provenance(of: node, depth: 0, visiting: &visiting)
    }

    func origin(of node: Int) -> ValueOrigin { provenance(of: node).origin }

    private func provenance(of node: Int, depth: Int, visiting: inout Set<Int>) -> Provenance {
        let tree = file.tree
        guard depth < 12 else { return .unknown }
        let n = tree[node]
        switch n.kind {
        case .literal:
            guard n.flags.contains(.template) else { return .constant }
            var result = Provenance.constant
            for child in tree.children(of: node) where tree[child].kind != .comment {
                result = result.joined(provenance(of: child, depth: depth + 1, visiting: &visiting))
            }
            return result
        case .group, .expression, .keywordArgument, .await, .property, .jsx:
            if n.kind == .group, n.flags.contains(.braced) || n.flags.contains(.bracketed), n.firstChild < 0 { return .constant }
            var result = Provenance.constant
            for child in tree.children(of: node) where tree[child].kind != .comment && tree[child].kind != .type {
                // `x if cond else y`, `c ? a : b`: the condition is not part of the value, but the
                // parser keeps all operands alike; a comparison's result is a boolean.
                result = result.joined(provenance(of: child, depth: depth + 1, visiting: &visiting))
            }
            if n.kind == .expression, isComparison(node) { return .constant }
            return result
        case .name:
            return nameProvenance(node, depth: depth, visiting: &visiting)
        case .member:
            if let source = inputChain(node) { return Provenance(origin: .input, source: "`\(source)`", fromClient: isClientChain(source)) }
            guard n.firstChild >= 0 else { return .unknown }
            let object = provenance(of: Int(n.firstChild), depth: depth + 1, visiting: &visiting)
            // `name.length`, `items.count` are numbers, whatever the object.
            if let member = file.name(of: node), member == "length" || member == "size" { return .constant }
            return object
        case .subscript:
            if let source = inputChain(node) { return Provenance(origin: .input, source: "`\(source)`", fromClient: isClientChain(source)) }
            guard n.firstChild >= 0 else { return .unknown }
            return provenance(of: Int(n.firstChild), depth: depth + 1, visiting: &visiting)
        case .call:
            return callProvenance(node, depth: depth, visiting: &visiting)
        default:
            return .unknown
        }
    }

    private func isComparison(_ expression: Int) -> Bool {
        let tree = file.tree
        var operand = Int(tree[expression].firstChild)
        while operand >= 0 {
            let next = Int(tree[operand].nextSibling)
            guard next >= 0 else { break }
            let between = file.text(tree[operand].endByte, tree[next].startByte).trimmingWhitespace()
            if ["==", "!=", "===", "!==", "<", ">", "<=", ">=", "in", "not in", "is", "is not", "instanceof"].contains(between) { return true }
            operand = next
        }
        return false
    }

    // MARK: Names

    private func nameProvenance(_ node: Int, depth: Int, visiting: inout Set<Int>) -> Provenance {
        let tree = file.tree
        guard let name = file.name(of: node) else { return .unknown }
        if ["self", "cls", "this", "super"].contains(name) { return .unknown }
        if Self.requestNames.contains(name), file.language == .python || name != "request" {
            // The request object itself; its members are judged by `inputChain`.
            return .unknown
        }
        let use = tree[node].startByte
        var scope = file.enclosingFunction(of: node)
        while true {
            let owner = scope ?? SyntaxTree.root
            let values = assignedValues(of: name, in: owner, before: use)
            if !values.isEmpty {
                var result = Provenance.constant
                for value in values {
                    guard !visiting.contains(value) else { continue }
                    visiting.insert(value)
                    result = result.joined(provenance(of: value, depth: depth + 1, visiting: &visiting))
                    visiting.remove(value)
                }
                return result
            }
            if let function = scope, let parameter = parameterNode(named: name, of: function) {
                // `item_id: int`: a framework that checks annotations hands over a number.
                if let annotation = tree.child(of: parameter, role: .annotation),
                   Self.numericAnnotations.contains(file.text(of: annotation).trimmingWhitespace()) {
                    return .constant
                }
                // A Python view's other parameters are parts of the URL (`def user(request, slug)`,
                // `@app.route("/u/<name>")`); a JS handler's are `(req, res, next)`.
                if file.language == .python, isRequestHandler(function), !Self.requestNames.contains(name), name != "self" {
                    return Provenance(origin: .input, source: "route parameter `\(name)`", fromClient: true)
                }
                return Provenance(origin: .parameter, source: "parameter `\(name)`")
            }
            guard let function = scope else { break }
            scope = file.enclosingFunction(of: function)
        }
        // Never assigned where we can see: an import, a global or a builtin. An UPPER_CASE name is
        // a constant by convention.
        if name.count > 1, name.allSatisfy({ $0.isUppercase || $0 == "_" || $0.isNumber }) { return .constant }
        return .unknown
    }

    /// The values assigned to `name` in `scope` (a function or the module, not nested functions)
    /// before byte `offset`; loop variables give their iterable, `with … as name` its expression.
    func assignedValues(of name: String, in scope: Int, before offset: Int) -> [Int] {
        let tree = file.tree
        var result: [Int] = []
        var stack: [Int] = Array(tree.children(of: scope))
        while let n = stack.popLast() {
            let node = tree[n]
            guard node.startByte < offset else { continue }
            switch node.kind {
            case .function, .classDeclaration:
                continue
            case .assignment, .declarator:
                if let value = tree.child(of: n, role: .value) ?? tree.child(of: n, role: .defaultValue) {
                    for target in tree.children(of: n) where tree[target].role == .target {
                        if targets(target, name) { result.append(value) }
                    }
                }
            case .loop:
                if let iterable = tree.child(of: n, role: .iterable) {
                    for target in tree.children(of: n) where tree[target].role == .target && targets(target, name) {
                        result.append(iterable)
                    }
                }
            case .withStatement:
                // `with open(p) as f`: the target's value is the item before it.
                for target in tree.children(of: n) where tree[target].role == .target && targets(target, name) {
                    if tree[target].previousSibling >= 0 { result.append(Int(tree[target].previousSibling)) }
                }
            default:
                break
            }
            var child = Int(node.lastChild)
            while child >= 0 {
                stack.append(child)
                child = Int(tree[child].previousSibling)
            }
        }
        return result
    }

    /// Whether a binding target introduces `name` (a plain name, or a name in a destructuring pattern).
    private func targets(_ target: Int, _ name: String) -> Bool {
        let tree = file.tree
        if tree[target].kind == .name { return file.name(of: target) == name }
        if tree[target].kind == .declaration {
            return tree.children(of: target).contains { d in tree.children(of: d).contains { tree[$0].role == .target && targets($0, name) } }
        }
        guard tree[target].kind == .group || tree[target].kind == .expression else { return false }
        return file.patternNames(target).contains { $0.0 == name }
    }

    func parameterNode(named name: String, of function: Int) -> Int? {
        let tree = file.tree
        for child in tree.children(of: function) where tree[child].kind == .parameter {
            if file.name(of: child) == name { return child }
            for target in tree.children(of: child) where tree[target].role == .target {
                if file.patternNames(target).contains(where: { $0.0 == name }) { return child }
            }
        }
        return nil
    }

    private func firstParameter(of function: Int) -> Int? {
        file.tree.children(of: function).first { file.tree[$0].kind == .parameter }
    }

    // MARK: Calls

    private func callProvenance(_ call: Int, depth: Int, visiting: inout Set<Int>) -> Provenance {
        let tree = file.tree
        guard let callee = tree.child(of: call, role: .callee) else { return .unknown }
        let chain = file.trailingChain(of: callee).parts
        let last = chain.last ?? ""
        if sanitizers.contains(last) || Self.converters.contains(last) || chain.first.map(Self.converters.contains) == true {
            return .constant
        }
        if let source = sourceCall(chain, callee: callee) {
            return Provenance(origin: .input, source: source, fromClient: chain.count >= 2 && Self.requestNames.contains(chain[chain.count - 2]))
        }
        var result = Provenance.constant
        var carried = false
        if tree[callee].kind == .member, tree[callee].firstChild >= 0 {
            // A method of a value carries the value through (`name.strip()`, `req.body.get("x")`).
            result = provenance(of: Int(tree[callee].firstChild), depth: depth + 1, visiting: &visiting)
            carried = true
        }
        // `request.args.get("page", type=int)` converts.
        if let type = file.keywordArgument("type", of: call), let value = file.value(of: type),
           let converter = file.name(of: value), Self.converters.contains(converter) {
            return .constant
        }
        if Self.passThrough.contains(last) {
            // Only calls that carry their arguments' text through: `cache.get(key)` returns
            // something else than `key`, `os.path.join(root, name)` does not.
            for argument in file.arguments(of: call) {
                result = result.joined(provenance(of: argument, depth: depth + 1, visiting: &visiting))
            }
            return result.origin == .constant && !carried ? .unknown : result
        }
        return carried ? result : .unknown
    }

    /// A call that reads outside input: `input()`, `os.getenv(…)`, `sys.stdin.read()`,
    /// `fs.readFileSync(…)`, `open(…)`, `request.get_json()`, `req.param(…)`.
    private func sourceCall(_ chain: [String], callee: Int) -> String? {
        let joined = chain.joined(separator: ".")
        switch joined {
        case "input", "raw_input": return "`input()`"
        case "os.getenv", "getenv", "os.environ.get", "environ.get": return "the environment"
        case "sys.stdin.read", "sys.stdin.readline", "stdin.read": return "standard input"
        case "open" where file.language == .python: return "a file's contents"
        case "fs.readFileSync", "readFileSync", "fs.readFile", "fs.promises.readFile", "readFile": return "a file's contents"
        default: break
        }
        if chain.count >= 2, servesWeb, Self.requestNames.contains(chain[chain.count - 2]),
           ["get_json", "get_data", "json", "param", "text", "form", "formData"].contains(chain[chain.count - 1]) {
            return "`\(joined)()`"
        }
        return nil
    }

    /// `request.args`, `req.query.name`, `request.GET["x"]`, `sys.argv[1]`, `process.argv`,
    /// `process.env.X`, `os.environ["X"]`, `location.search`: the chain text when it reads input.
    func inputChain(_ node: Int) -> String? {
        let tree = file.tree
        var parts: [String] = []
        var n = node
        var hops = 0
        while hops < 12 {
            hops += 1
            let current = tree[n]
            if current.kind == .member, let name = file.name(of: n) {
                parts.append(name)
            } else if current.kind == .subscript {
                // the object only
            } else if current.kind == .name, let name = file.name(of: n) {
                parts.append(name)
                break
            } else {
                return nil
            }
            guard current.firstChild >= 0 else { return nil }
            n = Int(current.firstChild)
        }
        let chain = Array(parts.reversed())
        guard chain.count >= 2 else { return nil }
        let text = chain.prefix(3).joined(separator: ".")
        switch (chain[0], chain[1]) {
        case ("sys", "argv"), ("process", "argv"), ("process", "env"), ("os", "environ"), ("location", _), ("document", "location"),
             ("document", "URL"), ("document", "referrer"), ("window", "location"):
            return text
        default:
            break
        }
        // `request.args`, `self.request.GET`, `ctx.request.body`, `flask.request.form`.
        guard servesWeb else { return nil }
        for i in 0..<(chain.count - 1) where Self.requestNames.contains(chain[i]) && Self.requestMembers.contains(chain[i + 1]) {
            if file.language != .python, chain[i] == "request", i == 0 {
                // `request.query` in JS is often a library's request builder; accept `req`, `ctx.request`.
                if !["body", "params", "query"].contains(chain[i + 1]) { return nil }
            }
            return chain[i...min(i + 2, chain.count - 1)].joined(separator: ".")
        }
        if chain[0] == "ctx", ["query", "params"].contains(chain[1]) { return text }
        return nil
    }

    /// A chain `inputChain` returned reads what a web client sent.
    private func isClientChain(_ chain: String) -> Bool {
        !(chain.hasPrefix("sys.") || chain.hasPrefix("process.") || chain.hasPrefix("os."))
    }

    // MARK: Handlers

    static let viewMethods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options", "dispatch"]
    static let routeMethods: Set<String> = ["get", "post", "put", "delete", "patch", "all", "route", "head", "options"]

    /// A function that answers a web request: a Python view (`@app.route(…)`, a first parameter
    /// named `request`) or a callback given to `app.get("/path", …)`.
    func isRequestHandler(_ function: Int) -> Bool {
        let tree = file.tree
        if file.language == .python {
            guard servesWeb else { return false }
            for decorator in tree.children(of: function) where tree[decorator].kind == .decorator {
                let text = file.text(of: decorator)
                for method in Self.routeMethods where text.contains(".\(method)(") { return true }
            }
            if let first = firstParameter(of: function), let name = file.name(of: first) {
                if name == "request" { return true }
                // A class-based view's `get(self, request, …)`.
                if name == "self", let method = file.name(of: function), Self.viewMethods.contains(method),
                   let second = file.tree.children(of: function).filter({ tree[$0].kind == .parameter }).dropFirst().first,
                   file.name(of: second) == "request" { return true }
            }
            return false
        }
        guard tree[function].role == .argument, let call = tree.parent(of: function),
              let callee = tree.child(of: call, role: .callee), tree[callee].kind == .member,
              let method = file.name(of: callee), Self.routeMethods.contains(method) || method == "use",
              let first = file.arguments(of: call).first, tree[first].kind == .literal, tree[first].flags.contains(.string) else { return false }
        return true
    }
}

extension SourceFile {
    /// The keyword argument `name=` of a call, if given.
    func keywordArgument(_ name: String, of call: Int) -> Int? {
        arguments(of: call).first { tree[$0].kind == .keywordArgument && self.name(of: $0) == name }
    }

    /// The value of a keyword argument or property node.
    func value(of node: Int) -> Int? { tree.child(of: node, role: .value) }

    /// The positional arguments of a call.
    func positionalArguments(of call: Int) -> [Int] {
        arguments(of: call).filter { tree[$0].kind != .keywordArgument }
    }

    /// Whether the node is the literal `False`/`false` (or `0` when `zero` is allowed).
    func isFalse(_ node: Int) -> Bool {
        guard tree[node].kind == .literal else { return false }
        let t = text(of: node)
        return t == "False" || t == "false"
    }

    func isTrue(_ node: Int) -> Bool {
        guard tree[node].kind == .literal else { return false }
        let t = text(of: node)
        return t == "True" || t == "true"
    }

    /// A plain string literal's content (no template holes), else nil.
    func plainString(_ node: Int) -> String? {
        let n = tree[node]
        guard n.kind == .literal, n.flags.contains(.string), !n.flags.contains(.template) else { return nil }
        let index = firstToken(atOrAfter: n.startByte)
        guard index < tokens.count, tokens[index].kind == .string else { return nil }
        var text = ""
        var i = index
        while i < tokens.count, tokens[i].start < n.endByte, tokens[i].kind == .string {
            text += stringContent(tokens[i])
            i += 1
        }
        return text
    }
}

/// A string assembled from constant text and holes: an f-string or template literal, `"…" % x`,
/// `"…".format(x)`, or `"…" + x`. The holes are the non-constant parts.
struct BuiltString {
    struct Hole {
        var node: Int
        /// The constant text just before the hole, up to it.
        var textBefore: String
        /// The constant text just after it.
        var textAfter: String
    }

    /// The constant text with holes left out.
    var text: String
    var holes: [Hole]
    /// The node the string is built at.
    var node: Int

    /// The built string at `node`, following a name to the values assigned to it in its function
    /// (`sql = f"…"; cursor.execute(sql)`); nil when the value is a plain constant or not a string built here.
    static func at(_ node: Int, in file: SourceFile, followNames: Bool = true) -> BuiltString? {
        let tree = file.tree
        let n = tree[node]
        switch n.kind {
        case .literal:
            guard n.flags.contains(.template), n.firstChild >= 0 else { return nil }
            return template(node, in: file)
        case .expression:
            return operation(node, in: file)
        case .call:
            // `"…".format(x)`
            guard let callee = tree.child(of: node, role: .callee), tree[callee].kind == .member,
                  file.name(of: callee) == "format", tree[callee].firstChild >= 0,
                  let text = file.plainString(Int(tree[callee].firstChild)) else { return nil }
            let arguments = file.arguments(of: node).map { file.tree[$0].kind == .keywordArgument ? (file.value(of: $0) ?? $0) : $0 }
            guard !arguments.isEmpty else { return nil }
            let pieces = text.split(separator: "{", omittingEmptySubsequences: false)
            let before = pieces.count > 1 ? String(pieces[0]) : text
            let after = pieces.count > 1 ? String(pieces[1].split(separator: "}", maxSplits: 1, omittingEmptySubsequences: false).last ?? "") : ""
            return BuiltString(text: text, holes: arguments.map { Hole(node: $0, textBefore: before, textAfter: after) }, node: node)
        case .name:
            guard followNames, let name = file.name(of: node) else { return nil }
            let scope = file.enclosingFunction(of: node) ?? SyntaxTree.root
            let values = InputSources(file: file).assignedValues(of: name, in: scope, before: n.startByte)
            var result: BuiltString?
            for value in values.prefix(8) {
                guard let built = at(value, in: file, followNames: false) else { continue }
                if result == nil { result = built } else {
                    result!.text += " " + built.text
                    result!.holes += built.holes
                }
            }
            // `sql = "SELECT …"; sql += " WHERE id = " + x`: the constant start belongs to the text.
            if result != nil {
                for value in values { if let text = file.plainString(value) { result!.text = text + " " + result!.text } }
            }
            return result
        case .group where n.flags.contains(.parenthesized):
            guard n.firstChild >= 0, n.firstChild == n.lastChild else { return nil }
            return at(Int(n.firstChild), in: file, followNames: followNames)
        default:
            return nil
        }
    }

    private static func template(_ node: Int, in file: SourceFile) -> BuiltString {
        let tree = file.tree
        let start = tree[node].startByte, end = tree[node].endByte
        var text = ""
        var holes: [Hole] = []
        var cursor = start
        // Skip the prefix and opening quote(s).
        let bytes = file.bytes
        while cursor < end, !isQuoteByte(bytes[cursor]) { cursor += 1 }
        while cursor < end, isQuoteByte(bytes[cursor]) { cursor += 1 }
        var previous = ""
        var pending: [Int] = []
        for child in tree.children(of: node) where tree[child].kind != .comment {
            // The hole's text runs from its `{` / `${`; constant text before it.
            var open = tree[child].startByte
            while open > cursor, bytes[open - 1] != UInt8(ascii: "{") { open -= 1 }
            if open > cursor { open -= 1 }
            if open > cursor, bytes[open - 1] == UInt8(ascii: "$") { open -= 1 }
            let chunk = file.text(cursor, max(cursor, open))
            for index in pending { holes[index].textAfter = chunk }
            pending = []
            text += chunk
            previous = chunk
            holes.append(Hole(node: child, textBefore: previous, textAfter: ""))
            pending.append(holes.count - 1)
            // Past the closing brace of this hole.
            var close = tree[child].endByte
            var depth = 0
            while close < end {
                let b = bytes[close]
                if b == UInt8(ascii: "{") { depth += 1 }
                if b == UInt8(ascii: "}") { if depth == 0 { close += 1; break }; depth -= 1 }
                close += 1
            }
            cursor = min(close, end)
        }
        var tail = end
        while tail > cursor, isQuoteByte(bytes[tail - 1]) { tail -= 1 }
        let chunk = file.text(cursor, tail)
        for index in pending { holes[index].textAfter = chunk }
        text += chunk
        return BuiltString(text: text, holes: holes, node: node)
    }

    /// `"…" % x`, `"…" + x + "…"`.
    private static func operation(_ node: Int, in file: SourceFile) -> BuiltString? {
        let tree = file.tree
        let operands = Array(tree.children(of: node)).filter { tree[$0].kind != .comment }
        guard operands.count >= 2 else { return nil }
        var operators: [String] = []
        for (a, b) in zip(operands, operands.dropFirst()) {
            operators.append(file.text(tree[a].endByte, tree[b].startByte).trimmingWhitespace())
        }
        if operators == ["%"], file.language == .python, let text = file.plainString(operands[0]) {
            let right = operands[1]
            var parts: [Int] = [right]
            if tree[right].kind == .group { parts = Array(tree.children(of: right)).map { tree[$0].kind == .property ? (file.value(of: $0) ?? $0) : $0 } }
            let pieces = text.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)
            let before = String(pieces.first ?? "")
            let after = pieces.count > 1 ? String(pieces[1].dropFirst()) : ""
            return BuiltString(text: text, holes: parts.map { Hole(node: $0, textBefore: before, textAfter: after) }, node: node)
        }
        guard operators.allSatisfy({ $0 == "+" }) else { return nil }
        var text = ""
        var holes: [Hole] = []
        var sawString = false
        var lastText = ""
        var pending: [Int] = []
        for operand in operands {
            if let literal = file.plainString(operand) {
                sawString = true
                text += literal
                lastText = literal
                for index in pending { holes[index].textAfter = literal }
                pending = []
            } else if tree[operand].kind == .literal, tree[operand].flags.contains(.template), let inner = at(operand, in: file) {
                sawString = true
                text += inner.text
                holes += inner.holes
                lastText = inner.holes.last?.textAfter ?? inner.text
            } else {
                holes.append(Hole(node: operand, textBefore: lastText, textAfter: ""))
                pending.append(holes.count - 1)
                lastText = ""
            }
        }
        guard sawString, !holes.isEmpty else { return nil }
        return BuiltString(text: text, holes: holes, node: node)
    }
}

private func isQuoteByte(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`")
}

/// A set of names checked against a node's name bytes without building a string: the rules ask
/// it of every call and member of a file, and almost every answer is no.
struct NameSet: Sendable {
    private let names: Set<ArraySlice<UInt8>>

    init(_ names: [String]) { self.names = Set(names.map { ArraySlice($0.utf8) }) }

    /// Whether the node's name is one of the set.
    func contains(_ node: Int, in file: SourceFile) -> Bool {
        let n = file.tree[node]
        guard n.hasName else { return false }
        return names.contains(file.bytes[Int(n.nameStart)..<Int(n.nameEnd)])
    }

    /// Whether the callee of `call` (a name or the last member of a chain) is named one of the set.
    func containsCallee(of call: Int, in file: SourceFile) -> Bool {
        guard let callee = file.tree.child(of: call, role: .callee) else { return false }
        let kind = file.tree[callee].kind
        return (kind == .name || kind == .member) && contains(callee, in: file)
    }
}
