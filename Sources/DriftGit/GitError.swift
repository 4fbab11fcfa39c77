/// A git failure phrased for the user in one line: what went wrong and, where known, what to do.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
