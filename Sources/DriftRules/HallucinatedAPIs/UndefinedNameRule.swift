import DriftCore
import DriftKnowledge
import DriftSyntax

/// Flags a name that is read or called but bound nowhere it could come from.
struct UndefinedNameRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "undefined-name",
        name: "Undefined name",
        category: .hallucinatedAPIs,
        severity: .high,
        summary: "A function, class or variable is used but defined nowhere: not in scope, not imported, not a builtin or global.",
        why: """
            A helper that was never written (`retry_with_backoff(fn)`, `sanitizeInput(s)`) is the most common \
            hallucination in generated code. It reads fine and fails only when the line runs — `NameError` in \
            Python, `ReferenceError` in JavaScript — often on a branch tests never take. Drift resolves the \
            name through every scope, import, builtin and environment global, and reports it only when none binds it.
            """,
        fix: "Define the name, import it from where it lives, or correct it to the name that exists.",
        examples: [
            // Python: a helper that does not exist, and a typo of one that does.
            .bad(.python, """
                def fetch(url):
                    return ↓retry_with_backoff(lambda: get(url))

                def get(url): ...
                """),
            .bad(.python, """
                def get_user(user_id): ...

                def load(user_id):
                    return ↓retrieve_user(user_id)
                """),
            // A method does not see names bound in its class body.
            .bad(.python, """
                class Client:
                    timeout = 5
                    def call(self):
                        return ↓timeout
                """),
            // A comprehension variable does not leak.
            .bad(.python, """
                squares = [n * n for n in range(3)]
                print(↓n)
                """),
            .bad(.python, """
                from os.path import *
                print(↓exist("a"))
                """),
            // A Python 2 builtin, unguarded: medium.
            .bad(.python, """
                def text(value):
                    return ↓unicode(value)
                """),
            .good(.python, """
                import os
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from collections import OrderedDict

                def walk(root, *args, depth=0, **kwargs):
                    total = 0
                    for name, kind in os.environ.items():
                        total += len(name) + depth + len(args) + len(kwargs)
                    with open(root) as handle, open(root) as (other):
                        data = handle.read() + other.read()
                    with (
                        open(root) as first,
                        open(root) as second,
                    ):
                        data += first.read() + second.read()
                    try:
                        value = int(data)
                    except ValueError as error:
                        raise RuntimeError(str(error)) from error
                    if (n := len(data)) > 3:
                        return n
                    return [x for x in range(total) if x] + list({k: v for k, v in kwargs.items()}) + [value]
                """),
            .good(.python, """
                counter = 0

                def bump():
                    global counter
                    counter += 1

                def outer():
                    count = 0
                    def inner():
                        nonlocal count
                        count += 1
                        return count
                    return inner

                def later():
                    return defined_below()

                def defined_below():
                    return __name__, __file__, __doc__
                """),
            .good(.python, """
                import sys
                PY3 = sys.version_info[0] == 3
                try:
                    import simplejson as json
                except ImportError:
                    json = None

                try:
                    text_type = unicode
                except NameError:
                    text_type = str
                string_types = str if PY3 else unicode
                if sys.version_info[0] == 2:
                    int_types = (int, long)

                class Base:
                    limit = 3
                    doubled = limit * 2
                    values = [limit for _ in range(2)]
                    def method(self, default=limit):
                        return Base, default, __class__

                lam = lambda a, b=1: a + b
                """),
            .good(.python, """
                def handle(command):
                    match command:
                        case {"action": action, "target": target}:
                            return action, target
                        case [first, *rest]:
                            return first, rest
                        case Point(x=px, y=py):
                            return px, py
                        case str() as word:
                            return word
                        case _:
                            return None

                class Point:
                    pass
                """),
            .good(.python, """
                def parse(command, xs):
                    match command:
                        case {"action": action, **rest}:
                            return action, rest
                        case [first, *others] if first:
                            return others
                        case Point(x=0, y=py) | Point(x=py):
                            return py
                    ys = [last := x for x in xs]
                    return last, ys

                class Point:
                    pass

                def chained():
                    try:
                        pass
                    except (ValueError, TypeError) as exc:
                        raise RuntimeError() from exc
                    except* OSError as group:
                        print(group)
                """),
            // `del` unbinds: a later read in the same straight-line code raises NameError, and so does
            // an `except … as` alias read after its handler (Python deletes it there).
            .bad(.python, """
                cache = {}

                def clear(key):
                    value = cache.pop(key)
                    del value
                    return ↓value

                def reset():
                    global cache
                    del cache
                    return ↓cache

                def parse(text):
                    try:
                        return int(text)
                    except ValueError as error:
                        pass
                    raise RuntimeError(str(↓error))
                """),
            .bad(.python, """
                def stale():
                    y = 1
                    del y
                    return [↓y for _ in range(2)]
                """),
            // A `del` under a branch, in a loop or in a `try` leaves the name possibly bound, so it is
            // silent; deleting an attribute or an item unbinds nothing; binding again, or binding the
            // alias elsewhere, keeps the name defined.
            .good(.python, """
                import sys

                def pick(items, flag, obj, table, key):
                    item = items[0]
                    if flag:
                        del item
                        return None
                    for other in items:
                        print(other)
                        del other
                    try:
                        frame = sys._getframe()
                        print(frame.f_lineno)
                    finally:
                        del frame
                    del obj.attr, table[key]
                    count = 1
                    del count
                    count = 2
                    return item, obj, table, count

                def convert(text):
                    error = None
                    try:
                        int(text)
                    except ValueError as error:
                        pass
                    return error

                def retry(text):
                    for attempt in range(3):
                        try:
                            return int(text)
                        except ValueError as e:
                            last = e
                    raise last

                class Config:
                    names = ["a", "b"]
                    upper = [n.upper() for n in names]
                    del names

                def unpack(shapes, shape):
                    del shape
                    return tuple(len(shape) for shape in shapes)

                def later():
                    z = 1
                    del z
                    def inner():
                        return z   # runs later: z may be bound again by then
                    return inner
                """),
            // f-string holes are code: their names are read (spec holes too); text, `{{escapes}}` and
            // `\N{…}` character names are not.
            .bad(.python, """
                def show(row):
                    return f"{↓format_row(row)!r:>{↓width}} {row=}"
                """),
            .good(.python, #"""
                import os
                def show(row, width=10):
                    return (f"{row!r:>{width}} {{literal}} \N{EM DASH} {os.sep=} {row:#x}"
                            + rf"\d{{2}}{width}" + f'''{
                                row  # a comment in a multi-line hole
                            }''' + f"{'nested ' + f'{width}'}" + f"{", ".join(row)}"
                            + f"{", ".join([
                                str(width),  # Python 3.12: a one-line f-string's hole spans lines
                            ])}")
                """#),
            // Dynamic scopes and unresolvable star imports make names unknowable: silence.
            .good(.python, """
                from somewhere_unknown import *
                print(anything_at_all)
                """),
            .good(.python, """
                def configure(**settings):
                    globals().update(settings)

                def use():
                    return debug_level
                """),
            .good(.python, """
                from os.path import *
                print(exists("a"), join("a", "b"))
                import builtins
                builtins.shout = print
                shout("hi")
                """),
            .good(.python, """
                import enum, gettext
                gettext.translation("app", fallback=True).install(names=["ngettext"])
                print(_("hello"), ngettext("a", "b", 2))

                class Signals(enum.IntEnum):
                    pass
                Signals._convert_("Signals", __name__, lambda name: name.startswith("SIG"))
                print(SIGINT)
                """),
            // Shapes from real code: a `from` import right after a bare `raise`, a one-element
            // tuple target.
            .good(.python, """
                def check(key):
                    if key is None:
                        raise TypeError("no key")

                    from os.path import join
                    frame, = [join]
                    return frame

                half = 2.
                whole = half * 2
                print(whole)
                pairs = [lambda a, b: a // b, lambda low, high: (low + high) // 2]
                """),
            // pyflakes' own suppression of its undefined-name check is an explicit decision.
            .good(.python, """
                cases = [(lambda x: foo, NameError)]  # noqa: F821
                other = bar  # type: ignore[name-defined]
                """),
            .good(.python, """
                from .loader import Loader
                loader.Loader.add_constructor("!x", Loader)
                """, path: "pkg/__init__.py"),
            // Annotations are read too: evaluated ones raise NameError when the def runs; string
            // and postponed ones are medium.
            .bad(.python, """
                from typing import Optional
                def save(user: ↓Usr) -> None: ...
                def load(key: "↓Kee") -> "Optional[↓Usr]": ...
                class User: ...
                """),
            .good(.python, """
                from __future__ import annotations
                from typing import TYPE_CHECKING, Annotated, Literal, Optional
                if TYPE_CHECKING:
                    from decimal import Decimal

                class Node:
                    child: Optional[Node]
                    def walk(self, mode: Literal["deep", "shallow"], amount: Annotated[Decimal, "units"]) -> "Node":
                        seen: set[Node] = set()
                        return self

                def first[T](items: list[T]) -> T:
                    return items[0]

                def limited(name: constr(max_length=3)) -> None: ...
                def constr(**limits): ...
                """),

            // JavaScript and TypeScript.
            .bad(.javascript, """
                import { readFile } from 'node:fs/promises';
                export async function load(path) {
                    const text = await readFile(path, 'utf8');
                    return ↓parseConfigFile(text);
                }
                """),
            .bad(.javascript, """
                function fetchUser(id) { return id; }
                export function show(id) {
                    return ↓fetchUsr(id);
                }
                """),
            .bad(.javascript, """
                export function total(items) {
                    for (let i = 0; i < items.length; i++) {
                        const last = items[i];
                    }
                    return ↓last;
                }
                """),
            .bad(.javascript, """
                export function start() {
                    ↓config.load();
                    const config = makeConfig();
                }
                function makeConfig() { return { load() {} }; }
                """),
            .bad(.typescript, """
                import { z } from 'zod';
                export const schema = z.object({});
                export function check(input: unknown): boolean {
                    return ↓validateInput(schema, input);
                }
                """),
            .good(.javascript, """
                import fs from 'fs';
                export function run(list, { verbose = false, ...rest } = {}) {
                    hoisted();
                    var late = 1;
                    outer: for (const [key, value] of Object.entries(rest)) {
                        for (const item of list) { if (item === key) continue outer; }
                        console.log(key, value, late, verbose);
                    }
                    try { fs.readFileSync('x'); } catch ({ message }) { console.error(message); }
                    class Local { static make() { return new Local(); } }
                    const named = function again(n) { return n ? again(n - 1) : Local.make(); };
                    return named(2) ?? globalThis.maybeThere ?? new Promise((resolve) => setTimeout(resolve, 1));
                    function hoisted() { return late; }
                }
                """),
            .good(.javascript, """
                export function each(items) {
                    for (var i = 0; i < items.length; i++) { var last = items[i]; }
                    try { JSON.parse(last); } catch (err) { console.error(err, i); } finally { console.log('done'); }
                    try { JSON.parse('x'); } catch { console.error('bad'); }
                    const Klass = class Named { make() { return new Named(); } };
                    function inner() { return late; }
                    let late = 1;
                    return [inner(), Klass, arguments.length, new.target, `${late} ${i}`];
                }
                export const pick = (a, [b, ...c], { d: e = 1 } = {}) => a + b + c.length + e;
                """),
            .good(.javascript, """
                /* global MyGlobal, other:writable */
                /* eslint-env jquery */
                if (typeof maybeDefined === 'undefined') { console.log('absent'); }
                export const value = MyGlobal + other + $('#id').length;
                """),
            // Node's CommonJS globals in a CommonJS file, browser globals in a script: the
            // environment is not known to exclude them.
            .good(.javascript, """
                const path = require('path');
                module.exports = { dir: path.join(__dirname, 'x'), env: process.env.HOME, buf: Buffer.from('a') };
                """),
            .good(.javascript, """
                document.getElementById('app').textContent = window.location.href;
                """),
            .good(.javascript, """
                describe('sum', () => {
                    it('adds', () => { expect(1 + 1).toBe(2); });
                });
                """, path: "sum.test.js"),
            .good(.typescript, """
                declare const BUILD_ID: string;
                declare function track(event: string): void;
                enum Color { Red, Green }
                namespace Util { export const x = 1; }
                type Pair<T> = [T, T];
                interface Shape { area(): number }
                export function paint(shape: Shape, pair: Pair<number>): Color {
                    track(BUILD_ID + Util.x + pair[0] + shape.area());
                    return Color.Red;
                }
                """),
            .good(.typescript, """
                export function assertType<T>(value: unknown): asserts value is T {}
                export function isText(input: unknown): input is string { return typeof input === 'string'; }
                """),
            // Found in released code: Object.prototype's methods are globals too, and a branch that
            // probes the host with `typeof` may use that host's globals.
            .good(.javascript, """
                export const names = [isPrototypeOf, hasOwnProperty];
                if (typeof console === 'undefined') { fs = { readFileSync: readFile }; }
                """),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard !context.role.contains(.declaration) else { return [] }
        let analysis = file.scopeAnalysis()
        var findings: [Finding] = []
        if file.language == .python {
            findings = pythonFindings(file, analysis, context)
        } else {
            findings = javaScriptFindings(file, analysis, context)
        }
        return findings
    }

    // MARK: Python

    private func pythonFindings(_ file: SourceFile, _ analysis: ScopeAnalysis, _ context: RuleContext) -> [Finding] {
        // Builtins first: most files read nothing else unbound, and then no other file is consulted.
        let unresolved = analysis.unresolved.filter { reference in
            let kind = analysis.scopes[reference.scope].kind
            let inFunction = enclosingKinds(analysis, reference.scope).contains(.function)
            switch PythonBuiltins.availability(of: reference.name, inClassBody: kind == .classBody, inFunction: inFunction) {
            case .always?, .versions?, .hostOnly?: return false
            default: return true
            }
        }
        guard !unresolved.isEmpty else { return [] }
        let resolver = ModuleResolver(project: context.project, path: file.path)
        var starNames: [String: ModuleSymbols.Site] = [:]
        var starModules: [String] = []
        for record in file.tree.imports where record.form == .pythonFromImport && record.isWildcard {
            // A star import that cannot be followed could bind any name: the file is unknown.
            guard let names = resolver.starImportNames(record.module, level: record.level) else { return [] }
            starNames.merge(names) { first, _ in first }
            starModules.append(String(repeating: ".", count: record.level) + record.module)
        }
        let injectedBuiltins = context.project?.globals(for: file.path).globals ?? []
        // Sphinx's conf.py and similar files are run with names injected by their host.
        let injected = file.path.hasSuffix("/conf.py") || file.path == "conf.py"
        let mentionsNameError = file.tokens.contains {
            ($0.kind == .identifier || $0.kind == .string) && file.token($0, contains: "NameError".utf8)
        }
        var findings: [Finding] = []
        for reference in unresolved {
            let name = reference.name
            if starNames[name] != nil || injectedBuiltins.contains(name) { continue }
            let scopeKind = analysis.scopes[reference.scope].kind
            let inFunction = enclosingKinds(analysis, reference.scope).contains(.function)
            var severity = Severity.high
            var note = ""
            switch PythonBuiltins.availability(of: name, inClassBody: scopeKind == .classBody, inFunction: inFunction) {
            case .always, .versions, .hostOnly:
                continue
            case .python2Only:
                if file.isInTry(reference.node, catching: Self.nameErrors, crossingFunctions: true) || file.isUnderVersionCheck(reference.node) { continue }
                severity = .medium
                note = " `\(name)` was a builtin in Python 2 only."
            case nil:
                if file.isInTry(reference.node, catching: Self.nameErrors, crossingFunctions: true) { continue }
            }
            // A test that mentions NameError may be provoking one on purpose.
            if injected || (context.role.contains(.test) && mentionsNameError) { severity = .medium }
            if reference.inAnnotation {
                // An annotation Python never evaluates fails type checking and `get_type_hints`, not the program.
                if !reference.evaluatedAtRuntime { severity = .medium }
                note += reference.evaluatedAtRuntime ? " The annotation is evaluated when the definition runs, so this raises NameError."
                    : " The annotation is not evaluated at run time, but type checkers and `typing.get_type_hints` fail on it."
            }
            if isSuppressedByPyflakesMarker(file, reference.offset) { continue }
            if let unbinding = analysis.unbinding(of: reference) {
                findings.append(unboundFinding(file, reference, unbinding, severity: severity))
                continue
            }
            var looked = scopeDescription(file, analysis, reference.scope)
            looked.append("imports")
            if !starModules.isEmpty { looked.append("names from " + starModules.map { "`from \($0) import *`" }.joined(separator: ", ")) }
            looked.append("Python builtins (3.8–3.13)")
            let candidates = analysis.visibleBindings(from: reference.scope).map { ($0.name, Optional(file.line(ofByte: $0.offset))) }
                + starNames.keys.map { ($0, Optional<Int>.none) } + PythonBuiltins.names.map { ($0, Optional<Int>.none) }
            var suggestion = suggestion(for: name, file: file, candidates: candidates, context: context)
            var fix = suggestion.fix(name: name)
            if let owner = classBinding(of: name, in: analysis, from: reference.scope) {
                // The classic slip: a class attribute read bare inside a method.
                let className = file.name(of: analysis.scopes[owner.scope].node) ?? "the class"
                note += " `\(name)` is an attribute of class `\(className)` (line \(file.line(ofByte: owner.binding.offset))); "
                    + "methods do not see the class body's names."
                fix = "Write `self.\(name)` (or `\(className).\(name)`)."
                suggestion = Suggestion(name: nil, site: nil, importNeeded: false)
            }
            let message = "`\(name)` is not defined: Drift looked in \(looked.joined(separator: ", ")) and found no binding.\(note)\(suggestion.text)"
            var finding = self.finding(in: file, from: reference.offset, to: reference.offset + name.utf8.count,
                                       message: message, fix: fix)
            finding.severity = severity
            findings.append(finding)
        }
        return findings
    }

    /// A read after `del name`, or of an `except … as name` alias outside its handler.
    private func unboundFinding(_ file: SourceFile, _ reference: ScopeAnalysis.Reference, _ unbinding: ScopeAnalysis.Unbinding,
                                severity: Severity) -> Finding {
        let name = reference.name
        let line = file.line(ofByte: unbinding.range.lowerBound)
        let message: String
        let fix: String
        if unbinding.kind == .exceptAlias {
            message = "`\(name)` is bound only inside the `except … as \(name)` handler on line \(line): Python deletes it when the "
                + "handler ends, and nothing else in this scope binds it, so this read raises NameError."
            fix = "Keep what you need in another name inside the handler (`error = \(name)`), or read `\(name)` inside the handler."
        } else {
            message = "`\(name)` is read after `del` on line \(line) unbound it, and nothing binds it again before this line, "
                + "so this raises NameError."
            fix = "Read `\(name)` before the `del` on line \(line), or bind it again first."
        }
        var finding = finding(in: file, from: reference.offset, to: reference.offset + name.utf8.count, message: message, fix: fix)
        finding.severity = severity
        return finding
    }

    /// A binding of `name` in a Python class body that the read's scope chain passes over.
    private func classBinding(of name: String, in analysis: ScopeAnalysis, from scope: Int)
        -> (scope: Int, binding: ScopeAnalysis.Binding)? {
        var index = analysis.scopes[scope].parent
        while index >= 0 {
            let s = analysis.scopes[index]
            if s.kind == .classBody, let binding = s.bindings[name] { return (index, binding) }
            index = s.parent
        }
        return nil
    }

    /// `# noqa`, `# noqa: F821` (pyflakes' undefined name) or `# type: ignore[name-defined]` on the line.
    private func isSuppressedByPyflakesMarker(_ file: SourceFile, _ offset: Int) -> Bool {
        file.comments(onLineOf: offset).contains { token in
            let comment = file.text(of: token).lowercased()
            if comment.contains("name-defined") { return true }
            guard let noqa = comment.range(of: "noqa") else { return false }
            let rest = comment[noqa.upperBound...]
            return !rest.hasPrefix(":") || rest.contains("f821")
        }
    }

    /// Handlers that catch a `NameError`.
    private static let nameErrors = ["NameError", "Exception", "BaseException"]

    // MARK: JavaScript and TypeScript

    private func javaScriptFindings(_ file: SourceFile, _ analysis: ScopeAnalysis, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        // Reads before a `let`/`const`/`class` declaration in the same function: always a ReferenceError.
        for reference in analysis.references {
            guard case .beforeDeclaration(_, let binding) = analysis.resolve(reference) else { continue }
            if file.isTypeofOperand(reference.node) { continue }
            let line = file.line(ofByte: binding.offset)
            findings.append(finding(
                in: file, from: reference.offset, to: reference.offset + reference.name.utf8.count,
                message: "`\(reference.name)` is used before its declaration on line \(line) runs: a `let`, `const` or `class` "
                    + "cannot be read before that line (temporal dead zone), so this throws a ReferenceError.",
                fix: "Move the declaration of `\(reference.name)` (line \(line)) above this use, or move the use below it."))
        }
        let unresolved = analysis.unresolved.filter { !JavaScriptEnvironment.isUniversal($0.name) }
        guard !unresolved.isEmpty else { return findings }

        let evidence = context.project?.globals(for: file.path)
        let comments = CommentDeclarations(file)
        var environments = Set((evidence?.environments ?? []).compactMap(JavaScriptEnvironment.init(eslintName:)))
        environments.formUnion(comments.environments)
        let usesCommonJS = !file.calls(to: "require").isEmpty || file.tree.exports.contains { $0.form == .commonJS || $0.form == .commonJSWhole }
        if usesCommonJS || file.path.hasSuffix(".cjs") { environments.insert(.node) }
        if context.role.contains(.test) { environments.formUnion(JavaScriptEnvironment.testRunners) }
        let isModule = usesCommonJS || !file.tree.imports.isEmpty || !file.tree.exports.isEmpty
        let typeofNames = file.typeofOperandNames()

        for reference in unresolved {
            let name = reference.name
            if JavaScriptEnvironment.isUniversal(name) || comments.globals.contains(name) || evidence?.globals.contains(name) == true
                || typeofNames.contains(name) || file.isInTryWithHandler(reference.node) { continue }
            var severity = Severity.high
            var note = ""
            let providers = JavaScriptEnvironment.environments(providing: name)
            if !providers.isEmpty {
                // A global of some environment: reported only when the project's environment is known
                // and excludes every environment that has it.
                // A classic script in a Node package is usually a browser asset; a probe with
                // `typeof` expects the global to be missing.
                guard let evidence, evidence.isComplete, isModule, !environments.isEmpty, environments.isDisjoint(with: providers),
                      !file.isInHostProbe(reference.node) else { continue }
                severity = .medium
                let where_ = providers.map(\.displayName).joined(separator: ", ")
                let targets = environments.sorted().map(\.displayName).joined(separator: ", ")
                note = " It is a global of \(where_), but this file targets \(targets) (from \(evidence.sources.joined(separator: ", ")))."
            } else if !isModule || evidence?.isComplete != true || looksLikeBuildConstant(name) || file.isInHostProbe(reference.node) {
                // A classic script can read globals other scripts define; without complete project
                // evidence a configured global or a bundler constant cannot be ruled out.
                severity = .medium
            }
            var looked = scopeDescription(file, analysis, reference.scope)
            looked.append("imports")
            looked.append("ECMAScript globals")
            let known = environments.isEmpty ? "Node.js, browser, worker and test-runner globals"
                : environments.sorted().map(\.displayName).joined(separator: ", ") + " globals"
            looked.append(known)
            if comments.hasDeclarations { looked.append("`/* global */` comments") }
            if let sources = evidence?.sources, !sources.isEmpty { looked.append(sources.joined(separator: ", ")) }
            let candidates = analysis.visibleBindings(from: reference.scope).map { ($0.name, Optional(file.line(ofByte: $0.offset))) }
            let suggestion = suggestion(for: name, file: file, candidates: candidates, context: context)
            let message = "`\(name)` is not defined: Drift looked in \(looked.joined(separator: ", ")) and found no binding.\(note)\(suggestion.text)"
            var finding = self.finding(in: file, from: reference.offset, to: reference.offset + name.utf8.count,
                                       message: message, fix: suggestion.fix(name: name))
            finding.severity = severity
            findings.append(finding)
        }
        return findings
    }

    /// `__DEV__`, `VERSION`: names bundlers substitute at build time.
    private func looksLikeBuildConstant(_ name: String) -> Bool {
        if name.hasPrefix("__") && name.hasSuffix("__") { return true }
        return name.count > 1 && name.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
    }

    // MARK: Messages

    private func enclosingKinds(_ analysis: ScopeAnalysis, _ scope: Int) -> [ScopeAnalysis.Kind] {
        var kinds: [ScopeAnalysis.Kind] = []
        var index = scope
        while index >= 0 {
            kinds.append(analysis.scopes[index].kind)
            index = analysis.scopes[index].parent
        }
        return kinds
    }

    /// "function `load`, class `Client`, module scope": the scopes a read was looked up in.
    private func scopeDescription(_ file: SourceFile, _ analysis: ScopeAnalysis, _ scope: Int) -> [String] {
        var parts: [String] = []
        var index = scope
        while index >= 0 {
            let s = analysis.scopes[index]
            let name = file.name(of: s.node).map { " `\($0)`" } ?? ""
            switch s.kind {
            case .module: parts.append("the module scope")
            case .function: parts.append(name.isEmpty ? "the enclosing function" : "function\(name)")
            // A class body is looked in only by code directly inside it (Python skips it for methods).
            case .classBody: if index == scope { parts.append("class\(name)") }
            case .typeScope: parts.append("class\(name)")
            case .comprehension, .block: break
            }
            index = s.parent
        }
        var seen = Set<String>()
        return parts.filter { seen.insert($0).inserted }
    }

    /// The nearest defined name, from this file's visible bindings first, then the project.
    private func suggestion(for name: String, file: SourceFile, candidates: [(String, Int?)], context: RuleContext) -> Suggestion {
        // Two letters apart is every other name when the name itself has three.
        guard name.count >= 4 else { return Suggestion(name: nil, site: nil, importNeeded: false) }
        var lines: [String: Int?] = [:]
        for (candidate, line) in candidates where candidate != name && lines[candidate] == nil { lines[candidate] = line }
        if let best = nearest(to: name, in: lines.keys) ?? NameSimilarity.synonym(of: name, in: lines.keys) {
            let site = lines[best].flatMap { $0 }.map { "\(file.path):\($0)" }
            return Suggestion(name: best, site: site, importNeeded: false)
        }
        if let project = context.project {
            let found = project.definitions(near: name, from: file.path)
            if let best = nearest(to: name, in: found.map(\.name)) ?? NameSimilarity.synonym(of: name, in: found.map(\.name)), let match = found.first(where: { $0.name == best }) {
                return Suggestion(name: best, site: match.site.description, importNeeded: true)
            }
        }
        return Suggestion(name: nil, site: nil, importNeeded: false)
    }

    /// A "did you mean" for a message and the fix.
    private struct Suggestion {
        var name: String?
        var site: String?
        var importNeeded: Bool

        var text: String {
            guard let name else { return "" }
            let at = site.map { ", defined at \($0)" } ?? ""
            return " Did you mean `\(name)`\(at)\(importNeeded ? " (not imported here)" : "")?"
        }

        func fix(name original: String) -> String? {
            guard let name else { return nil }
            if importNeeded, let site {
                return "Import `\(name)` from \(site), or define `\(original)`."
            }
            return "Replace `\(original)` with `\(name)`, or define `\(original)`."
        }
    }
}

/// What a JavaScript file's comments declare: `/* global a, b:writable */`, `/* eslint-env node */`,
/// `/* jshint browser: true */`, `// @jest-environment jsdom`.
private struct CommentDeclarations {
    var globals = Set<String>()
    var environments = Set<JavaScriptEnvironment>()
    var hasDeclarations = false

    init(_ file: SourceFile) {
        for token in file.comments {
            guard file.token(token, contains: "global".utf8) || file.token(token, contains: "env".utf8)
                    || file.token(token, contains: "jshint".utf8) || file.token(token, contains: "jslint".utf8) else { continue }
            let body = file.commentBody(token)
            let words = body.split { $0 == " " || $0 == "," || $0 == "\n" || $0 == "\t" || $0 == ":" }.map(String.init)
            guard let first = words.first else { continue }
            switch first {
            case "global", "globals":
                hasDeclarations = true
                for word in words.dropFirst() where !["true", "false", "readonly", "writable", "off"].contains(word) {
                    globals.insert(word)
                }
            case "eslint-env", "jshint", "jslint", "@jest-environment", "@vitest-environment":
                hasDeclarations = true
                for word in words.dropFirst() {
                    if let environment = JavaScriptEnvironment(eslintName: word) { environments.insert(environment) }
                    if word == "jsdom" || word == "happy-dom" { environments.insert(.browser) }
                    if word == "jquery" { globals.formUnion(["$", "jQuery"]) }
                }
            default:
                continue
            }
        }
    }
}
