import DriftSyntax

/// An inline `drift-ignore: RULE-ID — reason` (or `drift-ignore-file:`) comment.
public struct Suppression: Sendable, Hashable, Codable {
    public enum Scope: Sendable, Hashable, Codable {
        /// The lines the comment covers: its own line and, when it stands alone, the next one.
        case lines(ClosedRange<Int>)
        case file
    }

    /// Rule ids as written; `all` silences every rule.
    public var ruleIDs: [String]
    public var reason: String?
    public var scope: Scope
    /// Byte range of the comment.
    public var start: Int
    public var end: Int

    public static let lineDirective = "drift-ignore:"
    public static let fileDirective = "drift-ignore-file:"

    /// A suppression applies only when it gives a reason; one without is reported instead.
    public func silences(_ finding: Finding) -> Bool {
        guard reason != nil, ruleIDs.contains(finding.ruleID) || ruleIDs.contains("all") else { return false }
        switch scope {
        case .file: return true
        case .lines(let lines): return lines.contains(finding.line)
        }
    }

    /// Every suppression written in `file`'s comments.
    public static func all(in file: SourceFile) -> [Suppression] {
        var result: [Suppression] = []
        for token in file.comments where file.bytes(token.start, token.end, contain: "drift-ignore") {
            let body = file.commentBody(token)
            guard body.contains("drift-ignore") else { continue }
            for directiveLine in body.split(separator: "\n") {
                let text = String(directiveLine).trimmingWhitespace()
                let isFile: Bool
                let rest: Substring
                if let range = text.firstRange(of: fileDirective) {
                    isFile = true
                    rest = text[range.upperBound...]
                } else if let range = text.firstRange(of: lineDirective) {
                    isFile = false
                    rest = text[range.upperBound...]
                } else {
                    continue
                }
                let (ids, reason) = splitReason(rest)
                let startLine = file.line(ofByte: token.start)
                let endLine = file.line(ofByte: max(token.start, token.end - 1))
                let scope: Scope = isFile ? .file : .lines(startLine...(token.startsLine ? endLine + 1 : endLine))
                result.append(Suppression(ruleIDs: ids, reason: reason, scope: scope, start: token.start, end: token.end))
            }
        }
        return result
    }

    /// Splits `ids — reason` at the first dash-like separator.
    static func splitReason(_ text: Substring) -> ([String], String?) {
        let separators = [" — ", "—", " – ", "–", " -- ", " - "]
        var idsPart = text
        var reason: String?
        for separator in separators {
            if let range = text.firstRange(of: separator) {
                idsPart = text[..<range.lowerBound]
                let candidate = String(text[range.upperBound...]).trimmingWhitespace()
                reason = candidate.isEmpty ? nil : candidate
                break
            }
        }
        let ids = idsPart.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
        return (ids, reason)
    }
}
