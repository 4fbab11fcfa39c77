/// A path pattern as `.gitignore` writes them: `*` within a name, `**` across folders, `?` one
/// character; a pattern without `/` matches a name at any depth, a trailing `/` matches a folder.
public struct Glob: Sendable, Hashable {
    public let pattern: String
    private let anchored: Bool
    private let directoryOnly: Bool
    private let body: [UInt8]

    public init(_ pattern: String) {
        self.pattern = pattern
        var text = pattern
        directoryOnly = text.hasSuffix("/")
        if directoryOnly { text.removeLast() }
        if text.hasPrefix("/") { text.removeFirst(); anchored = true } else { anchored = text.contains("/") }
        body = Array(text.utf8)
    }

    /// Whether `path` (relative, `/`-separated) or any folder above it matches.
    public func matches(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.isEmpty else { return false }
        // Try the path itself and every folder that contains it, so `build/` excludes what is inside.
        for end in stride(from: components.count, through: 1, by: -1) {
            let isFolder = end < components.count
            if directoryOnly && !isFolder { continue }
            if anchored {
                if Glob.match(body, Array(components[0..<end].joined(separator: "/").utf8)) { return true }
            } else if Glob.match(body, Array(components[end - 1].utf8)) {
                return true
            }
        }
        return false
    }

    /// Wildcard match by dynamic programming: linear in pattern × text, never exponential.
    static func match(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        // Tokenise: `**` (optionally followed by `/`) matches anything including `/`.
        enum Piece: Equatable { case byte(UInt8), any, star, globstar }
        var pieces: [Piece] = []
        var i = 0
        while i < pattern.count {
            let c = pattern[i]
            if c == star, i + 1 < pattern.count, pattern[i + 1] == star {
                i += 2
                if i < pattern.count, pattern[i] == slash { i += 1 }
                pieces.append(.globstar)
            } else if c == star { pieces.append(.star); i += 1 }
            else if c == question { pieces.append(.any); i += 1 }
            else { pieces.append(.byte(c)); i += 1 }
        }
        // reachable[j]: text prefix of length j is matched by the pieces so far.
        var reachable = [Bool](repeating: false, count: text.count + 1)
        reachable[0] = true
        for piece in pieces {
            var next = [Bool](repeating: false, count: text.count + 1)
            switch piece {
            case .byte(let b):
                for j in 0..<text.count where reachable[j] && text[j] == b { next[j + 1] = true }
            case .any:
                for j in 0..<text.count where reachable[j] && text[j] != slash { next[j + 1] = true }
            case .star, .globstar:
                var carrying = false
                for j in 0...text.count {
                    if reachable[j] { carrying = true }
                    if carrying { next[j] = true }
                    if j < text.count, piece == .star, text[j] == slash { carrying = false }
                }
            }
            reachable = next
        }
        return reachable[text.count]
    }
}
