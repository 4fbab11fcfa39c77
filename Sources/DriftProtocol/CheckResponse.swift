/// What the commit should do, decided by the daemon.
public enum Verdict: UInt8, Sendable, CaseIterable {
    /// Nothing to report.
    case pass = 0
    /// Findings shown; the commit goes ahead.
    case warn = 1
    /// Findings at or above the threshold and no valid override: the commit stops.
    case block = 2

    public var name: String {
        switch self {
        case .pass: "pass"
        case .warn: "warn"
        case .block: "block"
        }
    }
}

/// The daemon's answer to a check: the report to print and how the hook should exit.
public struct CheckResponse: Sendable, Equatable {
    /// The rendered report, ready to print (coloured and wrapped as requested).
    public var text: String
    public var verdict: Verdict
    public var exitCode: UInt8

    public init(text: String, verdict: Verdict, exitCode: UInt8) {
        self.text = text
        self.verdict = verdict
        self.exitCode = exitCode
    }

    func write(to writer: inout ByteWriter) {
        writer.write(text)
        writer.write(verdict.rawValue)
        writer.write(exitCode)
    }

    static func read(from reader: inout ByteReader) throws(ProtocolError) -> CheckResponse {
        let text = try reader.readString(field: "report")
        let value = try reader.readUInt8()
        guard let verdict = Verdict(rawValue: value) else { throw .invalidValue(field: "verdict", value: Int(value)) }
        return CheckResponse(text: text, verdict: verdict, exitCode: try reader.readUInt8())
    }
}
