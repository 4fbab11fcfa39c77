import DriftCore
import DriftSyntax

/// Flags a shell command line built by interpolation from a value that comes from outside the
/// function: `subprocess.run(f"…", shell=True)`, `os.system`, `os.popen`, `child_process.exec`.
struct ShellBuiltFromStringsRule: Rule {
    static let description = RuleDescription(
        id: "shell-built-from-strings",
        name: "Shell command built from strings",
        category: .insecureDefaults,
        severity: .high,
        summary: "A shell command line is built by pasting a value into it (`os.system(f\"…\")`, `shell=True`, `exec(`…${x}`)`).",
        why: """
            The shell parses the whole line: a value holding `; rm -rf ~`, `$(…)` or a backtick runs \
            as a command of its own. Generated code builds command lines with f-strings and template \
            literals because they read like the command typed by hand. Reported high when the value \
            comes from a web request; medium when it comes from argv, the environment, a file or a parameter.
            """,
        fix: """
            Pass the program and its arguments as a list, with no shell: \
            `subprocess.run(["convert", path, out], check=True)`, `execFile("convert", [path, out])` / `spawn(…)`; \
            if a shell is unavoidable, quote each value with `shlex.quote`.
            """,
        examples: [
            .bad(.python, """
                import os, subprocess, sys
                def main():
                    host = sys.argv[1]
                    os.system(↓"ping -c 1 " + host)
                    subprocess.run(↓f"nslookup {host}", shell=True)
                """),
            .bad(.python, """
                def convert(path):
                    out = os.popen(↓"convert %s out.png" % path).read()
                """),
            .bad(.javascript, """
                const { exec } = require("child_process");
                app.post("/ping", (req, res) => {
                  exec(↓`ping -c 1 ${req.body.host}`, (err, stdout) => res.send(stdout));
                });
                """),
            .bad(.typescript, """
                import * as cp from "node:child_process";
                export function archive(dir: string) {
                  return cp.execSync(↓"tar czf out.tgz " + dir);
                }
                """),
            .good(.python, """
                import shlex, subprocess
                def convert(path):
                    subprocess.run(["convert", path, "out.png"], check=True)
                    subprocess.run(f"convert {shlex.quote(path)} out.png", shell=True)
                    subprocess.run(f"make {TARGET}", shell=True)
                    subprocess.run(f"ls {path}")
                    os.system("make clean")
                """),
            .good(.javascript, """
                const { execFile } = require("child_process");
                app.post("/ping", (req, res) => {
                  execFile("ping", ["-c", "1", req.body.host], (err, stdout) => res.send(stdout));
                  const m = /(\\d+)/.exec(`${req.body.host}`);
                });
                """),
            .good(.typescript, """
                import { execSync } from "node:child_process";
                const version = execSync(`git --version`).toString();
                """),
        ])

    static let sanitizers: Set<String> = ["quote", "escape", "escapeShellArg", "shellescape", "list2cmdline", "quoteShell"]

    static let callees = NameSet(["system", "popen", "getoutput", "getstatusoutput", "run", "call", "check_call", "check_output", "Popen", "exec", "execSync"])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        let sources = InputSources(file: file, sanitizers: Self.sanitizers)
        let processNames = childProcessNames(in: file)
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) {
            guard Self.callees.containsCallee(of: call, in: file) else { continue }
            guard let callee = tree.child(of: call, role: .callee) else { continue }
            let chain = file.trailingChain(of: callee)
            guard let name = chain.parts.last, let command = file.positionalArguments(of: call).first else { continue }
            let sink: String
            switch file.language {
            case .python:
                let joined = chain.parts.joined(separator: ".")
                if ["os.system", "os.popen", "system", "popen", "commands.getoutput", "subprocess.getoutput", "subprocess.getstatusoutput"].contains(joined)
                    && (chain.parts.count > 1 || file.declaration(of: name, at: call)?.binding.kind == .importBinding) {
                    sink = joined
                } else if ["run", "call", "check_call", "check_output", "Popen"].contains(name),
                          chain.parts.count == 1 || chain.parts.first == "subprocess",
                          let shell = file.keywordArgument("shell", of: call), let value = file.value(of: shell), file.isTrue(value) {
                    sink = "\(joined)(…, shell=True)"
                } else {
                    continue
                }
            case .javascript, .typescript:
                guard ["exec", "execSync"].contains(name) else { continue }
                if chain.parts.count == 1 {
                    guard processNames.functions.contains(name) else { continue }
                } else {
                    guard chain.complete, chain.parts.count == 2, processNames.modules.contains(chain.parts[0]) else { continue }
                }
                sink = chain.parts.joined(separator: ".")
            default:
                continue
            }
            guard let built = BuiltString.at(command, in: file) else { continue }
            var worst: Provenance?
            var worstHole: Int?
            for hole in built.holes {
                let provenance = sources.provenance(of: hole.node)
                if provenance.origin >= .parameter, worst == nil || provenance.origin > worst!.origin { worst = provenance; worstHole = hole.node }
            }
            guard let worst, let worstHole else { continue }
            let value = file.text(of: worstHole)
            var found = finding(
                in: file, from: tree[command].startByte, to: tree[command].endByte,
                message: "\(SqlBuiltFromStringsRule.describe(value, worst.source)) is pasted into the command line `\(sink)` gives to a shell; a `;`, `$(…)` or backtick in it runs another command.")
            // The person who sets argv, the environment or a file can usually run commands anyway.
            if !worst.fromClient { found.severity = .medium }
            result.append(found)
        }
        return result
    }

    /// Names bound to `child_process` (`cp`, `childProcess`) and its `exec`/`execSync` functions.
    private func childProcessNames(in file: SourceFile) -> (modules: Set<String>, functions: Set<String>) {
        var modules: Set<String> = ["child_process", "childProcess"]
        var functions: Set<String> = []
        for record in file.tree.imports where record.module == "child_process" || record.module == "node:child_process" {
            for name in record.names {
                guard let local = name.local else { continue }
                if name.imported == nil || name.imported == "*" || name.imported == "default" { modules.insert(local) } else if ["exec", "execSync"].contains(name.imported!) { functions.insert(local) }
            }
        }
        return (modules, functions)
    }
}
