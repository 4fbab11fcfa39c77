import Testing
@testable import DriftSyntax
import Foundation

@Test func zscratch() throws {
    let path = ProcessInfo.processInfo.environment["SCRATCH"] ?? "/tmp/scratch/a.py"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lang: Language = path.hasSuffix(".py") ? .python : path.hasSuffix(".ts") ? .typescript : .javascript
    let file = SourceFile(path: path, language: lang, text: text)
    if ProcessInfo.processInfo.environment["DUMP"] != nil { print(file.dump()) }
    let a = file.scopeAnalysis()
    for r in a.unresolved { print("UNRESOLVED", r.name, file.location(ofByte: r.offset)) }
    for f in file.tree.nodes(ofKind: .function) where file.tree[f].role != .statement && file.tree[f].hasName && !file.tree[f].flags.contains(.method) {
        var chain: [String] = []
        var p = file.tree.parent(of: f)
        while let q = p, chain.count < 6 { chain.append("\(file.tree[q].kind)@\(file.location(of: q).line)"); p = file.tree.parent(of: q) }
        print("NAMEDEXPR", file.name(of: f)!, file.tree[f].role, chain)
    }
}

@Test func ztokens() throws {
    let path = ProcessInfo.processInfo.environment["SCRATCH"] ?? "/tmp/scratch/a.py"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let file = SourceFile(path: path, language: .javascript, text: text)
    let line = Int(ProcessInfo.processInfo.environment["LINE"] ?? "1")!
    for t in file.tokens where abs(file.line(ofByte: t.start) - line) <= 2 { print("TOK", t.kind, file.line(ofByte: t.start), String(file.text(of: t).prefix(80)).debugDescription, t.length) }
}

@Test func zperf() throws {
    let root = ProcessInfo.processInfo.environment["PERFDIR"] ?? "/usr/lib/python3/dist-packages"
    var files: [SourceFile] = []
    var bytes = 0
    let e = FileManager.default.enumerator(atPath: root)!
    let clock = ContinuousClock()
    var parse = Duration.zero
    while let p = e.nextObject() as? String {
        guard p.hasSuffix(".py") else { continue }
        guard let d = FileManager.default.contents(atPath: root + "/" + p), d.count < 1 << 20 else { continue }
        bytes += d.count
        let start = clock.now
        files.append(SourceFile(path: p, language: .python, bytes: [UInt8](d)))
        parse += clock.now - start
        if files.count > 3000 { break }
    }
    var unresolved = 0
    let t = clock.measure { for f in files { unresolved += f.scopeAnalysis().unresolved.count } }
    print("PERF files \(files.count) bytes \(bytes) parse \(parse) scopes \(t) unresolved \(unresolved)")
}
