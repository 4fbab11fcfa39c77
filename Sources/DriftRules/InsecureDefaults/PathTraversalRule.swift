import DriftCore
import DriftSyntax

/// Flags a file name a web client sent (request args/form/files, route parameters, an upload's
/// filename) used as a filesystem path with no `secure_filename`/`basename` or inside-root check.
struct PathTraversalRule: Rule {
    static let description = RuleDescription(
        id: "path-traversal",
        name: "Path traversal",
        category: .insecureDefaults,
        severity: .medium,
        summary: "A name from the request is joined into a filesystem path and opened, sent or saved without `secure_filename`, `basename` or a check that it stays inside its folder.",
        why: """
            `os.path.join("uploads", name)` with a name of `../../etc/passwd`, or an absolute path, \
            points outside the folder: the handler then reads, overwrites or sends any file the \
            server may touch. Generated upload and download handlers join the client's name as it \
            came.
            """,
        fix: """
            Reduce the name to a bare file name (`werkzeug.utils.secure_filename(name)`, \
            `os.path.basename`, `path.basename`), or resolve the path and check it is inside the root \
            (`Path(root, name).resolve().is_relative_to(root)`, `path.resolve(root, name).startsWith(root + path.sep)`); \
            Flask's `send_from_directory` and Express's `res.sendFile(name, { root })` do that check.
            """,
        examples: [
            .bad(.python, """
                import os
                from flask import request, send_file
                @app.route("/download")
                def download():
                    name = request.args.get("file")
                    return send_file(↓os.path.join("uploads", name))

                @app.route("/upload", methods=["POST"])
                def upload():
                    f = request.files["doc"]
                    f.save(↓os.path.join(UPLOAD_DIR, f.filename))
                """),
            .bad(.python, """
                def report(request, name):
                    with open(↓f"/srv/reports/{name}.pdf", "rb") as fh:
                        return HttpResponse(fh.read())
                """),
            .bad(.javascript, """
                app.get("/files/:name", (req, res) => {
                  res.sendFile(↓path.join(__dirname, "files", req.params.name));
                  fs.readFile(↓"./data/" + req.query.file, (err, data) => res.send(data));
                });
                """),
            .bad(.typescript, """
                router.get("/logs", async (req: Request, res: Response) => {
                  const text = await fs.promises.readFile(↓path.join(LOG_DIR, String(req.query.name)), "utf8");
                  res.send(text);
                });
                """),
            .good(.python, """
                from werkzeug.utils import secure_filename
                @app.route("/upload", methods=["POST"])
                def upload():
                    f = request.files["doc"]
                    f.save(os.path.join(UPLOAD_DIR, secure_filename(f.filename)))
                    name = os.path.basename(request.args["name"])
                    return send_file(os.path.join("uploads", name))
                """),
            .good(.python, """
                @app.route("/download")
                def download():
                    path = (ROOT / request.args["file"]).resolve()
                    if not path.is_relative_to(ROOT):
                        abort(404)
                    return send_file(path)
                def load(name):
                    return open(os.path.join("data", name)).read()
                """),
            .good(.javascript, """
                app.get("/files/:name", (req, res) => {
                  res.sendFile(req.params.name, { root: path.join(__dirname, "files") });
                  fs.readFile(path.join("data", path.basename(req.query.file)), done);
                });
                """),
            .good(.typescript, """
                router.get("/logs", async (req: Request, res: Response) => {
                  const full = path.resolve(LOG_DIR, String(req.query.name));
                  if (!full.startsWith(LOG_DIR + path.sep)) return res.sendStatus(404);
                  res.send(await fs.promises.readFile(full, "utf8"));
                });
                """),
        ])

    static let sanitizers: Set<String> = ["secure_filename", "basename", "safe_join", "quote", "uuid4", "get_valid_filename", "sanitize_filename", "sanitize"]
    static let pythonSinks: Set<String> = ["open", "send_file", "FileResponse", "remove", "unlink", "rmtree", "copy", "copyfile", "move",
                                           "read_text", "read_bytes", "write_text", "write_bytes", "save", "listdir", "makedirs", "rename"]
    static let javascriptSinks: Set<String> = ["readFile", "readFileSync", "createReadStream", "writeFile", "writeFileSync", "createWriteStream",
                                               "appendFile", "appendFileSync", "unlink", "unlinkSync", "rm", "rmSync", "sendFile", "download",
                                               "readdir", "readdirSync", "mkdir", "mkdirSync", "copyFile", "rename"]
    /// Words that show a resolved path is checked against its root.
    static let rootChecks = ["startswith(", "startsWith(", "is_relative_to(", "relative_to(", "commonpath(", "commonprefix(", "safe_join("]

    static let callees = NameSet(Array(pythonSinks.union(javascriptSinks)))

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        let sources = InputSources(file: file, sanitizers: Self.sanitizers)
        var result: [Finding] = []
        var checkedFunctions: [Int: Bool] = [:]
        for call in tree.nodes(ofKind: .call) {
            guard Self.callees.containsCallee(of: call, in: file) else { continue }
            guard let callee = tree.child(of: call, role: .callee), let name = file.trailingChain(of: callee).parts.last else { continue }
            let sinks = file.language == .python ? Self.pythonSinks : Self.javascriptSinks
            guard sinks.contains(name), file.language == .python || tree[callee].kind == .member else { continue }
            if file.language == .python, name == "open", tree[callee].kind != .name { continue }
            // `res.sendFile(name, { root })` checks the name against the root itself.
            if name == "sendFile", file.arguments(of: call).contains(where: { file.text(of: $0).contains("root") }) { continue }
            var path: Int?
            if ["read_text", "read_bytes", "write_text", "write_bytes"].contains(name), tree[callee].firstChild >= 0 {
                path = Int(tree[callee].firstChild)  // Path(…).read_text()
            } else {
                path = file.positionalArguments(of: call).first
            }
            guard let path else { continue }
            let provenance = sources.provenance(of: path)
            guard provenance.origin == .input, provenance.fromClient else { continue }
            let function = file.enclosingFunction(of: call) ?? SyntaxTree.root
            let checked = checkedFunctions[function] ?? {
                let text = file.text(of: function)
                return Self.rootChecks.contains { text.contains($0) }
            }()
            checkedFunctions[function] = checked
            guard !checked else { continue }
            result.append(finding(
                in: file, from: tree[path].startByte, to: tree[path].endByte,
                message: "The path given to `\(name)` is built from \(provenance.source); a name with `../` or an absolute path reaches any file the server can \(["open", "send_file", "FileResponse", "read_text", "read_bytes", "readFile", "readFileSync", "createReadStream", "sendFile", "download", "readdir", "readdirSync", "listdir"].contains(name) ? "read" : "write")."))
        }
        return result
    }
}
