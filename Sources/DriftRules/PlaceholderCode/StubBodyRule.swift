import DriftCore
import DriftSyntax

/// Flags functions whose whole body is a placeholder: `raise NotImplementedError`,
/// `throw new Error("not implemented")`, or nothing but a TODO.
struct StubBodyRule: Rule {
    static let description = RuleDescription(
        id: "stub-body",
        name: "Stub body",
        category: .placeholderCode,
        severity: .high,
        summary: "A function's whole body is a placeholder (`raise NotImplementedError`, `throw new Error(\"not implemented\")`, a TODO).",
        why: """
            Assistants sketch a function's signature and leave the body for later. The code imports, \
            type-checks and passes review at a glance, and the first real call fails at runtime, or \
            silently does nothing when the body is only a TODO comment.
            """,
        fix: """
            Implement the function, or, if it is meant to be overridden, say so: decorate it with \
            `@abstractmethod` (Python) or declare it `abstract` (TypeScript).
            """,
        examples: [
            .bad(.python, """
                def load_config(path):
                    ↓raise NotImplementedError
                """),
            .bad(.python, """
                async def fetch_user(user_id: int) -> User:
                    \"\"\"Fetch a user from the API.\"\"\"
                    ↓raise NotImplementedError("TODO")
                """),
            .bad(.python, """
                class Exporter:
                    def export(self, rows):
                        # TODO: write the CSV
                        ↓pass
                """),
            .bad(.javascript, """
                function parseInvoice(text) {
                  ↓throw new Error("Not implemented");
                }
                """),
            .bad(.javascript, """
                const handlers = {
                  onSave() {
                    ↓// TODO
                  },
                };
                """),
            .bad(.typescript, """
                export class PaymentService {
                  async refund(id: string): Promise<void> {
                    ↓throw new Error("TODO: implement refund");
                  }
                }
                """),
            .bad(.typescript, """
                export const sync = async (): Promise<void> => {
                  ↓// TODO: call the sync endpoint
                };
                """),
            .good(.python, """
                from abc import ABC, abstractmethod
                class Store(ABC):
                    @abstractmethod
                    def get(self, key): ...
                    @abstractmethod
                    def put(self, key, value):
                        raise NotImplementedError
                """),
            .good(.python, """
                from typing import Protocol, overload
                class Reader(Protocol):
                    def read(self, n: int) -> bytes: ...
                @overload
                def parse(x: int) -> int: ...
                @overload
                def parse(x: str) -> str: ...
                def parse(x):
                    return x
                """),
            .good(.python, """
                class BaseHandler:
                    def handle(self, request):
                        raise NotImplementedError
                class JSONHandler(BaseHandler):
                    def handle(self, request):
                        return request.json()
                """),
            .good(.python, """
                class RequestValidator:
                    def authenticate_client(self, request):
                        raise NotImplementedError("Subclasses must implement this method.")
                def makefile():
                    raise NotImplementedError("Cannot make file objects on this platform")
                """),
            .good(.python, """
                def load_config(path): ...
                def close(self):
                    pass
                """, path: "stubs/config.pyi"),
            .good(.python, """
                def test_later():
                    raise NotImplementedError
                """, path: "tests/test_export.py"),
            .good(.python, """
                def on_event(event):
                    pass  # events are ignored on purpose
                """),
            .good(.javascript, """
                const noop = () => {};
                promise.catch(() => {});
                function later() { throw new Error("Timed out"); }
                """),
            .good(.javascript, """
                class Shape {
                  area() { throw new Error("not implemented"); }
                }
                class Square extends Shape {
                  area() { return this.side ** 2; }
                }
                """),
            .good(.typescript, """
                export abstract class Repo<T> {
                  abstract find(id: string): Promise<T>;
                }
                export interface Cache { get(key: string): string | undefined; }
                export function pick(a: string): string;
                export function pick(a: number): number;
                export function pick(a: any) { return a; }
                declare function external(): void;
                """),
            .good(.typescript, """
                export function refund(id: string): Promise<void>;
                """, path: "types/payments.d.ts"),
            .good(.typescript, """
                it("throws", () => { throw new Error("not implemented"); });
                """, path: "src/payments.test.ts"),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard context.role.isDisjoint(with: [.test, .declaration, .example]) else { return [] }
        let tree = file.tree
        var result: [Finding] = []
        var overridable: Set<String>?
        for function in tree.nodes(ofKind: .function) {
            let node = tree[function]
            guard !node.flags.contains(.noBody), !node.flags.contains(.abstract), !node.flags.contains(.declaration),
                  let body = tree.child(of: function, role: .body), tree[body].kind == .block,
                  let (anchor, what) = placeholder(in: body, of: file) else { continue }
            if isDeclaredAbstract(function, in: file) { continue }
            // A comment that is not a TODO explains a deliberate body ("more helpful than …").
            if tree.children(of: body).contains(where: { tree[$0].kind == .comment && !isTODO(file.text(of: $0)) }),
               !hasTODO(anchor, body: body, in: file) { continue }
            // A function taking `self` outside a class is a method attached later (a shim).
            if owningClass(of: function, in: file) == nil, file.language == .python,
               let first = tree.child(of: function, role: .parameter), file.name(of: first) == "self",
               !hasTODO(anchor, body: body, in: file) { continue }
            if let owner = owningClass(of: function, in: file) {
                if overridable == nil { overridable = overridableClasses(in: file) }
                if let name = file.name(of: owner), overridable!.contains(name) || looksAbstract(name) { continue }
                // In a class, `raise NotImplementedError` is also how a base class declares what
                // subclasses must provide; only a TODO proves the method itself is unfinished.
                guard hasTODO(anchor, body: body, in: file) else { continue }
            }
            let name = file.name(of: function).map { "`\($0)`" } ?? "This function"
            result.append(finding(
                in: file, from: tree[anchor].startByte, to: tree[anchor].endByte,
                message: "\(name) has only a placeholder body (\(what)); calling it \(tree[anchor].kind == .throwStatement ? "fails at runtime" : "silently does nothing")."))
        }
        return result
    }

    /// The placeholder statement (or TODO comment) that makes up a whole body, and how to name it.
    private func placeholder(in body: Int, of file: SourceFile) -> (Int, String)? {
        let tree = file.tree
        var statements: [Int] = []
        var comments: [Int] = []
        var child = Int(tree[body].firstChild)
        while child >= 0 {
            if tree[child].kind == .comment {
                comments.append(child)
            } else {
                statements.append(child)
                // A docstring and one statement at most: anything longer is not a stub.
                if statements.count > 2 { return nil }
            }
            child = Int(tree[child].nextSibling)
        }
        let todo = comments.first { isTODO(file.text(of: $0)) }
        // A docstring does not count as code.
        if file.language == .python, let first = statements.first, tree[first].kind == .expressionStatement,
           let value = tree.children(of: first).first, tree[value].kind == .literal, tree[value].flags.contains(.string) {
            statements.removeFirst()
        }
        if statements.isEmpty {
            guard let todo else { return nil }
            // A comment the elided-code rule reports already ("// TODO: implement") is not reported twice.
            let text = file.text(of: todo)
            if text.split(separator: "\n").contains(where: { ElisionPhrase.classify($0.drop { "/#* \t".contains($0) }) != .none }) { return nil }
            return (todo, "a TODO comment")
        }
        guard statements.count == 1, let statement = statements.first else { return nil }
        let s = tree[statement]
        if s.kind == .throwStatement, let value = tree.child(of: statement, role: .value), isNotImplemented(value, in: file) {
            return (statement, "`\(file.text(of: statement).prefix(60))`")
        }
        if file.language == .python, todo != nil {
            let isPass = s.kind == .otherStatement && s.flags.contains(.pass)
            let isEllipsis = s.kind == .expressionStatement && tree.children(of: statement).first.map { tree[$0].flags.contains(.ellipsis) } == true
            if isPass || isEllipsis { return (statement, "`\(file.text(of: statement))` under a TODO") }
        }
        return nil
    }

    /// A TODO in the body or in the placeholder's own message.
    private func hasTODO(_ anchor: Int, body: Int, in file: SourceFile) -> Bool {
        if file.tree[anchor].kind == .comment { return true }
        if file.tree.children(of: body).contains(where: { file.tree[$0].kind == .comment && isTODO(file.text(of: $0)) }) { return true }
        let text = file.text(of: anchor).lowercased()
        return text.contains("todo") || text.contains("fixme")
    }

    /// `NotImplementedError`, `NotImplementedError("…")`, `new Error("not implemented")`, `Error("TODO")`.
    private func isNotImplemented(_ value: Int, in file: SourceFile) -> Bool {
        let tree = file.tree
        var callee = value
        var message: String?
        if tree[value].kind == .call {
            guard let c = tree.child(of: value, role: .callee) else { return false }
            callee = c
            if let argument = file.arguments(of: value).first, tree[argument].kind == .literal {
                message = file.text(of: argument).lowercased()
            }
        }
        guard let chain = file.memberChain(of: callee), let type = chain.last else { return false }
        let arguments = tree[value].kind == .call ? file.arguments(of: value) : []
        if type == "NotImplementedError" || type == "NotImplemented" {
            // With a message of its own ("not supported on Windows") it is a deliberate refusal.
            if arguments.isEmpty { return true }
            guard let message else { return false }
            return ["todo", "fixme", "not implemented", "not yet implemented", "implement me", "implement this", "stub"]
                .contains { message.contains($0) } || message == "\"\"" || message == "''"
        }
        guard type.hasSuffix("Error") || type == "Exception", let message else { return false }
        return ["not implemented", "not yet implemented", "unimplemented", "todo", "implement me", "implement this",
                "fixme", "stub"].contains { message.contains($0) }
    }

    private func isTODO(_ comment: String) -> Bool {
        let lower = comment.lowercased()
        return ["todo", "fixme", "not implemented", "not yet implemented", "unimplemented", "implement me",
                "implement this", "to be implemented", "needs implementation", "placeholder", "stub"].contains { lower.contains($0) }
    }

    /// `@abstractmethod`, `@overload` and the like.
    private func isDeclaredAbstract(_ function: Int, in file: SourceFile) -> Bool {
        for child in file.tree.children(of: function) where file.tree[child].kind == .decorator {
            let text = file.text(of: child)
            if text.contains("abstract") || text.contains("overload") { return true }
        }
        return false
    }

    private func owningClass(of function: Int, in file: SourceFile) -> Int? {
        guard let block = file.tree.parent(of: function), file.tree[block].kind == .block,
              let owner = file.tree.parent(of: block), file.tree[owner].kind == .classDeclaration else { return nil }
        return owner
    }

    /// Classes meant to be overridden: subclassed in this file, or with an abstract base or a
    /// `Protocol`/`ABC` base themselves.
    private func overridableClasses(in file: SourceFile) -> Set<String> {
        var result: Set<String> = []
        for cls in file.tree.nodes(ofKind: .classDeclaration) {
            for base in file.tree.children(of: cls) where file.tree[base].role == .base {
                guard let last = file.memberChain(of: base)?.last ?? file.trailingChain(of: base).parts.last else { continue }
                result.insert(last)
                if ["ABC", "Protocol", "ABCMeta", "Interface"].contains(last), let name = file.name(of: cls) { result.insert(name) }
                if file.text(of: base).contains("ABCMeta"), let name = file.name(of: cls) { result.insert(name) }
            }
        }
        return result
    }

    private func looksAbstract(_ className: String) -> Bool {
        className.hasPrefix("Base") || className.hasPrefix("Abstract") || className.hasSuffix("Base")
            || className.hasSuffix("Interface") || className.hasSuffix("Protocol") || className.hasSuffix("Mixin")
            || className.hasSuffix("ABC")
    }
}
