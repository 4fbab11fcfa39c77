/// Something in a manifest that could not be read, so what it declares may be incomplete.
public struct ManifestProblem: Sendable, Hashable, CustomStringConvertible {
    /// The manifest's path as given to the parser.
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
