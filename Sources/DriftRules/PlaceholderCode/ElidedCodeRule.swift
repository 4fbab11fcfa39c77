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
                // rest of the lines
                // rest of the config
                while (match) {}
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
            .good(.python, """
                def parse(t):
                    if t.startswith("{"):
                        # TODO: implement!
                        raise Exception(f"{t}-style repetition not yet supported")
                    # This might still happen, so just catch the remaining
                    # cases here.
                    # line 1: more initializations.
                    # Same logic as above
                    # implement here
                    del cache[t]
                """),
            .good(.typescript, """
                const zone = "";  // TODO implement this
                // All other stuff...
                """),
            .good(.python, """
                def solve(a, q):
                    # a[L]*q[1] + ... + a[L-M+1]*q[M] = -a[L+1]
                    # ...
                    # a[L+M-1]*q[1] + ... + a[L]*q[M] = -a[L+M]
                    return a
                """),
            .good(.javascript, """
                function kinds() {
                  return { REST: 2,       // ...
                  };
                }
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
        let tokens = file.tokens
        // The previous standalone one-line comment: its line and whether it ends a sentence.
        var previousCommentLine: (line: Int, endsSentence: Bool)?
        for index in tokens.indices where tokens[index].kind == .comment {
            let token = tokens[index]
            let line = file.line(ofByte: token.start)
            let previous = previousCommentLine
            let isOneLine = file.line(ofByte: max(token.start, token.end - 1)) == line
            previousCommentLine = token.startsLine && isOneLine ? (line, Self.endsSentence(file, token)) : nil
            guard ElisionPhrase.mayMatch(file, token) else { continue }
            let body = file.commentBody(token)
            // A line comment that continues the sentence of the comment line above it is prose
            // ("… return the\n# original code unchanged."), not a stand-in for code.
            let continuesSentence = body.first.map(\.isLowercase) == true
                && previous.map { $0.line == line - 1 && !$0.endsSentence } == true
            guard body.count <= 400, !(continuesSentence && token.startsLine) else { continue }
            for commentLine in body.split(separator: "\n") {
                switch ElisionPhrase.classify(commentLine) {
                case .none:
                    continue
                case .imperative where !bodyEndsAfter(commentAt: index, in: file):
                    // "TODO: implement" above real code (or a `raise NotImplementedError`) is a note, not a hole.
                    continue
                case .elision, .imperative:
                    let quoted = commentLine.trimmingCharacters(limit: 80)
                    result.append(finding(
                        in: file, from: token.start, to: token.end,
                        message: "This comment stands in for code that was left out: “\(quoted)”."))
                }
                break
            }
        }
        // A bare `# ...` / `// …` is elision only where code belongs: among a function's statements.
        // Inside a block of comments it elides prose or pseudo-code, and after code on its line it
        // annotates that code: both are left alone.
        for comment in file.tree.nodes(ofKind: .comment) {
            let index = file.firstToken(atOrAfter: file.tree[comment].startByte)
            let token = file.tokens[index]
            guard token.length <= 16, token.startsLine else { continue }
            let body = file.commentBody(token)
            guard body == "..." || body == "…", file.enclosingFunction(of: comment) != nil,
                  !Self.hasNeighbouringComment(index, in: file) else { continue }
            result.append(finding(
                in: file, from: file.tree[comment].startByte, to: file.tree[comment].endByte,
                message: "This comment stands in for code that was left out: “\(body)”."))
        }
        return result
    }

    /// Whether the line above or below the comment at token `index` holds a comment too.
    static func hasNeighbouringComment(_ index: Int, in file: SourceFile) -> Bool {
        let tokens = file.tokens
        let line = file.line(ofByte: tokens[index].start)
        if index > 0, tokens[index - 1].kind == .comment, file.line(ofByte: tokens[index - 1].end - 1) >= line - 1 { return true }
        if index + 1 < tokens.count, tokens[index + 1].kind == .comment, file.line(ofByte: tokens[index + 1].start) <= line + 1 { return true }
        return false
    }

    /// Whether a comment's text ends with sentence punctuation (or is empty), read from its bytes.
    static func endsSentence(_ file: SourceFile, _ token: Token) -> Bool {
        var end = token.end
        while end > token.start, [0x20, 0x09, 0x0D, 0x2F, 0x2A].contains(file.bytes[end - 1]) { end -= 1 }  // spaces, `*/`
        guard end > token.start + 1 else { return true }
        let last = file.bytes[end - 1]
        if last == 0xA6, end - token.start >= 3, file.bytes[end - 3] == 0xE2, file.bytes[end - 2] == 0x80 { return true }  // …
        return ".!?:;)]#".utf8.contains(last)
    }

    /// Whether nothing but the end of the enclosing block (or a no-op) follows a standalone
    /// comment: `}`, `pass`, `...`, the end of the file, or a Python dedent.
    private func bodyEndsAfter(commentAt index: Int, in file: SourceFile) -> Bool {
        let tokens = file.tokens
        let comment = tokens[index]
        guard comment.startsLine else { return false }
        var next = index + 1
        while next < tokens.count, tokens[next].kind == .comment { next += 1 }
        guard next < tokens.count else { return true }
        let token = tokens[next]
        let text = file.text(of: token)
        if ["}", "pass", "...", ")", "]"].contains(text) {
            if text == "pass" || text == "..." {
                // `pass` itself must end the block: nothing else on its line.
                return next + 1 >= tokens.count || tokens[next + 1].startsLine
            }
            return true
        }
        if file.language == .python, token.startsLine {
            return file.location(ofByte: token.start).column < file.location(ofByte: comment.start).column
        }
        return false
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
        "components", "module", "properties", "fields", "imports", "members", "statements",
        "content", "contents", "setup", "jsx", "html", "markup", "config", "configuration",
        "routes", "handlers", "cases", "styles", "details", "definitions", "declarations", "props", "state", "helpers",
    ]
    static let strongCodeNouns: Set<String> = [
        "code", "implementation", "implementations", "logic", "functionality", "body", "function",
        "functions", "method", "methods", "class", "component", "module", "file",
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
        ["left", "out"], ["removed", "for", "brevity"], ["same", "as", "before"],
    ]
    static let verbs: Set<String> = ["add", "insert", "put", "write", "place", "implement", "fill", "paste", "keep", "retain", "preserve"]
    static let todoMarkers: Set<String> = ["todo", "fixme", "xxx", "hack"]
    static let pronouns: Set<String> = ["this", "it", "me", "here", "later"]

    /// Words of which `classify` needs at least one (an ellipsis, a tail, a verb, "rest", "lines"):
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

    /// Whether some trigger starts with this (lowercase) byte: most bytes of a comment are rejected
    /// by this flat table without touching (and retaining) a list of `triggersByFirstByte`.
    static let startsTrigger: [Bool] = triggersByFirstByte.map { !$0.isEmpty }

    static func mayMatch(_ file: SourceFile, _ token: Token) -> Bool {
        guard token.length <= 8000 else { return false }
        let startsTrigger = startsTrigger
        return file.bytes.withUnsafeBufferPointer { bytes in
            @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            var i = token.start
            while i < token.end {
                guard startsTrigger[Int(lower(bytes[i]))] else { i += 1; continue }
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


    /// What a comment line says about code that is not there.
    enum Kind {
        case none
        /// It says code was elided: "... existing code ...", "rest of the implementation".
        case elision
        /// It asks for code to be written: "implement the logic here", "TODO: implement".
        case imperative
    }

    static func classify(_ rawLine: Substring) -> Kind {
        switch matches(rawLine) {
        case .some(true): return .imperative
        case .some(false): return .elision
        case nil: return .none
        }
    }

    /// nil: no elision; false: elision; true: an imperative asking for code.
    private static func matches(_ rawLine: Substring) -> Bool? {
        let line = rawLine.lowercased()
        let hasEllipsis = line.contains("...") || line.contains("…")
        var words = line.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "'") }).map(String.init)
        guard !words.isEmpty, words.count <= 12 else { return nil }
        var todo = false
        while let first = words.first, todoMarkers.contains(first) { todo = true; words.removeFirst() }
        if words.first == "note" { words.removeFirst() }
        guard !words.isEmpty else { return nil }

        // "... 120 lines omitted ...", "(5 more lines)"
        if let number = words.firstIndex(where: { Int($0) != nil }), words.count <= 5 {
            let after = words[(number + 1)...].filter { $0 != "more" }
            if after.first == "lines", hasEllipsis || words.contains("omitted") || words.contains("more") { return false }
        }

        // A tail that says the code is elsewhere: "... unchanged", "rest of the code stays the same".
        var tail: [String] = []
        for candidate in elisionTails where candidate.count < words.count || (hasEllipsis && candidate.count == words.count) {
            if candidate == ["same", "as", "before"], !hasEllipsis { continue }
            if Array(words.suffix(candidate.count)) == candidate, candidate.count > tail.count { tail = candidate }
        }
        let head = Array(words.dropLast(tail.count))

        // Imperatives: "implement the logic here", "add your code here", "TODO: implement".
        if let verb = head.first, verbs.contains(verb) {
            var rest = head.dropFirst()
            if verb == "fill", rest.first == "in" { rest = rest.dropFirst() }
            let objects = rest.filter { !qualifiers.contains($0) && !pronouns.contains($0) }
            guard objects.allSatisfy(codeNouns.contains) else { return nil }
            if objects.isEmpty {
                // "implement", "implement this", "fill in": a hole only when marked as a TODO or "here".
                let onlyPronouns = rest.allSatisfy(pronouns.contains)
                return onlyPronouns && (verb == "implement" || verb == "fill") && (todo || tail == ["here"] || rest.contains("here")) ? true : nil
            }
            if verb == "keep" || verb == "retain" || verb == "preserve" {
                return rest.contains("existing") || rest.contains("rest") || rest.contains("previous") || hasEllipsis ? false : nil
            }
            // Reported only where nothing follows in the block (see `bodyEndsAfter`), so a bare
            // "Implement the logic" above real code stays quiet.
            return true
        }

        // Noun phrases: "... existing code ...", "rest of the implementation", "your code here".
        let nouns = head.filter { !qualifiers.contains($0) }
        guard nouns.count <= 3 else { return nil }
        let allCode = !nouns.isEmpty && nouns.allSatisfy(codeNouns.contains)
        let isRestOf = head.starts(with: ["rest", "of"]) || head.starts(with: ["the", "rest", "of"])
            || head.starts(with: ["remainder", "of"]) || head.starts(with: ["the", "remainder", "of"])
        let hasQualifier = head.contains(where: elidingQualifiers.contains)
        if isRestOf {
            let object = head.drop { ["the", "rest", "of", "remainder"].contains($0) }.filter { !["the", "this", "your", "its", "that"].contains($0) }
            if object.isEmpty { return hasEllipsis && (!tail.isEmpty || words.count <= 3) ? false : nil }
            // Without an ellipsis or a tail only words that can mean nothing but code count:
            // "// rest of the config" above code that reads it is prose.
            if object.allSatisfy(strongCodeNouns.contains) { return false }
            if object.allSatisfy(codeNouns.contains), hasEllipsis || !tail.isEmpty { return false }
            // "... rest of the routes ...": with an ellipsis any single object is elided code.
            return hasEllipsis && object.count == 1 ? false : nil
        }
        if allCode {
            if head.contains("your"), tail == ["here"] || tail == ["goes", "here"] || tail == ["go", "here"] { return true }
            if hasQualifier, hasEllipsis || !tail.isEmpty, tail != ["here"] { return false }
            // "implementation goes here", "code omitted for brevity"
            if !tail.isEmpty, !["follows", "continues"].contains(tail.last!) {
                return tail.contains("here") ? true : false
            }
            return nil
        }
        // "... (unchanged) ...", "... same as before ...", "... omitted ..."
        if nouns.isEmpty, hasEllipsis, !tail.isEmpty { return false }
        return nil
    }

    /// Qualifiers that mark code as being elsewhere ("existing code", "other methods").
    static let elidingQualifiers: Set<String> = [
        "existing", "previous", "other", "remaining", "original", "more", "additional", "same", "old",
        "unchanged", "prior", "your", "earlier",
    ]
}
