/// Which git hook is asking.
public enum HookKind: UInt8, Sendable, CaseIterable {
    /// Before the message exists: findings are shown, never block.
    case preCommit = 0
    /// With the message: blocks unless an override trailer covers the findings.
    case commitMsg = 1

    /// The hook's name as git spells it.
    public var name: String {
        switch self {
        case .preCommit: "pre-commit"
        case .commitMsg: "commit-msg"
        }
    }

    public init?(name: String) {
        guard let kind = HookKind.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}

/// Whether blocking findings stop the commit (`block`) or are only shown (`warn`).
public enum HookMode: UInt8, Sendable, CaseIterable {
    case block = 0
    case warn = 1

    public var name: String { self == .block ? "block" : "warn" }

    public init?(name: String) {
        guard let mode = HookMode.allCases.first(where: { $0.name == name }) else { return nil }
        self = mode
    }
}

/// A hook's request to check the staged change.
public struct CheckRequest: Sendable, Equatable {
    public var hook: HookKind
    public var mode: HookMode
    /// The hook's working directory: the top of the work tree.
    public var cwd: String
    /// Absolute `GIT_DIR` (worktrees and submodules have their own).
    public var gitDir: String
    /// Absolute path of the index git is committing (`GIT_INDEX_FILE` resolved against `cwd`).
    public var indexPath: String
    /// The commit message (commit-msg only).
    public var message: String?
    /// The message file as git named it, for the "reuse your message" hint.
    public var messagePath: String?
    /// Terminal width in columns.
    public var width: UInt16
    /// Whether the report may use ANSI colour.
    public var color: Bool
    /// Show findings on unchanged lines too.
    public var allLines: Bool
    /// `git commit --amend`: the commit replaces HEAD, so it is judged against HEAD's parent.
    public var amend: Bool

    public init(
        hook: HookKind, mode: HookMode = .block, cwd: String, gitDir: String, indexPath: String,
        message: String? = nil, messagePath: String? = nil, width: UInt16 = 100, color: Bool = false, allLines: Bool = false,
        amend: Bool = false
    ) {
        self.hook = hook
        self.mode = mode
        self.cwd = cwd
        self.gitDir = gitDir
        self.indexPath = indexPath
        self.message = message
        self.messagePath = messagePath
        self.width = width
        self.color = color
        self.allLines = allLines
        self.amend = amend
    }

    func write(to writer: inout ByteWriter) {
        writer.write(hook.rawValue)
        writer.write(mode.rawValue)
        writer.write(cwd)
        writer.write(gitDir)
        writer.write(indexPath)
        writer.write(message != nil)
        writer.write(message ?? "")
        writer.write(messagePath != nil)
        writer.write(messagePath ?? "")
        writer.write(width)
        writer.write(color)
        writer.write(allLines)
        writer.write(amend)
    }

    static func read(from reader: inout ByteReader) throws(ProtocolError) -> CheckRequest {
        let hookValue = try reader.readUInt8()
        guard let hook = HookKind(rawValue: hookValue) else { throw .invalidValue(field: "hook", value: Int(hookValue)) }
        let modeValue = try reader.readUInt8()
        guard let mode = HookMode(rawValue: modeValue) else { throw .invalidValue(field: "mode", value: Int(modeValue)) }
        let cwd = try reader.readString(field: "cwd")
        let gitDir = try reader.readString(field: "git dir")
        let indexPath = try reader.readString(field: "index path")
        let hasMessage = try reader.readBool()
        let message = try reader.readString(field: "message")
        let hasMessagePath = try reader.readBool()
        let messagePath = try reader.readString(field: "message path")
        let width = try reader.readUInt16()
        let color = try reader.readBool()
        let allLines = try reader.readBool()
        // Fields added later come last and may be absent from an older client's request.
        let amend = reader.remaining > 0 ? try reader.readBool() : false
        return CheckRequest(
            hook: hook, mode: mode, cwd: cwd, gitDir: gitDir, indexPath: indexPath,
            message: hasMessage ? message : nil, messagePath: hasMessagePath ? messagePath : nil,
            width: width, color: color, allLines: allLines, amend: amend)
    }
}
