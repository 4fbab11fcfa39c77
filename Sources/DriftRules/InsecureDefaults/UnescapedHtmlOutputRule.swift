import DriftCore
import DriftSyntax

/// Flags request input pasted into HTML without escaping: an f-string or concatenation returned or
/// sent from a handler, `innerHTML =`, `document.write`, `dangerouslySetInnerHTML`, `Markup(…)`.
struct UnescapedHtmlOutputRule: Rule {
    static let description = RuleDescription(
        id: "unescaped-html-output",
        name: "Unescaped HTML output",
        category: .insecureDefaults,
        severity: .medium,
        summary: "Request input is pasted into HTML with no escaping (f-string returned from a handler, `innerHTML =`, `dangerouslySetInnerHTML`, `Markup(…)`).",
        why: """
            A value pasted into HTML is parsed as HTML: `<script>…</script>` in a name runs in every \
            visitor's browser with their session (cross-site scripting). Template engines escape by \
            default; hand-built HTML does not. Generated handlers return f-strings and template \
            literals because they are short.
            """,
        fix: """
            Render a template (`render_template("hello.html", name=name)`, `res.render(…)`), or escape \
            the value: `markupsafe.escape(name)` / `html.escape(name)`, `textContent =` instead of \
            `innerHTML =`, a sanitiser (`DOMPurify.sanitize(html)`) before `dangerouslySetInnerHTML`.
            """,
        examples: [
            .bad(.python, """
                from flask import request, Markup
                @app.route("/hello")
                def hello():
                    name = request.args.get("name", "")
                    return ↓f"<h1>Hello {name}</h1>"

                @app.route("/bio")
                def bio():
                    return Markup(↓"<p>" + request.form["bio"] + "</p>")
                """),
            .bad(.python, """
                def search(request):
                    q = request.GET.get("q")
                    return HttpResponse(↓"<p>Results for %s</p>" % q)
                """),
            .bad(.javascript, """
                app.get("/hello", (req, res) => {
                  res.send(↓`<h1>Hello ${req.query.name}</h1>`);
                });
                const params = new URLSearchParams(location.search);
                ↓document.getElementById("out").innerHTML = "Hi " + location.hash.slice(1);
                """),
            .bad(.typescript, """
                app.get("/greet/:name", (req: Request, res: Response) => {
                  res.write(↓"<p>" + req.params.name + "</p>");
                });
                """),
            .good(.python, """
                from markupsafe import escape
                @app.route("/hello")
                def hello():
                    name = request.args.get("name", "")
                    return f"<h1>Hello {escape(name)}</h1>"
                @app.route("/plain")
                def plain():
                    return f"Hello {request.args['name']}"
                def page(title):
                    return f"<title>{title}</title>"
                """),
            .good(.javascript, """
                app.get("/hello", (req, res) => {
                  res.render("hello", { name: req.query.name });
                  res.send(`<h1>Hello ${escapeHtml(req.query.name)}</h1>`);
                });
                el.textContent = location.hash.slice(1);
                el.innerHTML = "<b>static</b>";
                """),
            .good(.typescript, """
                el.innerHTML = DOMPurify.sanitize(location.hash);
                """),
        ])

    static let sanitizers: Set<String> = [
        "escape", "escape_html", "escapeHtml", "escapeHTML", "htmlEscape", "sanitize", "clean", "quote", "urlencode", "quote_plus",
        "encodeURIComponent", "encodeURI", "xss", "filterXSS", "conditional_escape", "format_html", "escape_silent", "bleach",
        "render_template", "render", "dumps", "stringify", "tojson",
    ]
    static let pythonResponses: Set<String> = ["HttpResponse", "make_response", "Response", "HTMLResponse", "render_template_string", "Markup", "mark_safe"]
    static let javascriptResponses: Set<String> = ["send", "write", "end"]

    static let callees = NameSet(Array(pythonResponses.union(javascriptResponses).union(["write", "writeln", "insertAdjacentHTML"])))

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        let sources = InputSources(file: file, sanitizers: Self.sanitizers)
        var result: [Finding] = []
        func check(_ value: Int, at node: Int, _ sink: String, requireHTML: Bool = true) {
            let parts: [Int]
            if let built = BuiltString.at(value, in: file) {
                if requireHTML, !Self.looksLikeHTML(built.text) { return }
                parts = built.holes.map(\.node)
            } else if !requireHTML {
                parts = [value]
            } else {
                return
            }
            var worst: Provenance?
            for part in parts {
                let provenance = sources.provenance(of: part)
                if provenance.origin == .input, provenance.fromClient { worst = provenance; break }
            }
            guard let worst else { return }
            result.append(finding(
                in: file, from: tree[node].startByte, to: tree[node].endByte,
                message: "\(worst.source) goes into HTML through \(sink) unescaped; markup in it runs in the visitor's browser."))
        }
        for index in 0..<tree.count {
            let node = tree[index]
            switch node.kind {
            case .returnStatement where file.language == .python:
                guard let value = tree.child(of: index, role: .value), tree[value].kind == .literal || tree[value].kind == .expression || tree[value].kind == .call,
                      let function = file.enclosingFunction(of: index),
                      sources.isRequestHandler(function) else { continue }
                check(value, at: value, "the handler's response")
            case .call:
                guard Self.callees.containsCallee(of: index, in: file), let callee = tree.child(of: index, role: .callee), let name = file.trailingChain(of: callee).parts.last,
                      let first = file.positionalArguments(of: index).first else { continue }
                if file.language == .python {
                    guard Self.pythonResponses.contains(name) else { continue }
                    let marks = name == "Markup" || name == "mark_safe" || name == "render_template_string"
                    check(first, at: first, "`\(name)`", requireHTML: !marks)
                } else if Self.javascriptResponses.contains(name), tree[callee].kind == .member,
                          let receiver = file.memberChain(of: Int(tree[callee].firstChild)), receiver == ["res"] || receiver == ["response"] || receiver == ["reply"] {
                    check(first, at: first, "`\(receiver[0]).\(name)`")
                } else if name == "write" || name == "writeln", file.trailingChain(of: callee).parts.first == "document" {
                    check(first, at: first, "`document.\(name)`", requireHTML: false)
                } else if name == "insertAdjacentHTML", let html = file.positionalArguments(of: index).dropFirst().first {
                    check(html, at: html, "`insertAdjacentHTML`", requireHTML: false)
                }
            case .assignment where file.language != .python:
                guard let target = tree.child(of: index, role: .target), tree[target].kind == .member,
                      let member = file.name(of: target), member == "innerHTML" || member == "outerHTML",
                      let value = tree.child(of: index, role: .value) else { continue }
                check(value, at: index, "`\(member)`", requireHTML: false)
            case .property where file.language != .python:
                guard file.name(of: index) == "__html", let value = file.value(of: index) else { continue }
                check(value, at: index, "`dangerouslySetInnerHTML`", requireHTML: false)
            default:
                continue
            }
        }
        return result
    }

    /// Text with a tag in it: `<p>`, `</div>`, `<a href=`.
    static func looksLikeHTML(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for i in bytes.indices.dropLast() where bytes[i] == UInt8(ascii: "<") {
            let next = bytes[i + 1]
            if (0x61...0x7A).contains(next) || (0x41...0x5A).contains(next) || next == UInt8(ascii: "/") { return true }
        }
        return false
    }
}
