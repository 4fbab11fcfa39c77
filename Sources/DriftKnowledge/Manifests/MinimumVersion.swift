/// The lowest runtime version a version constraint admits (`>=3.9,<4` → 3.9; `^18.17 || >=20` → 18.17),
/// read from `requires-python` and `engines.node`.
public enum MinimumVersion {
    /// The lowest `major.minor` a PEP 440 (or Poetry `^`/`~`, or `||`-joined) specifier admits;
    /// `nil` when it sets no lower bound or cannot be read.
    public static func python(_ specifier: String) -> PythonVersion? {
        lowest(of: specifier, clauseSeparators: [","]).flatMap { parts in
            parts.count >= 2 ? PythonVersion(parts[0], parts[1]) : parts.first.map { PythonVersion($0, 0) }
        }
    }

    /// The lowest Node.js `(major, minor)` an npm semver range admits (`>=18`, `^18.17.0`, `18.x`,
    /// `>=16 <21`, `14 - 20`, `>=14 || >=16`); `nil` when it sets no lower bound.
    public static func node(_ range: String) -> (major: Int, minor: Int)? {
        // A hyphen range `14 - 20`: only its left side bounds from below.
        let alternatives = range.split(separator: "||", omittingEmptySubsequences: false).map { alternative in
            alternative.firstRange(of: " - ").map { String(alternative[..<$0.lowerBound]) } ?? String(alternative)
        }
        guard let parts = lowest(of: alternatives.joined(separator: "||"), clauseSeparators: [" ", ","]) else { return nil }
        return (parts[0], parts.count > 1 ? parts[1] : 0)
    }

    /// Alternatives joined by `||` take the lowest of their lower bounds; clauses within one take the highest.
    private static func lowest(of specifier: String, clauseSeparators: Set<Character>) -> [Int]? {
        var best: [Int]?
        for alternative in specifier.split(separator: "||", omittingEmptySubsequences: false) {
            guard let bound = lowerBound(of: String(alternative), clauseSeparators: clauseSeparators) else {
                // One alternative with no lower bound admits everything.
                if alternative.trimmingASCIIWhitespace().isEmpty { continue }
                return nil
            }
            if best == nil || bound.lexicographicallyPrecedes(best!) { best = bound }
        }
        return best
    }

    private static func lowerBound(of alternative: String, clauseSeparators: Set<Character>) -> [Int]? {
        var best: [Int]?
        var clauses = alternative.split(whereSeparator: { clauseSeparators.contains($0) }).map { String($0) }
        // `>= 18` written with a space: glue a lone operator to the version that follows.
        var index = 0
        while index < clauses.count - 1 {
            if clauses[index].allSatisfy({ "<>=~^!".contains($0) }) {
                clauses[index] += clauses[index + 1]
                clauses.remove(at: index + 1)
            } else {
                index += 1
            }
        }
        for clause in clauses {
            let text = clause.trimmingASCIIWhitespace()
            let op = String(text.prefix { "<>=~^!".contains($0) })
            guard !op.hasPrefix("<"), op != "!=" else { continue }
            var version = text.dropFirst(op.count).trimmingASCIIWhitespace()
            if version.first == "v" { version = version.dropFirst() }
            let numbers = version.split(separator: ".").prefix(2).map { part in Int(part.prefix { $0.isNumber }) }
            guard let major = numbers.first ?? nil else { continue }
            let parts = [major] + (numbers.count > 1 ? [numbers[1] ?? 0] : [])
            if best == nil || best!.lexicographicallyPrecedes(parts) { best = parts }
        }
        return best
    }
}

