/// A reason the daemon cannot start or serve, phrased as one line for the user.
public struct DaemonError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
