import DriftCore
import DriftRules
import DriftSyntax

/// libFuzzer entry point: parses the input as every language and runs every rule over it that
/// runs on that language (the engine's dispatch: a rule sees only the languages it declares).
/// Any crash, sanitizer report or timeout is a bug: parsers must accept any byte sequence.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let context = RuleContext(role: [], knownRuleIDs: RuleCatalog.knownIDs)
    for path in ["f.py", "f.js", "f.ts", "f.tsx", "f.swift", "f.go"] {
        guard let language = Language(path: path) else { continue }
        let file = SourceFile(path: path, language: language, bytes: bytes)
        for rule in RuleCatalog.all where rule.description.languages.contains(language) {
            _ = rule.init().findings(in: file, context: context)
        }
        // Exercise the queries on every node kind they accept.
        let tree = file.tree
        for index in 0..<min(tree.count, 2000) {
            switch tree[index].kind {
            case .call:
                _ = file.valueUse(of: index)
                _ = file.calleeChain(of: index)
            case .member, .name:
                if let name = file.name(of: index) { _ = file.declaration(of: name, at: index) }
                _ = file.isInCompatibilityBranch(index, flags: [])
                _ = file.isInHostProbe(index)
            case .function:
                _ = file.exportedAsyncFunctions()
                _ = file.hasTransformingDecorator(index)
            default:
                break
            }
        }
        // Every token is parsed once; a blow-up in node count means the parser went back.
        precondition(tree.count <= 8 * (file.tokens.count + size) + 16, "\(tree.count) nodes for \(file.tokens.count) tokens")
        if tree.count < 5000 { _ = file.dump() }
    }
    return 0
}
