import DriftSyntax

/// A valid `Drift-Override:` trailer: the rules a commit may carry past the block, and why.
public struct OverrideTrailer: Sendable, Equatable {
    /// What the override lets through.
    public enum Scope: Sendable, Equatable {
        case all
        /// Canonical rule ids.
        case rules([String])
    }

    public static let key = "Drift-Override"

    public var scope: Scope
    public var reason: String

    public init(scope: Scope, reason: String) {
        self.scope = scope
        self.reason = reason
    }

    /// Whether findings of `ruleID` (canonical) are let through.
    public func covers(_ ruleID: String) -> Bool {
        switch scope {
        case .all: true
        case .rules(let ids): ids.contains(ruleID)
        }
    }

    /// Reads a trailer value `RULE-ID[, RULE-ID…] — reason` or `all — reason`. The reason may follow
    /// an em dash, an en dash, or ` -- ` / ` - ` (spaced, since rule ids themselves contain dashes).
    /// `ruleIDs` maps every rule id and alias to its canonical id.
    public static func parse(_ value: String, ruleIDs: [String: String]) -> Result<OverrideTrailer, OverrideTrailerError> {
        let text = value.trimmingWhitespace()
        func reject(_ problem: String) -> Result<OverrideTrailer, OverrideTrailerError> {
            .failure(OverrideTrailerError(value: text, problem: problem))
        }
        guard let (idsPart, reasonPart) = splitAtSeparator(text) else {
            let ids = text.isEmpty ? "RULE-ID" : text
            return reject("it has no reason; write `\(key): \(ids) — <why this is safe>`")
        }
        let reason = reasonPart.trimmingWhitespace()
        if reason.isEmpty || !reason.contains(where: { $0.isLetter || $0.isNumber }) {
            return reject("it has no reason after the dash; say why the finding is safe to commit")
        }
        if reason.hasPrefix("<"), reason.hasSuffix(">") {
            return reject("replace \(reason) with your actual reason")
        }
        let names = idsPart.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !names.isEmpty else {
            return reject("it names no rule; write `\(key): RULE-ID — reason` or `\(key): all — reason`")
        }
        if names.contains(where: { $0.lowercased() == "all" }) {
            guard names.count == 1 else { return reject("`all` cannot be combined with rule ids") }
            return .success(OverrideTrailer(scope: .all, reason: reason))
        }
        var canonical: [String] = []
        for name in names {
            guard let id = ruleIDs[name] ?? ruleIDs[name.lowercased()] else {
                let hint = nearest(to: name.lowercased(), in: ruleIDs.keys).map { " (did you mean '\($0)'?)" } ?? ""
                return reject("unknown rule id '\(name)'\(hint); `drift rules` lists them")
            }
            if !canonical.contains(id) { canonical.append(id) }
        }
        return .success(OverrideTrailer(scope: .rules(canonical), reason: reason))
    }

    /// Splits at the earliest reason separator.
    private static func splitAtSeparator(_ text: String) -> (String, String)? {
        let separators = ["—", "–", " -- ", " - ", "\t-- ", "\t- "]
        var best: Range<String.Index>?
        for separator in separators {
            if let range = text.firstRange(of: separator), best == nil || range.lowerBound < best!.lowerBound {
                best = range
            }
        }
        // A value ending in " -" or " --" has a separator but nothing after it.
        if best == nil, let last = text.split(separator: " ").last, last == "-" || last == "--" {
            return (String(text.dropLast(last.count)), "")
        }
        guard let best else { return nil }
        return (String(text[..<best.lowerBound]), String(text[best.upperBound...]))
    }
}

/// Why a `Drift-Override:` trailer was not honoured, phrased for the person committing.
public struct OverrideTrailerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The trailer's value as written.
    public var value: String
    public var problem: String

    public var description: String { "`\(OverrideTrailer.key): \(value)` is not valid: \(problem)" }
}
