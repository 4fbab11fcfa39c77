/// Settings from `.drift.toml`; every field has a default, so no file at all is a valid setup.
public struct Configuration: Sendable {
    /// How a rule is configured: turned off, or on at a severity of the user's choosing.
    public enum RuleSetting: Sendable, Equatable {
        case off
        case on(Severity?)
    }

    /// Findings at or above this severity fail `drift check` and block commits.
    public var blockAt: Severity = .high
    /// A stricter threshold for commits whose message names an AI assistant as co-author
    /// (`Co-authored-by:`); nil keeps `blockAt` for them too.
    public var blockAtAI: Severity?
    /// Files larger than this are skipped (and reported as skipped).
    public var maxFileBytes = 1 << 20
    /// When the daemon cannot be reached, block the commit instead of letting it through.
    public var failClosed = false
    /// Paths (relative to the configuration file's folder) that are never checked.
    public var exclude: [Glob] = []
    /// Per-rule settings by rule id.
    public var rules: [String: RuleSetting] = [:]
    /// The file this came from, or nil for the defaults.
    public var path: String?

    public init() {}

    /// The name Drift looks for, walking up from the checked path.
    public static let fileName = ".drift.toml"

    /// Reads a configuration file's text; `knownRuleIDs` decides which rule ids are errors.
    public static func parse(_ text: String, path: String, knownRuleIDs: Set<String>) throws(ConfigurationError) -> Configuration {
        let entries: [TOMLReader.Entry]
        do {
            entries = try TOMLReader.entries(in: text)
        } catch {
            throw ConfigurationError(path: path, line: error.line, message: error.message)
        }
        var configuration = Configuration()
        configuration.path = path
        func fail(_ entry: TOMLReader.Entry, _ message: String) -> ConfigurationError {
            ConfigurationError(path: path, line: entry.line, message: message)
        }
        for entry in entries {
            let key = entry.path.joined(separator: ".")
            switch entry.path {
            case ["block_at"]:
                guard case .string(let value) = entry.value, let severity = Severity(rawValue: value) else {
                    throw fail(entry, "block_at must be \"high\", \"medium\" or \"low\"")
                }
                configuration.blockAt = severity
            case ["block_at_ai"]:
                guard case .string(let value) = entry.value, let severity = Severity(rawValue: value) else {
                    throw fail(entry, "block_at_ai must be \"high\", \"medium\" or \"low\"")
                }
                configuration.blockAtAI = severity
            case ["max_file_bytes"]:
                guard case .integer(let value) = entry.value, value > 0 else {
                    throw fail(entry, "max_file_bytes must be a positive integer (bytes)")
                }
                configuration.maxFileBytes = value
            case ["fail_closed"]:
                guard case .boolean(let value) = entry.value else { throw fail(entry, "fail_closed must be true or false") }
                configuration.failClosed = value
            case ["exclude"]:
                guard case .array(let items) = entry.value else {
                    throw fail(entry, "exclude must be an array of path patterns, e.g. [\"vendor/**\"]")
                }
                for item in items {
                    guard case .string(let pattern) = item, !pattern.isEmpty else {
                        throw fail(entry, "exclude must hold non-empty strings")
                    }
                    configuration.exclude.append(Glob(pattern))
                }
            case let path where path.count == 2 && path[0] == "rules":
                let ruleID = path[1]
                guard knownRuleIDs.contains(ruleID) else {
                    let hint = nearest(to: ruleID, in: knownRuleIDs).map { " (did you mean '\($0)'?)" } ?? ""
                    throw fail(entry, "unknown rule id '\(ruleID)'\(hint); `drift rules` lists them")
                }
                switch entry.value {
                case .boolean(let enabled): configuration.rules[ruleID] = enabled ? .on(nil) : .off
                case .string("off"): configuration.rules[ruleID] = .off
                case .string("on"): configuration.rules[ruleID] = .on(nil)
                case .string(let value) where Severity(rawValue: value) != nil:
                    configuration.rules[ruleID] = .on(Severity(rawValue: value))
                default:
                    throw fail(entry, "rules.\(ruleID) must be \"off\", \"on\", \"low\", \"medium\", \"high\", true or false")
                }
            default:
                let known = ["block_at", "block_at_ai", "max_file_bytes", "fail_closed", "exclude", "rules.<rule-id>"]
                throw fail(entry, "unknown key '\(key)'; known keys are \(known.joined(separator: ", "))")
            }
        }
        return configuration
    }

    /// The effective severity of a rule, or nil when it is turned off.
    public func severity(of ruleID: String, default severity: Severity) -> Severity? {
        switch rules[ruleID] {
        case .off: nil
        case .on(let chosen): chosen ?? severity
        case nil: severity
        }
    }

    /// Whether `relativePath` (relative to the configuration file's folder) is excluded.
    public func excludes(_ relativePath: String) -> Bool {
        exclude.contains { $0.matches(relativePath) }
    }
}

/// A problem in a configuration file, pointing at its line.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "\(path):\(line): \(message)" }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
public func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
    let limit = max(2, word.count / 3)
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(word, candidate, limit: limit)
        if distance <= limit, best == nil || distance < best!.1 || (distance == best!.1 && candidate < best!.0) {
            best = (candidate, distance)
        }
    }
    return best?.0
}

/// Levenshtein distance, stopping early once it exceeds `limit`.
public func editDistance(_ a: String, _ b: String, limit: Int = .max) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        var rowMinimum = current[0]
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            rowMinimum = min(rowMinimum, current[j])
        }
        if rowMinimum > limit { return limit + 1 }
        swap(&previous, &current)
    }
    return previous[b.count]
}
