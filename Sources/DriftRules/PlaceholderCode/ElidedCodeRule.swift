import DriftCore
import DriftSyntax

/// Flags comments that stand in for code an assistant left out.
struct ElidedCodeRule: Rule {
    static let description = RuleDescription(
        id: "elided-code",
        name: "Elided code",
        category: .placeholderCode,
        severity: .high,
        summary: "A comment such as `// ... existing code ...` stands where code was left out.",
        why: """
            Assistants abbreviate what they did not want to repeat with comments like \
            `// ... rest of the implementation`. Pasted or applied as is, the elided code is silently \
            deleted: the file still parses, but the function, branch or fields that stood there are gone.
            """,
        fix: """
            Write out the missing code (or restore it from the previous version with \
            `git diff`/`git checkout -p`) and delete the comment. If the code is meant to be unfinished, \
            fail loudly instead: `raise NotImplementedError("…")` / `throw new Error("not implemented: …")`.
            """,
        examples: [
            .bad(.javascript, """
                function save(user) {
                  ↓// ... existing code ...
                  return db.insert(user);
                }
                """),
            .bad(.javascript, """
                class Cart {
                  ↓/* implement the logic here */
                }
                """),
            .bad(.typescript, """
                export function parse(input: string): Ast {
                  ↓// TODO: implement
                }
                """),
            .bad(.typescript, """
                const routes = [
                  home,
                  ↓// …rest of the routes remain unchanged
                ];
                """),
            .bad(.python, """
                def handle(request):
                    ↓# ... rest of the implementation
                    return response
                """),
            .bad(.python, """
                class Settings:
                    debug = False
                    ↓# your code here
                """),
            .bad(.python, """
                def load():
                    ↓# [previous code remains unchanged]
                """),
            .bad(.swift, """
                func configure() {
                    ↓// ... other setup code omitted for brevity
                }
                """),
            .bad(.go, """
                func main() {
                \t↓// Rest of the code stays the same
                }
                """),
            .bad(.go, """
                func run() error {
                \t↓// TODO: add implementation here
                \treturn nil
                }
                """),
            .good(.javascript, """
                // TODO: cache this once the API supports ETags
                const all = [...items, ...more];
                function f(...args) { return args; }
                """),
            .good(.javascript, """
                // Copy the rest of the buffer into the output.
                const out = buffer.slice(offset);
                """),
            .good(.typescript, """
                // Other helpers
                const text = "// ... existing code ...";
                """),
            .good(.python, """
                class Proto(Protocol):
                    def read(self) -> bytes: ...
                # same as above, but for writes
                x = data[...]
                # TODO: implement retry with exponential backoff when the API allows it
                """),
            .good(.python, """
                s = "# rest of the implementation"
                """),
            .good(.swift, """
                for i in 0...10 { print(i) }
                // The rest of the function handles errors.
                """),
            .good(.go, """
                func sum(nums ...int) int { return 0 }
                // TODO: implement streaming once the server supports chunked replies
                """),
            .bad(.python, """
                def handle(request):
                    ↓# ...
                    return response
                """),
            .bad(.javascript, """
                function render(props) {
                  const el = document.createElement("div");
                  ↓// …
                  return el;
                }
                """),
            .good(.python, """
                # ...
                x = 1
                """),
        ],
        subject: .comments)

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        var result: [Finding] = []
        for token in file.comments where ElisionPhrase.mayMatch(file, token) {
            let body = file.commentBody(token)
            guard body.count <= 400 else { continue }
            for line in body.split(separator: "\n") where ElisionPhrase.matches(line) {
                let quoted = line.trimmingCharacters(limit: 80)
                result.append(finding(
                    in: file, from: token.start, to: token.end,
                    message: "This comment stands in for code that was left out: “\(quoted)”."))
                break
            }
        }
        // A bare `# ...` / `// …` is elision only where code belongs: among a function's statements.
        for comment in file.tree.nodes(ofKind: .comment) where file.tree[comment].endByte - file.tree[comment].startByte <= 16 {
            let body = file.commentBody(file.tokens[file.firstToken(atOrAfter: file.tree[comment].startByte)])
            guard body == "..." || body == "…", file.enclosingFunction(of: comment) != nil else { continue }
            result.append(finding(
                in: file, from: file.tree[comment].startByte, to: file.tree[comment].endByte,
                message: "This comment stands in for code that was left out: “\(body)”."))
        }
        return result
    }
}

extension Substring {
    fileprivate func trimmingCharacters(limit: Int) -> String {
        let text = String(self).trimmingWhitespace()
        return text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

/// Recognises a comment line that is, as a whole, an elision phrase ("... rest of the code ...",
/// "your code here", "TODO: implement"). Matching whole lines keeps prose that merely mentions
/// "the rest of the buffer" quiet.
enum ElisionPhrase {
    /// Words that name code in general (not a particular thing the code does).
    static let codeNouns: Set<String> = [
        "code", "implementation", "implementations", "logic", "functionality", "body", "bodies",
        "method", "methods", "function", "functions", "class", "classes", "file", "component",
        "components", "module", "properties", "fields", "imports", "members", "lines", "statements",
        "content", "contents", "stuff", "setup", "jsx", "html", "markup", "config", "configuration",
        "routes", "handlers", "cases", "styles", "definitions", "declarations", "props", "state", "helpers",
    ]
    static let qualifiers: Set<String> = [
        "existing", "previous", "other", "remaining", "original", "more", "additional", "same", "old",
        "unchanged", "current", "prior", "rest", "your", "the", "of", "all", "business", "actual", "real",
        "own", "custom", "this", "its", "that", "above", "below", "earlier",
    ]
    /// Words that say the code is elsewhere or elided when they end a line.
    static let elisionTails: [[String]] = [
        ["unchanged"], ["remains", "unchanged"], ["remain", "unchanged"], ["is", "unchanged"], ["are", "unchanged"],
        ["stays", "the", "same"], ["stay", "the", "same"], ["remains", "the", "same"], ["remain", "the", "same"],
        ["is", "the", "same"], ["are", "the", "same"], ["as", "before"], ["as", "is"], ["here"], ["goes", "here"],
        ["go", "here"], ["omitted"], ["omitted", "for", "brevity"], ["for", "brevity"], ["truncated"], ["elided"],
        ["skipped"], ["not", "shown"], ["continues"], ["follows"], ["unchanged", "for", "brevity"],
        ["left", "out"], ["removed", "for", "brevity"], ["as", "above"], ["same", "as", "before"],
    ]
    static let verbs: Set<String> = ["add", "insert", "put", "write", "place", "implement", "fill", "paste", "keep", "retain", "preserve"]
    static let todoMarkers: Set<String> = ["todo", "fixme", "xxx", "hack"]
    static let pronouns: Set<String> = ["this", "it", "me", "here", "later", "in", "out"]

    /// Words of which `matches` needs at least one (an ellipsis, a tail, a verb, "rest", "lines"):
    /// checked on the raw bytes first, since most comments contain none of them.
    static let triggers = [
        "...", "…", "unchanged", "same", "before", "as is", "here", "omit", "brevity", "truncat", "elided", "skip",
        "shown", "continue", "follow", "left out", "above", "add", "insert", "put", "write", "place", "implement",
        "fill", "paste", "keep", "retain", "preserve", "rest", "remainder", "line", "etc",
    ]

    /// The triggers grouped by their first byte, for a single pass over a comment.
    static let triggersByFirstByte: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for trigger in triggers { let bytes = Array(trigger.utf8); table[Int(bytes[0])].append(bytes) }
        return table
    }()

    static func mayMatch(_ file: SourceFile, _ token: Token) -> Bool {
        guard token.length <= 4000 else { return false }
        return file.bytes.withUnsafeBufferPointer { bytes in
            @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            var i = token.start
            while i < token.end {
                let candidates = triggersByFirstByte[Int(lower(bytes[i]))]
                for needle in candidates where i + needle.count <= token.end {
                    var j = 1
                    while j < needle.count, lower(bytes[i + j]) == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }

    static func matches(_ rawLine: Substring) -> Bool {
        let line = rawLine.lowercased()
        let hasEllipsis = line.contains("...") || line.contains("…")
        var words = line.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "'") }).map(String.init)
        guard !words.isEmpty, words.count <= 12 else { return false }
        var todo = false
        while let first = words.first, todoMarkers.contains(first) { todo = true; words.removeFirst() }
        if words.first == "note" { words.removeFirst() }
        guard !words.isEmpty else { return false }

        // "123 lines omitted", "(5 more lines)"
        if words.count <= 4, words.contains(where: { Int($0) != nil }), words.contains("lines") || words.contains("line"),
           hasEllipsis || words.contains("omitted") || words.contains("more") {
            return true
        }

        // A tail that says the code is elsewhere: "... unchanged", "rest of the code stays the same".
        var tail: [String] = []
        for candidate in elisionTails where candidate.count < words.count || (hasEllipsis && candidate.count == words.count) {
            if Array(words.suffix(candidate.count)) == candidate, candidate.count > tail.count { tail = candidate }
        }
        let head = Array(words.dropLast(tail.count))

        // Imperatives: "implement the logic here", "add your code here", "TODO: implement".
        if let verb = head.first, verbs.contains(verb) {
            var rest = head.dropFirst()
            if verb == "fill", rest.first == "in" { rest = rest.dropFirst() }
            let objects = rest.filter { !qualifiers.contains($0) && !pronouns.contains($0) }
            let namesCode = rest.contains(where: codeNouns.contains)
            if objects.allSatisfy(codeNouns.contains) {
                if rest.isEmpty || rest.allSatisfy({ pronouns.contains($0) || qualifiers.contains($0) }) {
                    // "implement", "implement this", "implement me": a stub only as a TODO.
                    return (todo || !tail.isEmpty) && (verb == "implement" || verb == "fill" || verb == "add" || verb == "write")
                }
                if namesCode, verb == "keep" || verb == "retain" || verb == "preserve" {
                    return rest.contains("existing") || rest.contains("rest") || rest.contains("previous") || hasEllipsis
                }
                if namesCode { return todo || !tail.isEmpty || hasEllipsis || rest.contains("your") }
            }
            return false
        }

        // Noun phrases: "... existing code ...", "rest of the implementation", "your code here".
        let nouns = head.filter { !qualifiers.contains($0) }
        guard nouns.count <= 3 else { return false }
        let allCode = !nouns.isEmpty && nouns.allSatisfy(codeNouns.contains)
        let isRestOf = head.starts(with: ["rest", "of"]) || head.starts(with: ["the", "rest", "of"])
            || head.starts(with: ["remainder", "of"]) || head.starts(with: ["the", "remainder", "of"])
        let hasQualifier = head.contains(where: { ["existing", "previous", "other", "remaining", "original", "more",
                                                    "additional", "same", "old", "unchanged", "prior", "your", "earlier"].contains($0) })
        if isRestOf {
            let object = head.drop { ["the", "rest", "of", "remainder"].contains($0) }.filter { !["the", "this", "your", "its", "that"].contains($0) }
            if object.isEmpty { return hasEllipsis && !tail.isEmpty || (hasEllipsis && words.count <= 3) }
            if object.allSatisfy(codeNouns.contains) { return true }
            // "... rest of the routes ...": with an ellipsis any single object is elided code.
            return hasEllipsis && object.count == 1
        }
        if allCode {
            if hasQualifier && (hasEllipsis || !tail.isEmpty) { return true }
            // "your code here", "implementation goes here", "code omitted for brevity"
            if !tail.isEmpty, tail != ["follows"], tail != ["continues"], !(tail == ["as", "above"]) { return true }
            return false
        }
        // "... (unchanged) ...", "... same as before ...", "... omitted ..."
        if nouns.isEmpty, hasEllipsis, !tail.isEmpty || head == ["etc"] { return true }
        return false
    }
}
