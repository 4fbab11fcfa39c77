/// A finding's identity across unrelated edits, for dashboards that must not re-open a finding
/// because a line moved: a hash of the rule id, the flagged line's text with whitespace
/// normalized, and which occurrence of that pair in the file it is — never the line number.
public enum FindingFingerprint {
    /// The key SARIF's `partialFingerprints` holds it under (bumped if the recipe changes).
    public static let sarifKey = "driftLineHash/v1"

    /// One fingerprint per finding of `findings`, in the same order. `sourceLine(path, line)`
    /// gives the text of the flagged line; without it the rule's message stands in.
    public static func fingerprints(of findings: [Finding], sourceLine: (String, Int) -> String?) -> [String] {
        // Occurrences count in file order, whatever order the findings come in.
        let order = findings.indices.sorted { a, b in
            let x = findings[a], y = findings[b]
            if x.path != y.path { return x.path < y.path }
            if x.range.start != y.range.start { return x.range.start < y.range.start }
            return x.ruleID < y.ruleID
        }
        var seen: [String: Int] = [:]
        var result = [String](repeating: "", count: findings.count)
        for index in order {
            let finding = findings[index]
            let text = sourceLine(finding.path, finding.line).map(normalized) ?? finding.message
            let key = finding.path + "\u{0}" + finding.ruleID + "\u{0}" + text
            let occurrence = seen[key, default: 0]
            seen[key] = occurrence + 1
            result[index] = hash(finding.ruleID + "\u{0}" + text + "\u{0}" + String(occurrence))
        }
        return result
    }

    /// The line without leading or trailing whitespace, inner runs of whitespace as one space.
    public static func normalized(_ line: String) -> String {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    /// 128 bits as 32 hex digits: two FNV-1a 64 passes with different offsets (stable across
    /// runs and platforms, unlike `Hasher`).
    static func hash(_ text: String) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second << 7) | (second >> 57)
        }
        return hex(first) + hex(second)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
