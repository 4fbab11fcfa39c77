import DriftCore
import DriftSyntax

/// Flags loaders that run code from the data they read: `yaml.load` without a safe loader, `pickle`/
/// `marshal`/`dill`/`shelve`/`jsonpickle` loads, and `eval`/`exec`/`new Function`/`vm.runIn*` of
/// text that comes from outside the function.
struct UnsafeDeserializationRule: Rule {
    static let description = RuleDescription(
        id: "unsafe-deserialization",
        name: "Unsafe deserialization",
        category: .insecureDefaults,
        severity: .high,
        summary: "Data from outside is loaded with something that can run code: `yaml.load` without `SafeLoader`, `pickle.loads`, `eval`, `new Function`.",
        why: """
            A pickle, an unsafe YAML document or a string given to `eval` is a program: whoever \
            controls the bytes runs code in this process. `yaml.load` with the full loader builds \
            arbitrary Python objects. Generated code reaches for these because they round-trip \
            anything. Reported high for an unsafe YAML loader and for what a web client sent; medium \
            for data from stdin, argv, the environment or a file.
            """,
        fix: """
            Use a data-only format or loader: `yaml.safe_load(text)`, `json.loads(data)`, \
            `ast.literal_eval(text)` for Python literals, `JSON.parse(text)` in JavaScript; \
            if pickles must cross a trust boundary, sign them (`hmac`) and check before loading.
            """,
        examples: [
            .bad(.python, """
                import yaml, pickle
                from flask import request
                config = ↓yaml.load(open("config.yml"))
                data = ↓yaml.load(text, Loader=yaml.Loader)

                @app.route("/import", methods=["POST"])
                def restore():
                    obj = ↓pickle.loads(request.data)
                    return ↓eval(request.args["expr"])
                """),
            .bad(.python, """
                import marshal, sys
                def main():
                    with open(sys.argv[1], "rb") as f:
                        code = ↓marshal.load(f)
                """),
            .bad(.javascript, """
                app.post("/calc", (req, res) => {
                  res.send(String(↓eval(req.body.expression)));
                  const fn = ↓new Function("x", req.query.body);
                });
                """),
            .bad(.typescript, """
                import vm from "node:vm";
                router.post("/run", (req: Request, res: Response) => {
                  res.json(↓vm.runInNewContext(req.body.code, {}));
                });
                """),
            .knownGap(.typescript, """
                // A parameter is not judged: in mature code it is a REPL or a code generator by design.
                export function run(code: string) {
                  return ↓vm.runInNewContext(code, {});
                }
                """),
            .good(.python, """
                import yaml, pickle, json
                config = yaml.safe_load(open("config.yml"))
                data = yaml.load(text, Loader=yaml.SafeLoader)
                other = yaml.load(text, Loader=CSafeLoader)
                obj = json.loads(request.data)
                value = eval("1 + 2")
                state = pickle.loads(self._cache[key])
                """),
            .good(.javascript, """
                app.post("/calc", (req, res) => {
                  res.json(JSON.parse(req.body.payload));
                  const re = /x/; re.exec(req.query.q);
                });
                """),
            .good(.typescript, """
                const add = new Function("a", "b", "return a + b");
                """),
        ])

    static let unsafeLoaders: Set<String> = ["Loader", "CLoader", "UnsafeLoader", "CUnsafeLoader", "FullLoader", "CFullLoader"]

    static let callees = NameSet(["load", "load_all", "unsafe_load", "unsafe_load_all", "loads", "open", "decode", "Unpickler", "eval", "exec",
                                  "Function", "runInNewContext", "runInThisContext", "runInContext", "compileFunction", "Script"])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        let sources = InputSources(file: file, sanitizers: [])
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) {
            guard Self.callees.containsCallee(of: call, in: file) else { continue }
            guard let callee = tree.child(of: call, role: .callee) else { continue }
            let chain = file.trailingChain(of: callee)
            let joined = chain.parts.joined(separator: ".")
            let positional = file.positionalArguments(of: call)
            switch file.language {
            case .python:
                if joined == "yaml.load" || joined == "yaml.load_all" || joined == "yaml.unsafe_load" || joined == "yaml.unsafe_load_all" {
                    guard let data = positional.first, sources.origin(of: data) != .constant else { continue }
                    var loaderText: String?
                    if let loader = file.keywordArgument("Loader", of: call) ?? (positional.count > 1 ? positional[1] : nil) {
                        let value = tree[loader].kind == .keywordArgument ? (file.value(of: loader) ?? loader) : loader
                        // Only PyYAML's own unsafe loaders are judged: a project's loader class or a
                        // variable is usually a `SafeLoader` subclass.
                        guard let last = file.trailingChain(of: value).parts.last, Self.unsafeLoaders.contains(last) else { continue }
                        loaderText = last
                    }
                    let how = loaderText.map { "with `\($0)`" } ?? (joined.hasPrefix("yaml.unsafe") ? "" : "without a safe loader")
                    result.append(finding(
                        in: file, from: tree[call].startByte, to: tree[call].endByte,
                        message: "`\(joined)` \(how) builds any Python object the document names; a crafted document runs code.",
                        fix: "Use `yaml.safe_load(…)` (or `Loader=yaml.SafeLoader`)."))
                    continue
                }
                let loaders: Set<String> = ["pickle.loads", "pickle.load", "cPickle.loads", "cPickle.load", "marshal.loads", "marshal.load",
                                            "dill.loads", "dill.load", "shelve.open", "jsonpickle.decode", "pickle.Unpickler", "_pickle.loads",
                                            "joblib.load", "cloudpickle.loads", "cloudpickle.load"]
                let evaluators: Set<String> = ["eval", "exec"]
                if loaders.contains(joined) || (evaluators.contains(joined) && file.declaration(of: joined, at: call) == nil) {
                    guard let data = positional.first else { continue }
                    report(call, name: joined, data: data, sources: sources, in: file, into: &result)
                }
            case .javascript, .typescript:
                if joined == "eval", chain.complete, file.declaration(of: "eval", at: call) == nil, let data = positional.first {
                    report(call, name: "eval", data: data, sources: sources, in: file, into: &result)
                } else if joined == "Function", chain.complete, let body = positional.last {
                    report(call, name: tree[call].flags.contains(.new) ? "new Function" : "Function", data: body, sources: sources, in: file, into: &result)
                } else if chain.parts.count == 2, chain.parts[0] == "vm" || chain.parts[0] == "nodeVM",
                          ["runInNewContext", "runInThisContext", "runInContext", "compileFunction"].contains(chain.parts[1]), let code = positional.first {
                    report(call, name: joined, data: code, sources: sources, in: file, into: &result)
                } else if chain.parts.last == "Script", chain.parts.first == "vm", tree[call].flags.contains(.new), let code = positional.first {
                    report(call, name: "new vm.Script", data: code, sources: sources, in: file, into: &result)
                }
            default:
                continue
            }
        }
        return result
    }

    /// High for what a web client sent; medium for stdin, argv, the environment or a file the
    /// program reads (often its own cache or plugin); nothing for a parameter, which in mature code
    /// is a REPL, a code generator or a cache by design.
    private func report(_ call: Int, name: String, data: Int, sources: InputSources, in file: SourceFile, into result: inout [Finding]) {
        let provenance = sources.provenance(of: data)
        guard provenance.origin == .input else { return }
        let tree = file.tree
        let runs = ["pickle", "marshal", "dill", "shelve", "joblib"].contains(where: name.contains)
            ? "loading it runs whatever code the bytes name" : "it is run as code"
        var found = finding(
            in: file, from: tree[call].startByte, to: tree[call].endByte,
            message: "`\(name)` is given \(provenance.source); \(runs).")
        if !provenance.fromClient { found.severity = .medium }
        result.append(found)
    }
}
