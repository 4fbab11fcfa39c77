/// One `Key: value` line of a commit message's trailer block, read the way `git interpret-trailers --parse` reads it.
public struct Trailer: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Whether this trailer's key is `key`, ignoring case as git does.
    public func hasKey(_ key: String) -> Bool { self.key.lowercased() == key.lowercased() }

    /// The trailers of `message`: the last paragraph, if git would treat it as a trailer block.
    ///
    /// Follows git 2.39's trailer.c: everything from a scissors line or a `---` patch divider on
    /// is ignored, comment lines (`#`) are skipped, the title paragraph never holds trailers,
    /// lines starting with whitespace continue the previous trailer, and the block counts only
    /// when every line is a trailer — or at least a quarter are and one is git-generated
    /// (`Signed-off-by:`, `(cherry picked from commit …`).
    public static func parse(_ message: String, commentCharacter: Character = "#") -> [Trailer] {
        var lines: [Substring] = []
        // "\r\n" is one Character in Swift, so CRLF messages need it named as a separator.
        for line in message.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.hasPrefix("\(commentCharacter) ------------------------ >8 ------------------------") { break }
            if line.hasPrefix("---"), line.count == 3 || line.dropFirst(3).first!.isWhitespace { break }
            lines.append(line)
        }
        func isComment(_ line: Substring) -> Bool { line.first == commentCharacter }
        func isBlank(_ line: Substring) -> Bool { line.allSatisfy(\.isWhitespace) }

        // The title: the first paragraph (after leading comments) is never a trailer block.
        var titleEnd = 0
        while titleEnd < lines.count, isComment(lines[titleEnd]) || !isBlank(lines[titleEnd]) { titleEnd += 1 }

        // Walk back from the end over trailing blanks and comments, then over the last paragraph.
        var end = lines.count
        while end > titleEnd, isBlank(lines[end - 1]) || isComment(lines[end - 1]) { end -= 1 }
        var start = end
        var trailerLines = 0, otherLines = 0, continuationLines = 0
        var recognized = false
        while start > titleEnd {
            let line = lines[start - 1]
            if isComment(line) { start -= 1; continue }
            if isBlank(line) { break }
            if line.first!.isWhitespace {
                continuationLines += 1
            } else if let (key, _) = split(line) {
                trailerLines += 1
                continuationLines = 0
                if key.lowercased() == "signed-off-by" { recognized = true }
            } else {
                if line.hasPrefix("(cherry picked from commit ") { recognized = true }
                otherLines += 1 + continuationLines
                continuationLines = 0
            }
            start -= 1
        }
        otherLines += continuationLines
        guard trailerLines > 0, otherLines == 0 || (recognized && trailerLines * 3 >= otherLines) else { return [] }

        var trailers: [Trailer] = []
        var lastWasTrailer = false
        for line in lines[start..<end] where !isComment(line) {
            if line.first?.isWhitespace == true {
                if lastWasTrailer, !trailers.isEmpty {
                    trailers[trailers.count - 1].value += " " + trimmed(line)
                }
            } else if let (key, value) = split(line) {
                trailers.append(Trailer(key: key, value: value))
                lastWasTrailer = true
            } else {
                lastWasTrailer = false
            }
        }
        return trailers
    }

    /// `Token: value`, where the token is letters, digits and dashes, maybe followed by spaces.
    private static func split(_ line: Substring) -> (String, String)? {
        var index = line.startIndex
        var sawSpace = false
        while index < line.endIndex {
            let character = line[index]
            if character == ":" {
                guard index > line.startIndex else { return nil }
                let key = trimmed(line[..<index])
                return (key, trimmed(line[line.index(after: index)...]))
            }
            if !sawSpace, character.isASCII, character.isLetter || character.isNumber || character == "-" {
                index = line.index(after: index)
                continue
            }
            if index != line.startIndex, character == " " || character == "\t" {
                sawSpace = true
                index = line.index(after: index)
                continue
            }
            return nil
        }
        return nil
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
