import DriftCore
import DriftSyntax

/// Flags placeholder values (`"YOUR_API_KEY"`, `"sk-..."`, `"changeme"`) given to credentials.
struct PlaceholderCredentialRule: Rule {
    static let description = RuleDescription(
        id: "placeholder-credential",
        name: "Placeholder credential",
        category: .placeholderCode,
        severity: .high,
        summary: "A key, token, secret or password is set to a placeholder such as `\"YOUR_API_KEY\"`.",
        why: """
            Generated code fills credentials with stand-ins like `"YOUR_API_KEY"` or `"sk-..."`. \
            Shipped, every request fails authentication with a confusing error far from here; and the \
            next edit tends to paste a real secret into the same line, into version control.
            """,
        fix: """
            Read the secret from the environment or a secret store and fail clearly when it is missing, \
            e.g. `api_key = os.environ["API_KEY"]` or \
            `const apiKey = process.env.API_KEY ?? fail("API_KEY is not set")`.
            """,
        examples: [
            .bad(.python, """
                import openai
                openai.api_key = ↓"YOUR_API_KEY"
                """),
            .bad(.python, """
                client = Client(token=↓"<your-token>")
                API_KEY = os.getenv("SERVICE_API_KEY", ↓"your-api-key-here")
                """),
            .bad(.javascript, """
                const config = {
                  apiKey: ↓"sk-...",
                  password: ↓'changeme',
                };
                """),
            .bad(.javascript, """
                headers["Authorization"] = ↓"Bearer YOUR_TOKEN";
                const token = process.env.GITHUB_TOKEN || ↓"ghp_xxxxxxxxxxxx";
                """),
            .bad(.typescript, """
                const clientSecret: string = ↓"REPLACE_ME";
                """),
            .bad(.swift, """
                let apiKey: String = ↓"YOUR_API_KEY_HERE"
                let client = Client(accessToken: ↓"<ACCESS_TOKEN>")
                """),
            .bad(.go, """
                const apiKey = ↓"your-api-key"
                cfg := Config{Secret: ↓"xxxxxxxx"}
                """),
            .good(.python, """
                api_key = os.environ["API_KEY"]
                PASSWORD_FIELD = "password"
                token_url = "https://example.com/YOUR_API_KEY"
                """),
            .good(.python, """
                api_key = "YOUR_API_KEY"
                """, path: "tests/test_client.py"),
            .good(.python, """
                client = Client(api_key="YOUR_API_KEY")
                """, path: "examples/quickstart.py"),
            .good(.javascript, """
                const label = "YOUR_API_KEY";
                const apiKey = process.env.API_KEY;
                const placeholder = { token: "{{token}}" };
                const empty = { token: "< >", secret: "[ ]", sentinel: "<token>" };
                const KEYS = ["<Key>", "<Key-BackSpace>"];
                """),
            .good(.javascript, """
                test("rejects bad keys", () => { login({ password: "changeme" }); });
                """, path: "src/login.test.js"),
            .good(.typescript, """
                const secret: string = await vault.read("app/secret");
                const passwordHint = "Your password must be 12 characters";
                """),
            .good(.swift, """
                let apiKey = ProcessInfo.processInfo.environment["API_KEY"] ?? ""
                """),
            .good(.go, """
                apiKey := os.Getenv("API_KEY")
                tokenHeader := "X-Api-Token"
                """),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard context.role.isDisjoint(with: [.test, .example, .declaration]) else { return [] }
        var result: [Finding] = []
        let tokens = file.tokens
        for index in tokens.indices where tokens[index].kind == .string {
            let token = tokens[index]
            guard token.length <= 120 else { continue }
            // The name first: few strings are bound to a credential name, and judging the value
            // (lower-casing, word splitting) costs more than looking at the tokens before it.
            guard let name = CredentialName.target(ofStringAt: index, in: file),
                  CredentialName.isCredential(name) else { continue }
            let value = file.stringContent(token)
            guard PlaceholderValue.isPlaceholder(value) else { continue }
            result.append(finding(
                in: file, from: token.start, to: token.end,
                message: "`\(name)` is set to the placeholder “\(value)”; it will fail authentication at runtime."))
        }
        return result
    }
}

/// Recognises the stand-in values assistants put where a secret belongs.
enum PlaceholderValue {
    static let exactWords: Set<String> = [
        "changeme", "change_me", "changeit", "change_it", "replace_me", "replaceme", "replace_this",
        "placeholder", "your_key", "insert_key", "insert_token", "todo", "fixme", "tbd", "redacted",
        "secret_here", "key_here", "token_here", "password_here", "fill_me_in", "fill_in",
    ]
    static let knownKeyPrefixes = ["sk-", "sk_live_", "sk_test_", "pk_live_", "pk_test_", "ghp_", "gho_", "github_pat_",
                                   "xoxb-", "xoxp-", "akia", "aiza", "glpat-", "sk-proj-", "sk-ant-"]

    static func isPlaceholder(_ raw: String) -> Bool {
        var value = raw.trimmingWhitespace()
        guard !value.isEmpty, value.count <= 100, !value.contains("{{"), !value.contains("${"), !value.contains("://") else { return false }
        // "Bearer YOUR_TOKEN", "token <token>": judge what follows the scheme.
        let lower = value.lowercased()
        for scheme in ["bearer ", "token ", "basic ", "apikey "] where lower.hasPrefix(scheme) {
            value = String(value.dropFirst(scheme.count)).trimmingWhitespace()
            return isPlaceholder(value)
        }
        var normalized = value.lowercased()
        let bracketed = (normalized.hasPrefix("<") && normalized.hasSuffix(">"))
            || (normalized.hasPrefix("[") && normalized.hasSuffix("]"))
        if bracketed { normalized = String(normalized.dropFirst().dropLast()) }
        if normalized.contains(" ") {
            // Only short fill-in phrases: "your api key", "insert token here"; never a sentence.
            let parts = normalized.split(separator: " ")
            guard let first = parts.first, parts.count <= 4, ["your", "insert", "enter", "put", "paste"].contains(String(first)),
                  let last = parts.last, ["key", "token", "secret", "password", "here"].contains(String(last)) else { return false }
        }
        let words = normalized.replacingSeparators()
        // "<your-token>", "<ACCESS_TOKEN>"; a single bracketed word ("<token>", "<EOF>", "<SANITIZED>")
        // is as often a real sentinel value as a placeholder.
        if bracketed, words.contains("_"), words.allSatisfy({ $0.isLetter || $0 == "_" }),
           words.split(separator: "_").contains(where: { ["key", "token", "secret", "password", "your"].contains(String($0)) }) {
            return true
        }
        if words.hasPrefix("your_") || words.hasPrefix("insert_") || words.hasPrefix("put_your_")
            || words.hasPrefix("enter_your_") || words.hasPrefix("add_your_") || words.hasPrefix("paste_your_") { return true }
        if words.hasSuffix("_here") && words.count > 5 { return true }
        if exactWords.contains(words) { return true }
        // "xxxxxxxx", "sk-xxxxxxxx", "sk-...", "ghp_****"
        var body = normalized
        for prefix in knownKeyPrefixes where body.hasPrefix(prefix) { body = String(body.dropFirst(prefix.count)); break }
        let fillers: Set<Character> = ["x", "-", "_", ".", "…"]
        if body.count >= 3, body.allSatisfy(fillers.contains), body.contains(where: { $0 == "x" || $0 == "." || $0 == "…" }),
           body != "...", body.filter({ $0 == "x" }).count >= 4 || body.count < normalized.count || body.hasSuffix("...") && body.count > 3 {
            return true
        }
        if body == "..." || body == "…" { return body.count < normalized.count }
        return false
    }
}

extension String {
    /// Lower-case with `-`, `.` and spaces folded into `_`.
    fileprivate func replacingSeparators() -> String {
        String(map { $0 == "-" || $0 == " " || $0 == "." ? "_" : $0 })
    }
}

/// Finds the name a string literal is given to, and says whether that name holds a credential.
enum CredentialName {
    /// The name a string at `index` is assigned, bound or passed to: `name = "…"`, `name: "…"`,
    /// `name := "…"`, `f(name="…")`, `x["name"] = "…"`, `getenv("NAME", "…")`, `env.NAME || "…"`.
    static func target(ofStringAt index: Int, in file: SourceFile) -> String? {
        let tokens = file.tokens
        func text(_ i: Int) -> String { file.text(of: tokens[i]) }
        func nameToken(_ i: Int) -> String? {
            guard i >= 0 else { return nil }
            switch tokens[i].kind {
            case .identifier: return text(i)
            case .string: return file.stringContent(tokens[i])
            default:
                // `x["name"] = …`
                if text(i) == "]", i >= 1, tokens[i - 1].kind == .string { return file.stringContent(tokens[i - 1]) }
                return nil
            }
        }
        var i = index - 1
        guard i >= 0 else { return nil }
        let op = text(i)
        switch op {
        case "=", ":=", ":", "??=", "||=":
            i -= 1
            guard i >= 0 else { return nil }
            // A type annotation between name and `=`: `let apiKey: String = "…"`, `token: str | None = "…"`.
            if op == "=" {
                var j = i
                var steps = 0
                while j >= 2, steps < 6, !tokens[j].startsLine,
                      tokens[j].kind == .identifier || ["?", "|", ".", "!"].contains(text(j)) {
                    if text(j - 1) == ":", tokens[j - 2].kind == .identifier { return text(j - 2) }
                    j -= 1
                    steps += 1
                }
            }
            return nameToken(i)
        case ",":
            // getenv("NAME", "…") / environ.get("NAME", "…") / Getenv-style lookups with a default.
            guard i >= 3, tokens[i - 1].kind == .string, text(i - 2) == "(",
                  ["getenv", "get", "Getenv", "LookupEnv", "env", "getEnv", "environ", "get_env", "fetch"].contains(text(i - 3))
            else { return nil }
            return file.stringContent(tokens[i - 1])
        case "||", "??", "or":
            guard i >= 1, tokens[i - 1].kind == .identifier else { return nil }
            return text(i - 1)
        default:
            return nil
        }
    }

    static let credentialWords: Set<String> = [
        "password", "passwd", "passphrase", "secret", "token", "apikey", "credential", "credentials",
        "authorization", "bearer", "privatekey", "accesskey", "secretkey", "authtoken", "accesstoken",
    ]
    static let keyQualifiers: Set<String> = ["api", "access", "secret", "private", "client", "signing", "encryption", "master", "auth", "app", "license", "service"]

    /// Byte strings one of which every credential name holds (lower-cased): each credential word
    /// contains one, and so does every `key` pair.
    private static let credentialFragments: [[UInt8]] =
        ["pass", "secret", "token", "key", "credential", "authorization", "bearer"].map { Array($0.utf8) }

    static func isCredential(_ name: String) -> Bool {
        // Most names a string is bound to are no credential: an ASCII name without any fragment is
        // answered without splitting it into words (other names take the full path).
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            let lower = name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            guard credentialFragments.contains(where: { fragment in
                lower.indices.contains { lower[$0...].starts(with: fragment) }
            }) else { return false }
        }
        let words = splitWords(name)
        if words.contains(where: credentialWords.contains) { return true }
        for (a, b) in zip(words, words.dropFirst()) where b == "key" && keyQualifiers.contains(a) { return true }
        return words == ["key"]
    }

    /// `apiKey`, `API_KEY`, `api-key`, `X-Api-Key` → ["api", "key"].
    static func splitWords(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for character in name {
            if !(character.isLetter || character.isNumber) {
                if !current.isEmpty { words.append(current.lowercased()); current = "" }
                previousWasLower = false
                continue
            }
            if character.isUppercase, previousWasLower, !current.isEmpty {
                words.append(current.lowercased()); current = ""
            }
            current.append(character)
            previousWasLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }
}
