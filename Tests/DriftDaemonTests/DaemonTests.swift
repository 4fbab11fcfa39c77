import DriftCore
import DriftDaemon
import DriftProtocol
import DriftSyntax
import Foundation
import Logging
import Testing

/// Analysis stand-in: one high finding per request, after an optional delay.
struct FakeEvaluator: CommitEvaluating {
    var delay: TimeInterval = 0

    func evaluate(cwd: String, gitDir: String, indexPath: String, allLines: Bool) throws -> Evaluation {
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        // A read that never returns (a FIFO, a hung file system), as far as any test waits.
        if cwd == "/hang" { Thread.sleep(forTimeInterval: 30) }
        if cwd == "/fail" { throw DaemonError("not a git repository: /fail") }
        let at = SourceLocation(line: 2, column: 5)
        let finding = Finding(
            ruleID: "elided-code", severity: .high, category: .placeholderCode, path: "app.py",
            range: SourceRange(start: at, end: at), message: "elided code", why: "why", fix: "fix")
        return Evaluation(
            report: Report(findings: [finding], filesChecked: 1, blockAt: .high), configuration: Configuration(),
            sourceLine: { _, _ in "    # ... rest of implementation" })
    }

    var cacheCounts: (hits: UInt64, misses: UInt64) { (3, 1) }
}

/// A daemon running in this process on a private socket folder, stopped at the end of the test.
final class RunningDaemon: @unchecked Sendable {
    let daemon: Daemon
    let location: SocketLocation
    let base: String
    private let finished = DispatchSemaphore(value: 0)
    private(set) var served: Bool?

    init(
        evaluator: FakeEvaluator = FakeEvaluator(), idleTimeout: TimeInterval = 60, version: String = DriftBuild.version,
        requestReadTimeout: TimeInterval = 30, checkDeadline: TimeInterval = 20
    ) throws {
        var template = Array("/tmp/driftd-test-XXXXXX".utf8CString)
        base = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        location = SocketLocation(directory: base + "/drift")
        var options = DaemonOptions(location: location, logPath: base + "/driftd.log")
        options.idleTimeout = idleTimeout
        options.requestReadTimeout = requestReadTimeout
        options.checkDeadline = checkDeadline
        options.handlesSignals = false
        options.handshake.buildVersion = version
        let logger = Logger(label: "test") { label in ProcessInfo.processInfo.environment["DRIFT_TEST_LOG"] == nil ? SwiftLogNoOpLogHandler() as LogHandler : StreamLogHandler.standardError(label: label) as LogHandler }
        daemon = Daemon(options: options, checker: CommitChecker(evaluator: evaluator), logger: logger)
        let daemon = self.daemon
        Thread.detachNewThread { [self] in
            self.served = try? daemon.run()
            self.finished.signal()
        }
        let deadline = Date().addingTimeInterval(5)
        while !DaemonConnection.isListening(at: location.socketPath), Date() < deadline { usleep(5_000) }
    }

    /// Waits for `run` to return; false if it is still serving after `timeout`.
    func waitUntilStopped(timeout: TimeInterval = 5) -> Bool {
        if stopped { return true }
        stopped = finished.wait(timeout: .now() + timeout) == .success
        return stopped
    }

    private var stopped = false

    func stop() {
        daemon.shutDown()
        _ = waitUntilStopped()
        try? FileManager.default.removeItem(atPath: base)
    }
}

@Suite struct DaemonTests {
    static func request(hook: HookKind = .commitMsg, cwd: String = "/repo", message: String? = "Subject\n") -> ClientMessage {
        .check(CheckRequest(hook: hook, cwd: cwd, gitDir: cwd + "/.git", indexPath: cwd + "/.git/index", message: message, messagePath: ".git/COMMIT_EDITMSG"))
    }

    @Test func aCommitWithAHighFindingIsBlocked() throws {
        let running = try RunningDaemon()
        defer { running.stop() }
        let (welcome, answer) = try DaemonConnection.exchange(Self.request(), at: running.location, timeoutMilliseconds: 5000)
        #expect(welcome.decision == .accepted)
        guard case .result(let response) = answer else { Issue.record("no result: \(String(describing: answer))"); return }
        #expect(response.verdict == .block)
        #expect(response.exitCode == 1)
        #expect(response.text.contains("app.py:2:5"))
        #expect(response.text.contains("Drift-Override: elided-code — <why this is safe>"))
    }

    @Test func commitMsgRightAfterPreCommitShowsTheVerdictWithoutRepeatingFindings() throws {
        let running = try RunningDaemon()
        defer { running.stop() }
        let (_, first) = try DaemonConnection.exchange(Self.request(hook: .preCommit, message: nil), at: running.location, timeoutMilliseconds: 5000)
        guard case .result(let shown) = first else { Issue.record("no result"); return }
        #expect(shown.verdict == .warn)
        #expect(shown.exitCode == 0)
        #expect(shown.text.contains("app.py:2:5"))
        let (_, second) = try DaemonConnection.exchange(Self.request(), at: running.location, timeoutMilliseconds: 5000)
        guard case .result(let verdict) = second else { Issue.record("no result"); return }
        #expect(verdict.verdict == .block)
        #expect(!verdict.text.contains("app.py:2:5"))
        #expect(!verdict.text.contains("drift: ✖"), "the summary is pre-commit's, printed once")
        #expect(verdict.text.hasPrefix("drift: commit blocked"), "\(verdict.text)")
        #expect(verdict.text.contains("Drift-Override: elided-code — <why this is safe>"))
        // What pre-commit showed serves one commit-msg: the next commit-msg alone prints it all.
        let (_, third) = try DaemonConnection.exchange(Self.request(), at: running.location, timeoutMilliseconds: 5000)
        guard case .result(let alone) = third else { Issue.record("no result"); return }
        #expect(alone.text.contains("app.py:2:5") && alone.text.contains("Why: why") && alone.text.contains("drift: ✖"))
    }

    @Test func analysisErrorsComeBackAsOneLine() throws {
        let running = try RunningDaemon()
        defer { running.stop() }
        let (_, answer) = try DaemonConnection.exchange(Self.request(cwd: "/fail"), at: running.location, timeoutMilliseconds: 5000)
        #expect(answer == .failure("not a git repository: /fail"))
    }

    @Test func clientsAreServedInParallel() throws {
        let running = try RunningDaemon(evaluator: FakeEvaluator(delay: 0.4))
        defer { running.stop() }
        let start = Date()
        let results = NSLock()
        nonisolated(unsafe) var verdicts: [Verdict] = []
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let answer = try? DaemonConnection.exchange(Self.request(cwd: "/repo\(index)"), at: running.location, timeoutMilliseconds: 5000).1
            if case .result(let response)? = answer {
                results.lock()
                verdicts.append(response.verdict)
                results.unlock()
            }
        }
        #expect(verdicts == [.block, .block, .block, .block])
        // Serially this would take 1.6 s; the pool has at least two threads.
        #expect(Date().timeIntervalSince(start) < 1.4)
    }

    @Test func statusReportsRepositoriesAndCounters() throws {
        let running = try RunningDaemon()
        defer { running.stop() }
        _ = try DaemonConnection.exchange(Self.request(cwd: "/a"), at: running.location, timeoutMilliseconds: 5000)
        _ = try DaemonConnection.exchange(Self.request(cwd: "/b"), at: running.location, timeoutMilliseconds: 5000)
        let (_, answer) = try DaemonConnection.exchange(.status, at: running.location, timeoutMilliseconds: 5000)
        guard case .status(let status) = answer else { Issue.record("no status"); return }
        #expect(status.pid == UInt32(getpid()))
        #expect(status.repositories == ["/b/.git", "/a/.git"])
        #expect(status.requests == 2)
        #expect(status.cacheHits == 3)
        #expect(status.residentBytes > 0)
    }

    @Test func stopEndsTheDaemonAndRemovesTheSocket() throws {
        let running = try RunningDaemon()
        let (_, answer) = try DaemonConnection.exchange(.stop, at: running.location, timeoutMilliseconds: 5000)
        #expect(answer == .stopping)
        #expect(running.waitUntilStopped())
        #expect(!FileManager.default.fileExists(atPath: running.location.socketPath))
        running.stop()
    }

    @Test func anOlderDaemonStepsAsideForANewerClient() throws {
        let running = try RunningDaemon(version: "0.0.1")
        let (welcome, answer) = try DaemonConnection.exchange(Self.request(), at: running.location, timeoutMilliseconds: 5000)
        #expect(welcome.decision == .replacing)
        #expect(welcome.daemon.buildVersion == "0.0.1")
        #expect(answer == nil)
        #expect(running.waitUntilStopped())
        running.stop()
    }

    @Test func anIdleDaemonExits() throws {
        let running = try RunningDaemon(idleTimeout: 0.3)
        #expect(running.waitUntilStopped(timeout: 5))
        #expect(running.served == true)
        running.stop()
    }

    @Test func aSecondDaemonFindsTheLiveOneAndReturns() throws {
        let running = try RunningDaemon()
        defer { running.stop() }
        var options = DaemonOptions(location: running.location, logPath: "/dev/null")
        options.handlesSignals = false
        let second = Daemon(options: options, checker: CommitChecker(evaluator: FakeEvaluator()), logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        let start = Date()
        #expect(try second.run() == false)
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func aStaleSocketFileIsReplaced() throws {
        var template = Array("/tmp/driftd-test-XXXXXX".utf8CString)
        let base = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        let location = SocketLocation(directory: base + "/drift")
        #expect(location.prepare() == nil)
        #expect(FileManager.default.createFile(atPath: location.socketPath, contents: Data()))
        var options = DaemonOptions(location: location, logPath: "/dev/null")
        options.handlesSignals = false
        let daemon = Daemon(options: options, checker: CommitChecker(evaluator: FakeEvaluator()), logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        Thread.detachNewThread { _ = try? daemon.run() }
        let deadline = Date().addingTimeInterval(5)
        while !DaemonConnection.isListening(at: location.socketPath), Date() < deadline { usleep(5_000) }
        let (_, answer) = try DaemonConnection.exchange(.status, at: location, timeoutMilliseconds: 5000)
        daemon.shutDown()
        defer { try? FileManager.default.removeItem(atPath: base) }
        guard case .status = answer else { Issue.record("no status"); return }
    }

    @Test func anOversizedRequestIsRefusedFromItsHeader() throws {
        let running = try RunningDaemon()
        defer { running.stop() }
        let answer = try RawClient.send([0x7F, 0, 0, 0], to: running.location.socketPath)
        guard let payload = answer, case .failure(let text) = try ServerMessage.decode(payload) else {
            Issue.record("no failure answer"); return
        }
        #expect(text.contains("exceeds the limit"))
    }

    @Test func aSilentClientIsDisconnected() throws {
        let running = try RunningDaemon(requestReadTimeout: 0.2)
        defer { running.stop() }
        let start = Date()
        // Connects, sends nothing, waits: the daemon hangs up instead of waiting forever.
        #expect(try RawClient.send([], to: running.location.socketPath) == nil)
        #expect(Date().timeIntervalSince(start) < 3)
    }

    @Test func aSlowAnalysisIsNotCutOffByTheSilenceLimit() throws {
        let running = try RunningDaemon(evaluator: FakeEvaluator(delay: 0.6), requestReadTimeout: 0.2)
        defer { running.stop() }
        let (_, answer) = try DaemonConnection.exchange(Self.request(), at: running.location, timeoutMilliseconds: 5000)
        guard case .result = answer else { Issue.record("no result: \(String(describing: answer))"); return }
    }

    @Test func aClientDribblingBytesIsCutOffAtTheRequestDeadline() throws {
        let running = try RunningDaemon(requestReadTimeout: 0.5)
        defer { running.stop() }
        let socket = try #require(RawClient.connected(to: running.location.socketPath))
        defer { close(socket) }
        let start = Date()
        // A frame header announcing 256 bytes, then one byte every 100 ms: each arrives well
        // within any gap limit, but the request as a whole never does.
        var bytes: [UInt8] = [0, 0, 1, 0] + Array(repeating: 0x41, count: 60)
        var closed = false
        while !bytes.isEmpty, Date().timeIntervalSince(start) < 4 {
            let byte = bytes.removeFirst()
            if Foundation.send(socket, [byte], 1, Int32(MSG_NOSIGNAL)) < 0 { closed = true; break }
            var probe = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            if poll(&probe, 1, 100) > 0 {
                var buffer = [UInt8](repeating: 0, count: 64)
                if recv(socket, &buffer, 64, 0) <= 0 { closed = true; break }
            }
        }
        #expect(closed)
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func aStuckCheckDoesNotHoldUpOtherRepositories() throws {
        let running = try RunningDaemon(checkDeadline: 0.5)
        defer { running.stop() }
        let group = DispatchGroup()
        let lock = NSLock()
        nonisolated(unsafe) var stuckAnswers: [ServerMessage?] = []
        // More stuck checks than the daemon has slots.
        for _ in 0..<max(3, ProcessInfo.processInfo.activeProcessorCount + 1) {
            DispatchQueue.global().async(group: group) {
                let answer = try? DaemonConnection.exchange(Self.request(cwd: "/hang"), at: running.location, timeoutMilliseconds: 5000).1
                lock.lock()
                stuckAnswers.append(answer)
                lock.unlock()
            }
        }
        usleep(100_000)
        let start = Date()
        let (_, answer) = try DaemonConnection.exchange(Self.request(cwd: "/other"), at: running.location, timeoutMilliseconds: 5000)
        guard case .result(let response) = answer else { Issue.record("no result: \(String(describing: answer))"); return }
        #expect(response.verdict == .block)
        #expect(Date().timeIntervalSince(start) < 2)
        group.wait()
        for stuck in stuckAnswers {
            #expect(stuck == .failure("the check did not finish within 500 ms"))
        }
        let (_, status) = try DaemonConnection.exchange(.status, at: running.location, timeoutMilliseconds: 5000)
        guard case .status(let shown) = status else { Issue.record("no status"); return }
        #expect(shown.warnings.contains { $0.contains("past their deadline still running") })
    }

    @Test func aDaemonWhoseSocketIsReplacedExitsAndLeavesTheNewFile() throws {
        let running = try RunningDaemon()
        defer { running.stop() }
        unlink(running.location.socketPath)
        #expect(FileManager.default.createFile(atPath: running.location.socketPath, contents: Data("someone else's".utf8)))
        #expect(running.waitUntilStopped(timeout: 4))
        #expect(FileManager.default.contents(atPath: running.location.socketPath) == Data("someone else's".utf8))
    }

    @Test func garbageIsRefused() throws {
        let running = try RunningDaemon()
        defer { running.stop() }
        let answer = try RawClient.send(Array("GET / HTTP/1.1\r\n\r\n".utf8), to: running.location.socketPath)
        // "GET " read as a length is over the limit: refused without reading on.
        guard let payload = answer, case .failure = try ServerMessage.decode(payload) else { Issue.record("no failure"); return }
    }

    @Test func aRequestBeforeTheHandshakeIsRefused() throws {
        let running = try RunningDaemon()
        defer { running.stop() }
        let answer = try RawClient.send(ClientMessage.status.framed(), to: running.location.socketPath)
        guard let payload = answer, case .failure(let text) = try ServerMessage.decode(payload) else { Issue.record("no failure"); return }
        #expect(text.contains("handshake"))
    }
}

/// Sends raw bytes and reads one framed answer, for malformed-input tests.
enum RawClient {
    /// A connected socket, or nil.
    static func connected(to path: String) -> Int32? {
        let socket = Foundation.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let utf8 = Array(path.utf8)
            raw.copyBytes(from: utf8)
            raw[utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            return nil
        }
        return socket
    }

    static func send(_ bytes: [UInt8], to path: String) throws -> [UInt8]? {
        let socket = Foundation.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let utf8 = Array(path.utf8)
            raw.copyBytes(from: utf8)
            raw[utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return nil }
        _ = bytes.withUnsafeBytes { Foundation.send(socket, $0.baseAddress, $0.count, 0) }
        var reader = FrameReader(limit: Frame.responseLimit)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let payload = try reader.next() { return payload }
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return nil }
            reader.append(chunk[0..<count])
        }
    }
}
