import DriftCore
import DriftSyntax

/// Flags a web application started with its debugger on (`app.run(debug=True)`) and `DEBUG = True`
/// in a Django settings module.
struct DebugModeEnabledRule: Rule {
    static let description = RuleDescription(
        id: "debug-mode-enabled",
        name: "Debug mode enabled",
        category: .insecureDefaults,
        severity: .medium,
        summary: "A web app runs with debug mode on: `app.run(debug=True)` or `DEBUG = True` in Django settings.",
        why: """
            Flask's debug mode serves the Werkzeug debugger: any error page lets whoever sees it run \
            Python on the server, and with `host="0.0.0.0"` that is anyone on the network (high). \
            Django's `DEBUG = True` shows settings, SQL and stack traces to every visitor. Generated \
            code leaves the switch on from the first run.
            """,
        fix: """
            Read the switch from the environment and keep it off by default: \
            `app.run(debug=os.environ.get("FLASK_DEBUG") == "1")`, \
            `DEBUG = os.environ.get("DJANGO_DEBUG") == "1"`.
            """,
        examples: [
            .bad(.python, """
                from flask import Flask
                app = Flask(__name__)
                if __name__ == "__main__":
                    app.run(host="0.0.0.0", port=8000, ↓debug=True)
                """),
            .bad(.python, """
                app.run(↓debug=True)
                """),
            .bad(.python, """
                ↓DEBUG = True
                ALLOWED_HOSTS = ["*"]
                """, path: "mysite/settings.py"),
            .good(.python, """
                app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
                app.run(debug=False)
                logging.basicConfig(debug=True)
                """),
            .good(.python, """
                DEBUG = True
                """, path: "config.py"),
            .good(.python, """
                DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
                """, path: "mysite/settings.py"),
            .good(.python, """
                app.run(debug=True)
                """, path: "tests/test_app.py"),
        ])

    static let callees = NameSet(["run"])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard !context.role.contains(.test), !context.role.contains(.example) else { return [] }
        let tree = file.tree
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) {
            guard Self.callees.containsCallee(of: call, in: file) else { continue }
            // `debug=True` is a keyword argument: only Python's tree has them.
            guard let callee = tree.child(of: call, role: .callee), tree[callee].kind == .member,
                  file.name(of: callee) == "run" else { continue }
            let arguments = file.arguments(of: call)
            guard let debug = arguments.first(where: { tree[$0].kind == .keywordArgument && file.name(of: $0) == "debug" }),
                  let value = file.value(of: debug), file.isTrue(value) else { continue }
            var publicHost = false
            if let host = arguments.first(where: { file.name(of: $0) == "host" }), let hostValue = file.value(of: host),
               let text = file.plainString(hostValue), text == "0.0.0.0" || text == "::" { publicHost = true }
            let receiver = file.text(of: Int(tree[callee].firstChild))
            var found = finding(
                in: file, from: tree[debug].startByte, to: tree[debug].endByte,
                message: publicHost
                    ? "`\(receiver).run` starts with the debugger on and listens on every interface: anyone who can reach the port can run code on this machine."
                    : "`\(receiver).run` starts with the debugger on: an error page lets whoever sees it run code on the server.")
            if publicHost { found.severity = .high }
            result.append(found)
        }
        if isDjangoSettings(file.path) {
            for statement in tree.children(of: SyntaxTree.root) where tree[statement].kind == .expressionStatement {
                guard let assignment = tree.children(of: statement).first, tree[assignment].kind == .assignment,
                      let target = tree.child(of: assignment, role: .target), tree[target].kind == .name,
                      file.name(of: target) == "DEBUG", let value = tree.child(of: assignment, role: .value), file.isTrue(value) else { continue }
                result.append(finding(
                    in: file, from: tree[assignment].startByte, to: tree[assignment].endByte,
                    message: "`DEBUG = True` in \(file.path.split(separator: "/").last.map(String.init) ?? file.path): every visitor who hits an error sees settings, SQL and stack traces."))
            }
        }
        return result
    }

    /// `settings.py`, `settings/production.py`, `…/settings_prod.py`.
    private func isDjangoSettings(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let name = parts.last else { return false }
        return name == "settings.py" || name.hasPrefix("settings_") || (parts.count >= 2 && parts[parts.count - 2] == "settings")
    }
}
