import DriftSyntax
import Foundation

extension JavaScriptGlobals {
    /// Whether `name` is an ECMAScript built-in namespace or constructor with surveyed members
    /// (`Math`, `JSON`, `Promise`, `Array`), not a host global (`process`, `window`) nor
    /// `globalThis`, whose members vary by host.
    public static func isLanguageNamespace(_ name: String) -> Bool {
        guard name != "globalThis", let found = namespace(named: name) else { return false }
        return found.availability.edition != nil
    }
}

extension SourceFile {
    /// Members this JavaScript file adds to the built-ins, as dotted names (`Array.prototype.flatten`,
    /// `Math.clamp`): assignments, `Object.defineProperty(X, 'name', …)`, `Object.defineProperties`
    /// and `Object.assign(X.prototype, { … })`. Polyfills and monkey patches are how a member the
    /// language lacks comes to exist.
    public func addedBuiltinMembers() -> Set<String> {
        guard language == .javascript || language == .typescript else { return [] }
        var added = Set<String>()
        for index in 0..<tree.count {
            let node = tree[index]
            if node.kind == .member, node.role == .target, let chain = memberChain(of: index),
               let owner = Self.builtinOwner(chain.dropLast()), let name = chain.last {
                added.insert(owner + "." + name)
            }
            guard node.kind == .call, let callee = calleeChain(of: index),
                  ["defineProperty", "defineProperties", "assign"].contains(callee.last ?? ""),
                  callee.first == "Object" || callee.first == "Reflect" else { continue }
            let arguments = arguments(of: index)
            guard let target = arguments.first, let chain = memberChain(of: target), let owner = Self.builtinOwner(chain[...]) else { continue }
            for argument in arguments.dropFirst() {
                let a = tree[argument]
                if a.kind == .literal, a.flags.contains(.string) {
                    added.insert(owner + "." + text(of: argument).trimmingCharacters(in: ["'", "\"", "`"]))
                } else if a.kind == .group, a.flags.contains(.braced) {
                    for property in tree.children(of: argument) {
                        if let name = name(of: property) { added.insert(owner + "." + name) }
                    }
                }
            }
        }
        return added
    }

    /// `Array` or `Array.prototype` for a chain that names a built-in or its prototype.
    private static func builtinOwner(_ chain: ArraySlice<String>) -> String? {
        guard let first = chain.first, JavaScriptGlobals.isLanguageNamespace(first) else { return nil }
        if chain.count == 1 { return first }
        if chain.count == 2, chain.last == "prototype" { return first + ".prototype" }
        return nil
    }
}
