/// A mechanical correction: byte-range edits to one file and whether applying them is always safe.
public struct Fix: Sendable, Hashable, Codable {
    /// Whether the edit keeps behaviour the same (`safe`) or needs a human to look (`unsafe`).
    public enum Applicability: String, Sendable, Hashable, Codable {
        case safe
        case unsafe
    }

    /// Replace the bytes `start..<end` with `replacement`.
    public struct Edit: Sendable, Hashable, Codable {
        public var start: Int
        public var end: Int
        public var replacement: String

        public init(start: Int, end: Int, replacement: String) {
            self.start = start
            self.end = end
            self.replacement = replacement
        }
    }

    public var applicability: Applicability
    public var edits: [Edit]

    public init(applicability: Applicability, edits: [Edit]) {
        self.applicability = applicability
        self.edits = edits
    }
}
