/// A CPython `major.minor` version, such as 3.11.
public struct PythonVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `3`, `3.11`, `3.11.4` (extra components are ignored).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, let major = Int(first) else { return nil }
        var minor = 0
        if parts.count > 1 {
            let digits = parts[1].prefix { $0.isASCII && $0.isNumber }
            guard let value = Int(digits) else { return nil }
            minor = value
        }
        self.init(major, minor)
    }

    public static func < (lhs: PythonVersion, rhs: PythonVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }

    /// The oldest and newest versions the bundled data surveyed.
    public static let oldestSurveyed = PythonVersion(3, 8)
    public static let newestSurveyed = PythonVersion(3, 13)
}
