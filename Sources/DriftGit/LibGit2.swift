import CLibGit2

/// Process-wide libgit2 set-up and small conversions shared by the libgit2 code paths.
enum LibGit2 {
    // A `static let` initialiser runs exactly once per process, even when many threads race to it:
    // libgit2 wants `git_libgit2_init` once, and never undone while handles are alive.
    private static let initialized: Bool = git_libgit2_init() > 0

    static func initialize() {
        _ = initialized
    }

    /// The message of the last libgit2 error on this thread (errors are thread-local).
    static func lastErrorMessage() -> String {
        guard let error = git_error_last(), let message = error.pointee.message else { return "unknown libgit2 error" }
        return String(cString: message)
    }

    /// Hex spelling of an object id.
    static func hex(_ oid: git_oid) -> String {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_fmt(&buffer, &copy)
        return String(decoding: buffer.prefix(Int(GIT_OID_HEXSZ)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func isZero(_ oid: git_oid) -> Bool {
        var copy = oid
        return git_oid_is_zero(&copy) == 1
    }

    static func oid(_ hex: String) -> git_oid? {
        guard hex.utf8.count == Int(GIT_OID_HEXSZ) else { return nil }
        var oid = git_oid()
        return git_oid_fromstr(&oid, hex) == 0 ? oid : nil
    }
}
