/// The versions a hook client and a daemon compare in the handshake.
public enum DriftBuild {
    /// Bumped whenever the wire format changes; client and daemon must agree on it exactly.
    public static let protocolVersion: UInt16 = 1
    /// The release of this build, the one version every product prints (`drift --version`,
    /// `driftd --version`, `drift-hook --version`) and the hook sends in the handshake; a daemon
    /// older than its client steps aside for a new one.
    public static let version = "0.1.0"

    /// Whether dotted version `lhs` is older than `rhs` (`0.9.1` < `0.10.0`); a non-numeric
    /// suffix (`-dev`) makes a version older than the same numbers without it.
    public static func isVersion(_ lhs: String, olderThan rhs: String) -> Bool {
        func parts(_ version: String) -> (numbers: [Int], suffix: Bool) {
            let core = version.split(separator: "-", maxSplits: 1)
            let numbers = (core.first ?? "").split(separator: ".").map { Int($0) ?? 0 }
            return (numbers, core.count > 1)
        }
        let a = parts(lhs), b = parts(rhs)
        for index in 0..<max(a.numbers.count, b.numbers.count) {
            let x = index < a.numbers.count ? a.numbers[index] : 0
            let y = index < b.numbers.count ? b.numbers[index] : 0
            if x != y { return x < y }
        }
        return a.suffix && !b.suffix
    }
}
