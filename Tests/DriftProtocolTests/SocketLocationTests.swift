import DriftProtocol
import Glibc
import Testing

@Suite struct SocketLocationTests {
    static func temporaryFolder() -> String {
        var template = Array("/tmp/drift-test-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    /// Removes a test folder holding at most one more folder (no Foundation in this target).
    static func remove(_ base: String) {
        rmdir(base + "/drift")
        rmdir(base)
    }

    @Test func runtimeDirectoryIsPreferredAndTmpIsTheFallback() {
        #expect(SocketLocation.current { $0 == "XDG_RUNTIME_DIR" ? "/run/user/5/" : nil }.socketPath == "/run/user/5/drift/driftd.sock")
        #expect(SocketLocation.current { _ in nil }.directory == "/tmp/drift-\(getuid())")
        #expect(SocketLocation.current { $0 == "XDG_RUNTIME_DIR" ? "relative" : nil }.directory == "/tmp/drift-\(getuid())")
    }

    @Test func prepareCreatesAPrivateFolder() {
        let base = Self.temporaryFolder()
        defer { Self.remove(base) }
        let location = SocketLocation(directory: base + "/drift")
        #expect(location.prepare() == nil)
        var info = stat()
        #expect(lstat(location.directory, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
    }

    @Test func anOpenFolderIsRefused() {
        let base = Self.temporaryFolder()
        defer { Self.remove(base) }
        chmod(base, 0o755)
        #expect(SocketLocation(directory: base).problem()?.contains("chmod 700") == true)
    }

    @Test func aSymlinkIsRefused() {
        let base = Self.temporaryFolder()
        symlink(base, base + "-link")
        defer {
            unlink(base + "-link")
            Self.remove(base)
        }
        #expect(SocketLocation(directory: base + "-link").problem()?.contains("symbolic link") == true)
    }

    @Test(.enabled(if: getuid() == 0))
    func aFolderOwnedBySomeoneElseIsRefused() {
        let base = Self.temporaryFolder()
        defer { Self.remove(base) }
        chown(base, 65534, 65534)
        #expect(SocketLocation(directory: base).problem()?.contains("is owned by uid 65534") == true)
    }
}
