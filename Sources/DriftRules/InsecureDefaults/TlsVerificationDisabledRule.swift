import DriftCore
import DriftSyntax

/// Flags code that turns off TLS certificate or host-key checking: `verify=False`,
/// `rejectUnauthorized: false`, `ssl.CERT_NONE`, `NODE_TLS_REJECT_UNAUTHORIZED = '0'`, `AutoAddPolicy`.
struct TlsVerificationDisabledRule: Rule {
    static let description = RuleDescription(
        id: "tls-verification-disabled",
        name: "TLS verification disabled",
        category: .insecureDefaults,
        severity: .high,
        summary: "Certificate or host-key verification is switched off (`verify=False`, `rejectUnauthorized: false`, `CERT_NONE`, `AutoAddPolicy`).",
        why: """
            With verification off, anyone on the network path can present their own certificate and \
            read or change the traffic, credentials included; nothing fails, so nobody notices. \
            Generated code switches it off to get past a certificate error once, and the line stays.
            """,
        fix: """
            Keep verification on and trust the right certificate instead: `requests.get(url, verify="/path/ca.pem")`, \
            `ssl.create_default_context(cafile=…)`, `new https.Agent({ ca: fs.readFileSync("ca.pem") })`; \
            for SSH load known hosts (`client.load_system_host_keys()`) and keep `RejectPolicy`.
            """,
        examples: [
            .bad(.python, """
                import requests
                r = requests.get(url, ↓verify=False)
                session = requests.Session()
                ↓session.verify = False
                """),
            .bad(.python, """
                import ssl
                ctx = ↓ssl._create_unverified_context()
                context = ssl.create_default_context()
                ↓context.check_hostname = False
                ↓context.verify_mode = ssl.CERT_NONE
                pool = urllib3.PoolManager(↓cert_reqs="CERT_NONE")
                """),
            .bad(.python, """
                import paramiko
                client = paramiko.SSHClient()
                client.set_missing_host_key_policy(↓paramiko.AutoAddPolicy())
                """),
            .bad(.javascript, """
                const agent = new https.Agent({ ↓rejectUnauthorized: false });
                ↓process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
                """),
            .bad(.typescript, """
                const client = axios.create({ httpsAgent: new https.Agent({ ↓rejectUnauthorized: false }) });
                ↓process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = "0";
                """),
            .good(.python, """
                import requests, ssl
                r = requests.get(url, verify="/etc/ssl/company-ca.pem")
                r = requests.get(url, verify=True)
                ctx = ssl.create_default_context(cafile="ca.pem")
                if ctx.verify_mode == ssl.CERT_NONE:
                    warn()
                client.set_missing_host_key_policy(paramiko.RejectPolicy())
                """),
            .good(.python, """
                def create_context(cert_reqs, assert_hostname):
                    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                    if cert_reqs == ssl.CERT_NONE or assert_hostname is False:
                        context.check_hostname = False
                        context.verify_mode = ssl.CERT_NONE
                    return context

                class PyOpenSSLContext:
                    def __init__(self, protocol):
                        self.check_hostname = False
                        self.verify_mode = ssl.CERT_NONE
                """),
            .good(.python, """
                def connect(url, verify=True):
                    return requests.get(url, verify=verify)
                """),
            .good(.python, """
                r = requests.get("https://localhost:8443", verify=False)
                """, path: "tests/test_server.py"),
            .good(.javascript, """
                const agent = new https.Agent({ ca: fs.readFileSync("ca.pem"), rejectUnauthorized: true });
                if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === "0") warn();
                """),
            .good(.typescript, """
                const options: RequestOptions = { rejectUnauthorized: config.strict };
                """),
        ])

    static let names = NameSet(["verify", "cert_reqs", "ssl_cert_reqs", "check_hostname", "verify_mode", "rejectUnauthorized",
                                "_create_unverified_context", "AutoAddPolicy", "WarningPolicy", "NODE_TLS_REJECT_UNAUTHORIZED"])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard !context.role.contains(.test) else { return [] }
        let tree = file.tree
        var result: [Finding] = []
        func report(_ node: Int, _ what: String, _ effect: String, severity: Severity = .high) {
            // Switched off only on a condition (an option the caller chose, a platform without
            // support), or on `self` by a class that implements a context: the library offers the
            // switch, it does not flip it.
            guard !isConditional(node, in: file) else { return }
            var found = finding(in: file, from: tree[node].startByte, to: tree[node].endByte,
                                message: "\(what) \(effect); anyone on the network path can impersonate the server.")
            found.severity = severity
            result.append(found)
        }
        for index in 0..<tree.count {
            let node = tree[index]
            switch node.kind {
            case .keywordArgument, .property, .member, .name:
                guard Self.names.contains(index, in: file) else { continue }
            case .assignment:
                guard let target = tree.child(of: index, role: .target),
                      tree[target].kind == .subscript || Self.names.contains(target, in: file) else { continue }
            default:
                continue
            }
            switch node.kind {
            case .keywordArgument:
                guard let name = file.name(of: index), let value = file.value(of: index),
                      let call = tree.parent(of: index), tree[call].kind == .call else { continue }
                if name == "verify", file.isFalse(value), isHTTPCall(call, in: file) {
                    report(index, "`verify=False`", "turns off certificate checking for this request")
                } else if name == "cert_reqs" || name == "ssl_cert_reqs", isCertNone(value, in: file) {
                    report(index, "`\(name)=CERT_NONE`", "accepts any certificate")
                }
            case .assignment:
                guard let target = tree.child(of: index, role: .target), let value = tree.child(of: index, role: .value) else { continue }
                if tree[target].kind == .member, let member = file.name(of: target) {
                    if member == "verify", file.isFalse(value), file.language == .python {
                        report(index, "`\(file.text(of: target)) = False`", "turns off certificate checking for the whole session")
                    } else if member == "check_hostname", file.isFalse(value), !isSelf(target, in: file) {
                        // Often followed by a check of its own (fingerprint pinning) or on a server context.
                        report(index, "`\(file.text(of: target)) = False`", "accepts a certificate for any host name", severity: .medium)
                    } else if member == "verify_mode", isCertNone(value, in: file), !isSelf(target, in: file) {
                        report(index, "`\(file.text(of: target)) = CERT_NONE`", "accepts any certificate")
                    } else if member == "rejectUnauthorized", file.isFalse(value) {
                        report(index, "`rejectUnauthorized = false`", "accepts any certificate")
                    }
                }
                if isTLSRejectVariable(target, in: file), let text = file.plainString(value) ?? numberText(value, in: file), text == "0" {
                    report(index, "`NODE_TLS_REJECT_UNAUTHORIZED = '0'`", "turns off certificate checking for every request of the process")
                }
            case .property:
                guard file.language != .python, file.name(of: index) == "rejectUnauthorized",
                      let value = file.value(of: index), file.isFalse(value) else { continue }
                report(index, "`rejectUnauthorized: false`", "accepts any certificate")
            case .member:
                guard let name = file.name(of: index) else { continue }
                if name == "_create_unverified_context", file.language == .python {
                    report(index, "`ssl._create_unverified_context`", "makes a context that checks no certificate")
                } else if name == "AutoAddPolicy" || name == "WarningPolicy", isHostKeyPolicyArgument(index, in: file) {
                    report(index, "`\(name)`", "accepts any SSH host key, so a man in the middle is trusted on first sight")
                }
            case .name:
                guard let name = file.name(of: index), name == "AutoAddPolicy" || name == "WarningPolicy",
                      isHostKeyPolicyArgument(index, in: file) else { continue }
                report(index, "`\(name)`", "accepts any SSH host key, so a man in the middle is trusted on first sight")
            default:
                continue
            }
        }
        return result
    }

    /// Inside an `if`/`else` branch, a conditional expression or a `catch`/`except` of its function.
    private func isConditional(_ node: Int, in file: SourceFile) -> Bool {
        let tree = file.tree
        var child = node
        var n = tree.parent(of: node)
        while let current = n {
            switch tree[current].kind {
            case .function, .classDeclaration, .module: return false
            case .ifStatement where tree[child].role == .body || tree[child].role == .orelse: return true
            case .expression where file.text(of: current).contains(" if ") || file.text(of: current).contains("?"): return true
            default: break
            }
            child = current
            n = tree.parent(of: current)
        }
        return false
    }

    private func isSelf(_ target: Int, in file: SourceFile) -> Bool {
        guard let chain = file.memberChain(of: target), let first = chain.first else { return false }
        return first == "self" || first == "this"
    }

    static let httpMethods: Set<String> = [
        "get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream",
        "Client", "AsyncClient", "Session", "urlopen", "fetch", "ClientSession", "TCPConnector",
    ]

    private func isHTTPCall(_ call: Int, in file: SourceFile) -> Bool {
        guard let callee = file.tree.child(of: call, role: .callee) else { return false }
        let chain = file.trailingChain(of: callee).parts
        if let first = chain.first, ["requests", "httpx", "aiohttp", "session", "client"].contains(first) { return true }
        return chain.last.map(Self.httpMethods.contains) ?? false
    }

    private func isCertNone(_ value: Int, in file: SourceFile) -> Bool {
        if let text = file.plainString(value) { return text == "CERT_NONE" }
        let chain = file.memberChain(of: value)
        return chain == ["ssl", "CERT_NONE"] || chain == ["CERT_NONE"] || chain == ["ssl", "VerifyMode", "CERT_NONE"]
    }

    private func isTLSRejectVariable(_ target: Int, in file: SourceFile) -> Bool {
        let tree = file.tree
        if tree[target].kind == .member { return file.memberChain(of: target) == ["process", "env", "NODE_TLS_REJECT_UNAUTHORIZED"] }
        if tree[target].kind == .subscript, tree[target].firstChild >= 0,
           file.memberChain(of: Int(tree[target].firstChild)) == ["process", "env"] || file.memberChain(of: Int(tree[target].firstChild)) == ["os", "environ"] {
            return tree.children(of: target).contains { file.plainString($0) == "NODE_TLS_REJECT_UNAUTHORIZED" }
        }
        return false
    }

    private func numberText(_ node: Int, in file: SourceFile) -> String? {
        file.tree[node].kind == .literal && file.tree[node].flags.contains(.number) ? file.text(of: node) : nil
    }

    /// `set_missing_host_key_policy(AutoAddPolicy())` / `(AutoAddPolicy)`.
    private func isHostKeyPolicyArgument(_ node: Int, in file: SourceFile) -> Bool {
        let tree = file.tree
        var n = node
        // Up through `paramiko.AutoAddPolicy` and its call.
        while let parent = tree.parent(of: n), tree[n].role == .callee || tree[parent].kind == .member { n = parent }
        guard tree[n].role == .argument, let call = tree.parent(of: n), tree[call].kind == .call else { return false }
        return file.calleeName(of: call) == "set_missing_host_key_policy"
    }
}
