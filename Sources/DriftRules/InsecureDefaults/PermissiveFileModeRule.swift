import DriftCore
import DriftSyntax

/// Flags `chmod` to a mode every user may write (`0o777`, `0o666`, `S_IWOTH`) and `umask(0)`.
struct PermissiveFileModeRule: Rule {
    static let description = RuleDescription(
        id: "permissive-file-mode",
        name: "Permissive file mode",
        category: .insecureDefaults,
        severity: .medium,
        summary: "A file or folder is made writable by every user (`chmod(…, 0o777)`, `0o666`, `S_IWOTH`), or the umask is cleared (`umask(0)`).",
        why: """
            `chmod` sets the bits exactly, past the umask: with the "others may write" bit any local \
            user or compromised service can replace the file — a script that then runs, a config that \
            is then trusted, a key that is then read. Generated code reaches for `0o777` to get past \
            a permission error.
            """,
        fix: "Grant only what is needed: `0o755` for folders and programs, `0o644` for files, `0o600` for secrets; leave the umask alone.",
        examples: [
            .bad(.python, """
                import os, stat
                os.chmod(path, ↓0o777)
                os.chmod(upload_dir, ↓stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)
                os.umask(↓0)
                Path(key_file).chmod(↓0o666)
                """),
            .bad(.javascript, """
                const fs = require("fs");
                fs.chmodSync(dir, ↓0o777);
                fs.chmod(file, ↓"666", done);
                """),
            .bad(.typescript, """
                import { promises as fsp } from "fs";
                await fsp.chmod(socketPath, ↓0o777);
                """),
            .good(.python, """
                os.chmod(path, 0o755)
                os.chmod(key, stat.S_IRUSR | stat.S_IWUSR)
                os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
                os.makedirs(path, mode=0o777, exist_ok=True)
                old = os.umask(0o077)
                mask = os.umask(0)
                os.umask(mask)
                """),
            .good(.python, """
                os.chmod(path, 0o777)
                """, path: "tests/test_perms.py"),
            .good(.javascript, """
                function fixWinEPERM(p, options, er, cb) {
                  options.chmod(p, 0o666, er2 => options.unlink(p, cb));
                }
                fs.chmodSync(script, 0o755);
                fs.mkdirSync(dir, { mode: 0o777 });
                """),
            .good(.typescript, """
                await fsp.chmod(file, mode);
                """),
        ])

    static let callees = NameSet(["chmod", "chmodSync", "lchmod", "lchmodSync", "fchmod", "fchmodSync", "umask"])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard !context.role.contains(.test) else { return [] }
        let tree = file.tree
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) {
            guard Self.callees.containsCallee(of: call, in: file) else { continue }
            guard let callee = tree.child(of: call, role: .callee), let name = file.trailingChain(of: callee).parts.last else { continue }
            let arguments = file.positionalArguments(of: call)
            switch name {
            case "chmod", "chmodSync", "lchmod", "lchmodSync", "fchmod", "fchmodSync":
                // `os.chmod(path, mode)`, `fs.chmod(path, mode, cb)`; pathlib's `p.chmod(mode)`.
                let mode: Int?
                if arguments.count >= 2 { mode = arguments[1] } else if arguments.count == 1, tree[callee].kind == .member,
                    file.language == .python { mode = arguments[0] } else { mode = nil }
                guard let mode, let bits = modeBits(mode, in: file), bits & 0o002 != 0, !removesAfterwards(call, in: file) else { continue }
                let octal = "0o" + String(bits, radix: 8)
                result.append(finding(
                    in: file, from: tree[mode].startByte, to: tree[mode].endByte,
                    message: "`\(file.text(of: callee))` sets mode \(octal): every user on the machine may \(bits & 0o111 != 0 ? "replace and run" : "replace") it."))
            case "umask":
                guard file.language == .python || file.trailingChain(of: callee).parts.first == "process",
                      arguments.count == 1, let bits = modeBits(arguments[0], in: file), bits == 0,
                      // `mask = os.umask(0); os.umask(mask)` reads the umask: the one way Python has.
                      file.valueUse(of: call) == .dropped else { continue }
                result.append(finding(
                    in: file, from: tree[arguments[0]].startByte, to: tree[arguments[0]].endByte,
                    message: "`\(file.text(of: callee))(0)` clears the umask: every file this process creates afterwards is writable by every user."))
            default:
                continue
            }
        }
        return result
    }

    /// A `chmod` to get past a permission error before deleting the file (rimraf, shutil's onerror):
    /// the same function removes it.
    private func removesAfterwards(_ call: Int, in file: SourceFile) -> Bool {
        let function = file.enclosingFunction(of: call) ?? SyntaxTree.root
        let removers: Set<String> = ["unlink", "unlinkSync", "rmdir", "rmdirSync", "rm", "rmSync", "remove", "rmtree", "removedirs"]
        return file.tree.descendants(of: function).contains { node in
            file.tree[node].kind == .call && file.calleeName(of: node).map(removers.contains) == true
        }
    }

    static let statBits: [String: Int] = [
        "S_IRWXO": 0o007, "S_IWOTH": 0o002, "S_IROTH": 0o004, "S_IXOTH": 0o001,
        "S_IRWXG": 0o070, "S_IWGRP": 0o020, "S_IRGRP": 0o040, "S_IXGRP": 0o010,
        "S_IRWXU": 0o700, "S_IWUSR": 0o200, "S_IRUSR": 0o400, "S_IXUSR": 0o100,
    ]

    /// The permission bits of a constant mode: `0o777`, `0777`, `511`, `"666"`, `S_IRWXU | S_IRWXO`;
    /// nil when the mode is computed from something else.
    private func modeBits(_ node: Int, in file: SourceFile) -> Int? {
        let tree = file.tree
        let n = tree[node]
        if n.kind == .literal, n.flags.contains(.number) {
            var text = String(file.text(of: node).lowercased().filter { $0 != "_" })
            if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
            if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
            if text.count > 1, text.hasPrefix("0") { text.removeFirst(); return Int(text, radix: 8) }
            return Int(text)
        }
        if file.language != .python, let text = file.plainString(node), text.count == 3 || text.count == 4 { return Int(text, radix: 8) }
        if let chain = file.memberChain(of: node), let last = chain.last, let bits = Self.statBits[last] { return bits }
        if n.kind == .expression {
            // Only `|` of constants: anything computed (`st_mode | S_IXUSR`) is not judged.
            var bits = 0
            var operand = Int(n.firstChild)
            var previousEnd = -1
            while operand >= 0 {
                if previousEnd >= 0, file.text(previousEnd, tree[operand].startByte).trimmingWhitespace() != "|" { return nil }
                guard let part = modeBits(operand, in: file) else { return nil }
                bits |= part
                previousEnd = tree[operand].endByte
                operand = Int(tree[operand].nextSibling)
            }
            return bits
        }
        return nil
    }
}
