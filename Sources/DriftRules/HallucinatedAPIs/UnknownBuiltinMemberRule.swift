import DriftCore
import DriftKnowledge
import DriftSyntax

/// Flags a member of a language built-in that exists in no version: `Math.clamp`,
/// `Object.hasOwnPropertyNames`, `[].flatten()`, Python's `"".contains(x)`.
struct UnknownBuiltinMemberRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "unknown-builtin-member",
        name: "Unknown built-in member",
        category: .hallucinatedAPIs,
        severity: .high,
        summary: "A static or method of a built-in (`Math`, `JSON`, `Promise`, `Array`, `str`, `list`, `dict`, …) that the language does not have.",
        why: """
            Assistants borrow methods from other languages and libraries: `Math.clamp`, `Promise.delay` \
            (Bluebird), `JSON.tryParse`, `[].flatten()` (Lodash), `"".contains()` (Java), `list.push` \
            (JavaScript), `dict.has_key` (Python 2). The call throws `TypeError: … is not a function` or \
            `AttributeError`. Drift checks the built-in's members in every ECMAScript edition and Python \
            3.8–3.13, and stays quiet when the file or the project adds the member (a polyfill, \
            `Array.prototype.flatten = …`, `Object.defineProperty(Promise, 'delay', …)`).
            """,
        fix: "Use the member the built-in has (the message names the nearest one), or a helper that implements it.",
        examples: [
            .bad(.javascript, """
                const n = Math.↓clamp(value, 0, 1);
                const keys = Object.↓hasOwnPropertyNames(config);
                const parsed = JSON.↓tryParse(text);
                await Promise.↓delay(100);
                const list = Array.↓range(10);
                """),
            .bad(.javascript, """
                const flat = [[1], [2]].↓flatten();
                if ('abc'.↓contains('a')) { console.log(/x/.↓matches('x')); }
                """),
            .good(.javascript, """
                const n = Math.min(Math.max(value, 0), 1);
                const own = Object.hasOwn(config, 'a') && Object.getOwnPropertyNames(config);
                const flat = [[1], [2]].flat().toSorted().at(-1);
                const grouped = Object.groupBy([], (x) => x) && Promise.withResolvers() && 'abc'.includes('a');
                export { n, own, flat, grouped };
                """),
            // The file adds the member, shadows the built-in, or tests for it.
            .good(.javascript, """
                Array.prototype.flatten = function () { return this.flat(); };
                Object.defineProperty(Promise, 'delay', { value: (ms) => new Promise((r) => setTimeout(r, ms)) });
                Math.clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
                export const a = [[1]].flatten().concat(Math.clamp(2, 0, 1));
                export const b = Promise.delay(1);
                """),
            .good(.javascript, """
                import Promise from 'bluebird';
                export const wait = Promise.delay(10);
                const JSON = { tryParse: (t) => t };
                export const parsed = JSON.tryParse('1');
                export const later = typeof Promise.try === 'function' ? Promise.try(() => 1) : null;
                export const pick = Array.prototype.findLast || Array.prototype.someFutureMethod;
                """),
            .bad(.typescript, """
                export function unit(value: number): number {
                  return Math.↓clamp(value, 0, 1);
                }
                export const parsed = JSON.↓tryParse(text) as Config | undefined;
                export const flat: number[] = [[1], [2]].↓flatten();
                """),
            .good(.typescript, """
                export function unit(value: number): number {
                  return Math.min(Math.max(value, 0), 1);
                }
                export const parsed = JSON.parse(text) as Config | undefined;
                export const flat: number[] = [[1], [2]].flat();
                """),
            // Accepted miss: values are not typed, so only literals and the built-ins' own names are checked.
            .knownGap(.javascript, """
                const nested = [[1], [2]];
                export const flat = nested.↓flatten();
                """),
            .knownGap(.python, """
                name = "abc"
                found = name.↓contains("a")
                """),
            .bad(.python, """
                if "abc".↓contains("a"):
                    items = []
                    [].↓push(1)
                    {}.↓has_key("k")
                    text = str.↓startsWith("abc", "a")
                """),
            .good(.python, """
                if "a" in "abc" and "abc".startswith("a") and "x".removeprefix("x") == "":
                    items = [].copy()
                    {}.get("k"), {1, 2}.union({3}), b"ab".hex(), dict.fromkeys("ab"), str.maketrans("a", "b")
                    ", ".join(["a"]), f"{items}".upper()
                """),
            .good(.python, """
                class str:
                    def contains(self, x): ...
                str.contains("a")
                """),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        if file.language == .python { return pythonFindings(file) }
        guard !context.role.contains(.declaration) else { return [] }
        return javaScriptFindings(file, context)
    }

    // MARK: JavaScript

    private func javaScriptFindings(_ file: SourceFile, _ context: RuleContext) -> [Finding] {
        var reads: [(member: Int, owner: String)] = []
        let analysis = file.scopeAnalysis()
        for reference in analysis.unresolved where JavaScriptGlobals.isLanguageNamespace(reference.name) {
            let members = file.memberReads(on: reference.node)
            guard let first = members.first, let name = file.name(of: first) else { continue }
            if name == "prototype", members.count > 1 {
                reads.append((members[1], reference.name + ".prototype"))
            } else {
                reads.append((first, reference.name))
            }
        }
        for index in 0..<file.tree.count where file.tree[index].kind == .member {
            guard let object = file.tree.child(of: index, role: .object) else { continue }
            let o = file.tree[object]
            if o.kind == .literal, o.flags.contains(.string) { reads.append((index, "String.prototype")) }
            if o.kind == .literal, o.flags.contains(.regex) { reads.append((index, "RegExp.prototype")) }
            if o.kind == .group, o.flags.contains(.bracketed) { reads.append((index, "Array.prototype")) }
        }
        let missing = reads.compactMap { read -> (member: Int, name: String, owner: String, nearest: String?)? in
            guard let name = file.name(of: read.member), case .absent(let nearest) = JavaScriptGlobals.member(name, of: read.owner) else { return nil }
            return (read.member, name, read.owner, nearest)
        }
        // Only a member the data lacks sends the rule looking for polyfills in the rest of the project.
        guard !missing.isEmpty else { return [] }
        var added = file.addedBuiltinMembers()
        if let project = context.project {
            guard let fromProject = project.addedBuiltinMembers(for: file.path) else { return [] }
            added.formUnion(fromProject)
        }
        return missing.compactMap { read in
            guard !added.contains(read.owner + "." + read.name) else { return nil }
            return finding(file, member: read.member, name: read.name, owner: read.owner, nearest: read.nearest, errors: ["Error"])
        }
    }

    // MARK: Python

    /// The builtin types whose names are commonly read for their methods (`str.join`, `dict.fromkeys`).
    private static let pythonTypes: Set<String> = ["str", "bytes", "list", "dict", "set", "frozenset", "tuple", "int", "float", "bytearray"]

    private func pythonFindings(_ file: SourceFile) -> [Finding] {
        var reads: [(member: Int, owner: String)] = []
        let analysis = file.scopeAnalysis()
        for reference in analysis.unresolved where Self.pythonTypes.contains(reference.name) {
            if let first = file.memberReads(on: reference.node).first { reads.append((first, reference.name)) }
        }
        for index in 0..<file.tree.count where file.tree[index].kind == .member {
            guard let object = file.tree.child(of: index, role: .object), let owner = pythonLiteralType(file, object) else { continue }
            reads.append((index, owner))
        }
        var findings: [Finding] = []
        for (member, owner) in reads {
            guard let name = file.name(of: member), case .absent(let nearest) = PythonStandardLibrary.member(name, of: owner) else { continue }
            if let finding = finding(file, member: member, name: name, owner: owner, nearest: nearest, errors: ["AttributeError", "Exception"]) {
                findings.append(finding)
            }
        }
        return findings
    }

    /// `str`, `bytes`, `list`, `dict` or `set` for a literal of that type.
    private func pythonLiteralType(_ file: SourceFile, _ node: Int) -> String? {
        let n = file.tree[node]
        if n.kind == .literal, n.flags.contains(.string) {
            let prefix = file.text(of: node).prefix { $0 != "'" && $0 != "\"" }
            return prefix.lowercased().contains("b") ? "bytes" : "str"
        }
        guard n.kind == .group else { return nil }
        if n.flags.contains(.bracketed) { return "list" }
        guard n.flags.contains(.braced) else { return nil }
        let children = Array(file.tree.children(of: node))
        // `{}` and `{k: v}` are dicts, `{a, b}` a set; a comprehension is left alone.
        if children.contains(where: { file.tree[$0].flags.contains(.comprehension) || file.tree[$0].kind == .loop }) { return nil }
        return children.isEmpty || children.contains { file.tree[$0].role == .value } ? "dict" : "set"
    }

    // MARK: Messages

    private func finding(_ file: SourceFile, member: Int, name: String, owner: String, nearest: String?, errors: [String]) -> Finding? {
        guard file.tree[member].role != .target, !file.isFeatureTest(member), !file.reflectedMemberNames().contains(name),
              !file.isInTry(member, catching: errors) else { return nil }
        let start = Int(file.tree[member].nameStart)
        let subject = owner.hasSuffix(".prototype") ? "`\(owner.dropLast(10))` values have" : "`\(owner)` has"
        let language = file.language == .python ? "Python 3.8–3.13" : "any ECMAScript edition or Node.js"
        var message = "\(subject) no member `\(name)` in \(language), so this read fails at run time."
        var fix: String?
        if let nearest {
            message += " Did you mean `\(nearest)`?"
            fix = "Replace `\(name)` with `\(nearest)`, or write a helper that does what `\(name)` was meant to do."
        }
        return self.finding(in: file, from: start, to: start + name.utf8.count, message: message, fix: fix)
    }
}
