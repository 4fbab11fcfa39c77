import DriftCore
import DriftSyntax

/// Flags real-looking secrets written into code: provider key formats (AWS, GitHub, GitLab, Slack,
/// Stripe, `sk-` API keys, Google), private key blocks, JWTs, and random-looking strings given to
/// secret-like names.
struct HardcodedSecretRule: Rule {
    static let description = RuleDescription(
        id: "hardcoded-secret",
        name: "Hard-coded secret",
        category: .insecureDefaults,
        severity: .high,
        summary: "A real-looking key, token, private key or password is written into the code.",
        why: """
            A secret in the code is in every clone, fork, backup and CI log of the repository from \
            the first push, and stays in its history after the line is deleted. Key formats such as \
            `AKIA…`, `ghp_…` or a private key block are certain (high); a random-looking string given \
            to a name like `SECRET_KEY` almost always is one (medium).
            """,
        fix: """
            Revoke the key, then read it from the environment or a secret store: \
            `api_key = os.environ["STRIPE_API_KEY"]`, `const token = process.env.GITHUB_TOKEN`; \
            purge it from history if it was pushed.
            """,
        examples: [
            .bad(.python, """
                import boto3
                s3 = boto3.client("s3", aws_access_key_id=↓"AKIAZ7VQ3MDR5XK2LNPA", aws_secret_access_key=os.environ["AWS_SECRET"])
                SECRET_KEY = ↓"k8#mZ2!pQ9wL@4rT7vX1nB6yH3jF0sDe"
                """),
            .bad(.python, """
                PRIVATE_KEY = ↓\"\"\"-----BEGIN RSA PRIVATE KEY-----
                MIIEowIBAAKCAQEA1c7Zq3q8rZtY0xJ6kq9Hq2mJ3vQkZ0p6W1bJbQhZk3dF4a2s
                -----END RSA PRIVATE KEY-----\"\"\"
                """),
            .bad(.javascript, """
                const octokit = new Octokit({ auth: ↓"ghp_R8fK2mQ9xLpT4vW7nZ1bY6cH3jD0sEaG5uJi" });
                const stripe = require("stripe")(↓"sk_live_51HqR8fK2mQ9xLpT4vW7nZ1bY6");
                """),
            .bad(.typescript, """
                const jwtSecret: string = ↓"f3c9a1d7e2b8406c95d1e7a3b2c4f6087d9e1a2b";
                const openai = new OpenAI({ apiKey: ↓"sk-proj-R8fK2mQ9xLpT4vW7nZ1bY6cH3jD0sEaG5uJi" });
                """),
            .good(.python, """
                SECRET_KEY = os.environ["SECRET_KEY"]
                PASSWORD_FIELD = "password_confirmation"
                api_key = "YOUR_API_KEY"
                token_type = "Bearer"
                AWS_EXAMPLE = "AKIAIOSFODNN7EXAMPLE"
                PEM_HEADER = "-----BEGIN RSA PRIVATE KEY-----"
                self.update_token = "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
                CREDENTIALS = {"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"}
                """),
            .good(.python, """
                SECRET_KEY = "k8#mZ2!pQ9wL@4rT7vX1nB6yH3jF0sDe"
                """, path: "tests/settings.py"),
            .good(.javascript, """
                const token = process.env.GITHUB_TOKEN;
                const secretName = "projects/app/secrets/db-password/versions/latest";
                const passwordPattern = "^(?=.*[A-Z])(?=.*[0-9]).{12,}$";
                """),
            .good(.typescript, """
                const octokit = new Octokit({ auth: "ghp_R8fK2mQ9xLpT4vW7nZ1bY6cH3jD0sEaG5uJi" });
                """, path: "src/__fixtures__/client.ts"),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard context.role.isDisjoint(with: [.test, .example, .declaration, .generated]) else { return [] }
        let tree = file.tree
        let tokens = file.tokens
        var result: [Finding] = []
        for index in 0..<tree.count {
            let node = tree[index]
            // Strings are literal nodes of the tree; a literal inside a template hole is its own node.
            guard node.kind == .literal, node.flags.contains(.string), !node.flags.contains(.template),
                  node.endByte - node.startByte >= 12 else { continue }
            let tokenIndex = file.firstToken(atOrAfter: node.startByte)
            guard tokenIndex < tokens.count, tokens[tokenIndex].kind == .string, tokens[tokenIndex].length <= 8_000 else { continue }
            // Every string of the file comes through here: look at its first byte before decoding it.
            let token = tokens[tokenIndex]
            var start = token.start
            while start < token.end, !Self.isQuote(file.bytes[start]) { start += 1 }
            while start < token.end, Self.isQuote(file.bytes[start]) || file.bytes[start] == 0x20 || file.bytes[start] == 0x0A { start += 1 }
            guard start < token.end else { continue }
            if Self.providerInitials.contains(file.bytes[start]) {
                let value = file.stringContent(token)
                if let kind = SecretFormats.provider(in: value) {
                    result.append(finding(
                        in: file, from: node.startByte, to: node.endByte,
                        message: "\(kind) is written into the code (\(SecretFormats.masked(value))); anyone with the repository can use it."))
                    continue
                }
            }
            guard token.length >= 18, token.length <= 210,
                  let name = CredentialName.target(ofStringAt: tokenIndex, in: file), CredentialName.isCredential(name), isSecretName(name) else { continue }
            let value = file.stringContent(token)
            guard value.utf8.count >= 16, value.utf8.count <= 200,
                  !PlaceholderValue.isPlaceholder(value), SecretFormats.looksRandom(value) else { continue }
            var found = finding(
                in: file, from: node.startByte, to: node.endByte,
                message: "`\(name)` is set to a random-looking literal (\(SecretFormats.masked(value))); a secret in the code is in every copy of the repository.")
            found.severity = .medium
            result.append(found)
        }
        return result
    }

    /// The first bytes a provider's key (or `Bearer `/`token ` before one) can start with.
    static let providerInitials: Set<UInt8> = Set("AgxsreB-btT".utf8)

    private static func isQuote(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x27 || byte == 0x60 }

    /// Names that hold a secret value, not the name or label of one (`password_field`, `token_url`).
    private func isSecretName(_ name: String) -> Bool {
        let words = CredentialName.splitWords(name)
        let notValues: Set<String> = ["field", "name", "url", "uri", "path", "file", "type", "header", "param", "key_name",
                                      "label", "prompt", "pattern", "regex", "env", "var", "id", "length", "len", "hint",
                                      "placeholder", "message", "msg", "error", "format", "prefix", "suffix", "endpoint"]
        return !words.contains(where: notValues.contains)
    }
}

/// The shapes of real secrets, and how to show one without printing it.
enum SecretFormats {
    /// What kind of secret `value` holds, by its provider's format; nil when none matches.
    static func provider(in raw: String) -> String? {
        // The whole string is the secret (a scheme word such as `Bearer ` aside): a key quoted
        // inside prose, a docstring or a larger template is documentation more often than a leak.
        var value = raw.trimmingWhitespace()
        for scheme in ["Bearer ", "bearer ", "token ", "Token ", "Basic "] where value.hasPrefix(scheme) {
            value = String(value.dropFirst(scheme.count))
        }
        let bytes = Array(value.utf8)
        guard bytes.count >= 16 else { return nil }
        let lower = value.lowercased()
        if lower.contains("example") || lower.contains("xxxxxxxx") || lower.contains("dummy") || lower.contains("fake") { return nil }
        if value.hasPrefix("-----BEGIN "), let header = find("PRIVATE KEY-----", in: bytes) {
            // A header alone is a PEM parser's constant; a key has a body after it.
            let body = bytes[(header + 16)...].filter { isAlnum($0) || $0 == 0x2B || $0 == 0x2F }
            return body.count >= 40 ? "A private key" : nil
        }
        /// The whole rest of the string after `prefix` is made of `allowed` bytes, at least `minimum` of them.
        func whole(_ prefix: String, _ minimum: Int, _ allowed: (UInt8) -> Bool, exactly: Int? = nil) -> Bool {
            guard value.hasPrefix(prefix) else { return false }
            let length = run(bytes, from: prefix.utf8.count, where: allowed)
            guard prefix.utf8.count + length == bytes.count else { return false }
            return exactly.map { length == $0 } ?? (length >= minimum)
        }
        let keyBytes: (UInt8) -> Bool = { isAlnum($0) || $0 == 0x2D || $0 == 0x5F }
        if whole("AKIA", 16, { isUpper($0) || isDigit($0) }, exactly: 16) || whole("ASIA", 16, { isUpper($0) || isDigit($0) }, exactly: 16) {
            return "An AWS access key"
        }
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] where whole(prefix, 36, isAlnum) { return "A GitHub token" }
        if whole("github_pat_", 40, { isAlnum($0) || $0 == 0x5F }) { return "A GitHub token" }
        if whole("glpat-", 20, keyBytes) { return "A GitLab token" }
        for prefix in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"] where whole(prefix, 20, keyBytes) && mixed(bytes[5...]) {
            return "A Slack token"
        }
        for prefix in ["sk_live_", "rk_live_"] where whole(prefix, 24, isAlnum) { return "A Stripe secret key" }
        if whole("sk-", 32, keyBytes), mixed(bytes[3...]) { return "An API key" }
        if whole("AIza", 35, keyBytes, exactly: 35) { return "A Google API key" }
        if value.hasPrefix("eyJ") {
            // header.payload.signature, each base64url, the first two JSON objects.
            let parts = value.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0].count >= 10, parts[1].hasPrefix("eyJ"), parts[1].count >= 10, parts[2].count >= 20,
               parts.allSatisfy({ $0.utf8.allSatisfy(isBase64URL) }) {
                return "A JSON Web Token"
            }
        }
        return nil
    }

    /// Random-looking: long, no spaces or path/format characters, letters and digits mixed, and
    /// at least 3.5 bits of entropy per character (3.0 for hex).
    static func looksRandom(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        let lower = value.lowercased()
        if ["example", "xxxx", "dummy", "fake", "test", "sample"].contains(where: lower.contains) { return false }
        // A UUID is an identifier, not a secret.
        if bytes.count == 36, value.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12] { return false }
        guard bytes.count >= 16, !bytes.contains(where: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 >= 0x80 }),
              !value.contains("://"), !value.contains("{"), !value.contains("%("), !value.contains("${"),
              !value.hasPrefix("/"), !value.hasPrefix("$"), !value.contains("\\") else { return false }
        guard bytes.contains(where: isDigit), bytes.contains(where: { isUpper($0) || (0x61...0x7A).contains($0) }) else { return false }
        // `snake_case_words`, `dotted.module.path`, `kebab-case-names` are identifiers, not secrets.
        if bytes.allSatisfy({ (0x61...0x7A).contains($0) || isDigit($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D || $0 == 0x3A }) {
            let words = value.split(whereSeparator: { $0 == "_" || $0 == "." || $0 == "-" || $0 == ":" })
            if words.count >= 2, words.allSatisfy({ $0.count >= 2 && $0.filter(\.isNumber).count <= 1 }) { return false }
        }
        var counts: [UInt8: Int] = [:]
        for b in bytes { counts[b, default: 0] += 1 }
        let n = Double(bytes.count)
        var entropy = 0.0
        for (_, c) in counts {
            let p = Double(c) / n
            entropy -= p * log2(p)
        }
        let isHex = bytes.allSatisfy { isDigit($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }
        return isHex ? bytes.count >= 32 && entropy >= 3.0 : entropy >= 3.5
    }

    /// The first four characters and the length: enough to find the key, not enough to use it.
    static func masked(_ value: String) -> String {
        let visible = value.prefix(value.hasPrefix("-----BEGIN") ? 10 : 4)
        return "`\(visible)…`, \(value.count) characters"
    }

    private static func log2(_ x: Double) -> Double {
        // ln(x)/ln(2) by the series of the mantissa; enough precision for an entropy threshold.
        var m = x
        var e = 0.0
        while m >= 2 { m /= 2; e += 1 }
        while m < 1 { m *= 2; e -= 1 }
        // ln(m) for m in [1, 2): atanh series.
        let y = (m - 1) / (m + 1)
        var term = y, sum = 0.0, k = 1.0
        for _ in 0..<12 { sum += term / k; term *= y * y; k += 2 }
        return e + 2 * sum / 0.6931471805599453
    }

    private static func find(_ needle: String, in bytes: [UInt8]) -> Int? {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return nil }
        for i in 0...(bytes.count - n.count) where bytes[i..<(i + n.count)].elementsEqual(n) { return i }
        return nil
    }

    private static func run(_ bytes: [UInt8], from start: Int, where test: (UInt8) -> Bool) -> Int {
        var i = start
        while i < bytes.count, test(bytes[i]) { i += 1 }
        return i - start
    }

    /// Letters and digits both present, as in generated keys (not a word with dashes).
    private static func mixed(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.contains(where: isDigit) && bytes.contains(where: { isUpper($0) || (0x61...0x7A).contains($0) })
            && bytes.filter(isDigit).count >= 2
    }

    private static func isWordByte(at index: Int, _ bytes: [UInt8]) -> Bool { index < bytes.count && isWordByte(bytes[index]) }
    private static func isWordByte(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x5F }
    private static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
    private static func isUpper(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) }
    private static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isUpper(b) || (0x61...0x7A).contains(b) }
    private static func isBase64URL(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2D || b == 0x5F }
}
