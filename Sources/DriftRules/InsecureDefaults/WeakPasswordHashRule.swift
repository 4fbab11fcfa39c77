import DriftCore
import DriftSyntax

/// Flags a password hashed with a fast digest (`md5`, `sha1`, `sha256`, …) instead of a password
/// hashing function.
struct WeakPasswordHashRule: Rule {
    static let description = RuleDescription(
        id: "weak-password-hash",
        name: "Weak password hash",
        category: .insecureDefaults,
        severity: .high,
        summary: "A password is hashed with a fast digest (`hashlib.sha256(password)`, `createHash(\"md5\").update(password)`).",
        why: """
            Fast digests are built to be fast: a GPU tries billions of `sha256` guesses a second, so a \
            leaked table of such hashes gives up most passwords in hours, and unsalted ones at once \
            through lookup tables. Password hashing functions are slow and salted on purpose. \
            Generated code reaches for `hashlib.sha256` because it is in the standard library.
            """,
        fix: """
            Use a password hash: `bcrypt.hashpw(password.encode(), bcrypt.gensalt())`, argon2 \
            (`argon2.PasswordHasher().hash(password)`), `hashlib.scrypt(password.encode(), salt=os.urandom(16), n=2**14, r=8, p=1)`, \
            Node `crypto.scrypt(password, salt, 64, cb)` or the `bcrypt`/`argon2` packages.
            """,
        examples: [
            .bad(.python, """
                import hashlib
                def register(username, password):
                    hashed = ↓hashlib.sha256(password.encode()).hexdigest()
                    legacy = ↓hashlib.md5(user.password.encode("utf-8")).hexdigest()
                    other = ↓hashlib.new("sha1", password.encode())
                """),
            .bad(.javascript, """
                const crypto = require("crypto");
                function hashPassword(password) {
                  return ↓crypto.createHash("md5").update(password).digest("hex");
                }
                """),
            .bad(.typescript, """
                import { createHash } from "crypto";
                export const hash = (pwd: string) => ↓createHash("sha256").update(pwd).digest("hex");
                """),
            .good(.python, """
                import bcrypt, hashlib
                def register(password):
                    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
                    key = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
                    digest = hashlib.sha256(data).hexdigest()
                    stretched = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
                    check = hashlib.sha256(password_reset_token.encode()).hexdigest()
                """),
            .good(.javascript, """
                const crypto = require("crypto");
                const etag = crypto.createHash("sha1").update(body).digest("base64");
                crypto.scrypt(password, salt, 64, done);
                """),
            .good(.typescript, """
                const id = createHash("sha256").update(passwordlessLinkId).digest("hex");
                """),
        ])

    static let weak: Set<String> = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512", "blake2b", "blake2s", "md4"]

    static let callees = NameSet(["createHash", "new"] + Array(weak))

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) {
            guard Self.callees.containsCallee(of: call, in: file) else { continue }
            guard let callee = tree.child(of: call, role: .callee) else { continue }
            let chain = file.trailingChain(of: callee).parts
            switch file.language {
            case .python:
                // hashlib.sha256(password…), hashlib.new("md5", password…), and `h.update(password)` on them.
                guard chain.count == 2, chain[0] == "hashlib" else { continue }
                var algorithm = chain[1]
                var arguments = file.positionalArguments(of: call)
                if algorithm == "new" {
                    guard let first = arguments.first, let name = file.plainString(first) else { continue }
                    algorithm = name.lowercased()
                    arguments = Array(arguments.dropFirst())
                }
                guard Self.weak.contains(algorithm) else { continue }
                var password = arguments.first.flatMap { passwordName(in: $0, file: file) }
                if password == nil { password = updatedPassword(after: call, in: file) }
                guard let password else { continue }
                report(call, algorithm: algorithm, password: password, in: file, into: &result)
            case .javascript, .typescript:
                // createHash("md5").update(password)
                guard chain.last == "createHash", chain.count <= 2, let first = file.positionalArguments(of: call).first,
                      let algorithm = file.plainString(first)?.lowercased(), Self.weak.contains(algorithm.filter { $0 != "-" }),
                      let password = updatedPassword(after: call, in: file) else { continue }
                report(call, algorithm: algorithm, password: password, in: file, into: &result)
            default:
                continue
            }
        }
        return result
    }

    private func report(_ call: Int, algorithm: String, password: String, in file: SourceFile, into result: inout [Finding]) {
        let tree = file.tree
        result.append(finding(
            in: file, from: tree[call].startByte, to: tree[call].endByte,
            message: "`\(password)` is hashed with \(algorithm), a fast digest: a leaked hash is cracked by brute force in hours."))
    }

    /// `createHash(…).update(password)` / `hashlib.sha1().update(password)` chained on the call.
    private func updatedPassword(after call: Int, in file: SourceFile) -> String? {
        let tree = file.tree
        guard let member = tree.parent(of: call), tree[member].kind == .member, file.name(of: member) == "update",
              let update = tree.parent(of: member), tree[update].kind == .call,
              let argument = file.positionalArguments(of: update).first else { return nil }
        return passwordName(in: argument, file: file)
    }

    /// The password-like name an argument is made of: `password`, `user.password.encode()`,
    /// `Buffer.from(pwd)`, `(salt + password).encode()`; nil when it holds none.
    private func passwordName(in argument: Int, file: SourceFile) -> String? {
        let tree = file.tree
        for node in tree.descendants(of: argument) where tree[node].kind == .name || tree[node].kind == .member {
            // The value read, not the method called on it.
            if tree[node].role == .callee { continue }
            guard let name = file.name(of: node), Self.isPasswordName(name) else { continue }
            return file.text(of: node)
        }
        return nil
    }

    /// `password`, `passwd`, `pwd`, `user_password`, `newPassword`; not `password_hash`,
    /// `password_reset_token`, `passwordless…`.
    static func isPasswordName(_ name: String) -> Bool {
        let words = CredentialName.splitWords(name)
        guard let index = words.firstIndex(where: { ["password", "passwd", "pwd", "passphrase", "pass", "pw"].contains($0) }) else { return false }
        let after = words[(index + 1)...]
        let notPassword: Set<String> = ["hash", "hashed", "digest", "reset", "token", "field", "name", "length", "len", "policy", "less",
                                        "id", "url", "key", "salt", "file", "prompt", "label"]
        if after.contains(where: notPassword.contains) || words[..<index].contains(where: { ["hashed", "reset"].contains($0) }) { return false }
        return words[index] != "pass" || words.count == 1
    }
}
