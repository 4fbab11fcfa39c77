import DriftCore
import Foundation
import Testing

/// `Trailer.parse` must read a message exactly as `git interpret-trailers --parse` does.
@Suite struct TrailerAgreesWithGitTests {
    static let messages = [
        "Subject\n\nDrift-Override: all — why\n",
        "Subject\n\nBody.\n\nDrift-Override: elided-code — a\n  b\nCo-authored-by: Claude <noreply@anthropic.com>\n",
        "Drift-Override: all -- alone\n",
        "Subject\nstill subject\nDrift-Override: all - x\n",
        "Subject\n\nDrift-Override: all - x\nplain words\n",
        "Subject\n\nSigned-off-by: A <a@b>\nplain words\nmore words\nDrift-Override: all - x\n",
        "Subject\n\nSigned-off-by: A <a@b>\none\ntwo\nthree\nfour\nDrift-Override: all - x\n",
        "Subject\n\n(cherry picked from commit abc)\nDrift-Override: all - x\n",
        "Subject\n\ndrift-override : a - b\n# comment\nX: y\n",
        "Subject\n\nX: y\n---\nZ: w\n",
        "Subject\n\nX: y\n\n# Please enter the commit message.\n# ------------------------ >8 ------------------------\ndiff\n",
        "Subject\n\nsee http://example.com: here\n",
        "Subject\n\nKey:value-without-space\nOther-Key:   spaced   \n",
        "\n\nSubject after blanks\n\nX: y\n",
        "Subject\n\nX: y\r\nZ: w\r\n",
        "Subject\n\n   \nX: y\n\n\n",
        "Subject\n\nBad Key: y\n",
        "Subject\n\nX: first\n continued\n\tagain\nY: second\n",
    ]

    static let gitAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/git")

    @Test(.enabled(if: gitAvailable), arguments: messages)
    func sameTrailersAsGit(message: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["interpret-trailers", "--parse"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(message.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Git keeps a CRLF message's carriage returns in values; Drift drops them on purpose.
        let expected = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
        let ours = Trailer.parse(message).map { "\($0.key): \($0.value)\n" }.joined()
        #expect(ours == expected)
    }
}
