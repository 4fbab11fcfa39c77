import DriftCore
import DriftSyntax

/// Flags a `.then(…)` chain with no rejection handler whose result nobody keeps.
struct UnhandledThenChainRule: Rule {
    static let description = RuleDescription(
        id: "unhandled-then-chain",
        name: "Unhandled then chain",
        category: .dangerousAsync,
        severity: .medium,
        summary: "A `.then(…)` chain has no `.catch` (or rejection callback) and is not returned, awaited or stored.",
        why: """
            When the promise rejects, or a `.then` callback throws, nothing handles it: Node reports an \
            unhandled rejection (and exits by default since Node 15), browsers log it and carry on with \
            the UI half-updated. Medium because the receiver's type is not known: a few libraries have \
            `.then` methods on objects that are not promises.
            """,
        fix: "End the chain with a handler: `load().then(render).catch((error) => showError(error));`, or `return`/`await` it so the caller handles it.",
        examples: [
            .bad(.javascript, """
                function refresh() {
                  ↓fetch("/api/items")
                    .then((res) => res.json())
                    .then((items) => render(items));
                }
                """),
            .bad(.typescript, """
                ↓loadConfig().finally(() => spinner.stop());
                """),
            .good(.javascript, """
                function refresh() {
                  fetch("/api/items").then((res) => res.json()).then(render).catch(showError);
                  fetch("/api/ping").then(onOk, onError);
                  void fetch("/api/beacon").then(log);
                  return fetch("/api/items").then((res) => res.json());
                }
                """),
            .good(.typescript, """
                async function main() {
                  await load().then(render);
                  const items = fetch(url).then((r) => r.json());
                  await items;
                  queue.push(load().then(render));
                }
                """),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) {
            guard let callee = tree.child(of: call, role: .callee), tree[callee].kind == .member,
                  let method = file.name(of: callee), method == "then" || method == "finally" || method == "catch" else { continue }
            // Only the outermost link of a chain is judged, and only when nobody keeps it.
            guard file.valueUse(of: call) == .dropped else { continue }
            // Walk down the chain: a `.catch` or a two-argument `.then` anywhere handles rejections.
            var current = call
            var handled = false
            var sawThen = false
            var head = call
            while let c = tree.child(of: current, role: .callee), tree[c].kind == .member, let name = file.name(of: c),
                  ["then", "catch", "finally"].contains(name), tree[c].firstChild >= 0 {
                if name == "catch" || (name == "then" && file.arguments(of: current).count >= 2) { handled = true }
                if name == "then" || name == "finally" { sawThen = true }
                head = Int(tree[c].firstChild)
                guard tree[head].kind == .call else { break }
                current = head
            }
            guard sawThen, !handled else { continue }
            result.append(finding(
                in: file, from: tree[head].startByte, to: tree[call].endByte,
                message: "This `.\(method)(…)` chain has no `.catch`, and nobody awaits or returns it; a rejection here is unhandled."))
        }
        return result
    }
}
