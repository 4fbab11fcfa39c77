// libFuzzer target for what a commit brings that Drift reads as text of its own: the commit
// message's trailers (`Drift-Override:`), `.drift.toml`, and the terminal escaping of names.
// Built with DriftSyntax and DriftCore's sources (Fuzz/core/build.sh), no SwiftPM build.
// Any crash or sanitizer report is a bug.

let ruleIDs = ["elided-code": "elided-code", "stub-body": "stub-body", "floating-promise": "floating-promise"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for trailer in Trailer.parse(text) where trailer.hasKey(OverrideTrailer.key) {
        _ = OverrideTrailer.parse(trailer.value, ruleIDs: ruleIDs)
    }
    _ = try? Configuration.parse(text, path: ".drift.toml", knownRuleIDs: Set(ruleIDs.keys))
    let quoted = TerminalText.path(text)
    if quoted.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
        fatalError("a control character survived quoting")
    }
    _ = TerminalText.line(text)
    return 0
}
