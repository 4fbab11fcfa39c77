/// A byte-level, error-tolerant lexer for the four languages.
///
/// It recognises comments and every form of string literal exactly (including interpolations that
/// nest strings inside strings), identifiers, numbers and operators. Interpolated strings are one
/// `.string` token. Nesting is tracked with an explicit stack, so no input can exhaust the call
/// stack, and every byte is visited a bounded number of times, so lexing is linear.
public enum Lexer {
    /// `jsx` enables JSX markup (defaults to on for JavaScript; pass true for `.tsx`).
    public static func tokenize(_ bytes: [UInt8], language: Language, jsx: Bool? = nil) -> [Token] {
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = Scanner(buffer: buffer, language: language, range: 0..<buffer.count, jsx: jsx ?? (language == .javascript))
            return lexer.run()
        }
    }

    /// Tokens of `range` of `bytes`, with offsets into the whole buffer (used for template holes).
    static func tokenize(_ buffer: UnsafeBufferPointer<UInt8>, language: Language, range: Range<Int>, jsx: Bool) -> [Token] {
        var lexer = Scanner(buffer: buffer, language: language, range: range, jsx: jsx)
        return lexer.run()
    }

    /// The code ranges of the `${…}` holes of the template literal `token` (see `skipTemplate`).
    static func templateHoles(_ buffer: UnsafeBufferPointer<UInt8>, _ token: Token) -> [Range<Int>] {
        guard token.start < token.end, buffer[token.start] == UInt8(ascii: "`") else { return [] }
        var scanner = Scanner(buffer: buffer, language: .javascript, range: token.start..<token.end)
        return scanner.skipTemplate(recordingHoles: true)
    }

    /// The expression ranges of the holes of the Python f-string `token` (see `skipPythonString`).
    static func pythonStringHoles(_ buffer: UnsafeBufferPointer<UInt8>, _ token: Token) -> [Range<Int>] {
        var scanner = Scanner(buffer: buffer, language: .python, range: token.start..<token.end)
        while scanner.position < token.end, !Lexer.isQuote(buffer[scanner.position]) { scanner.position += 1 }
        guard scanner.position < token.end else { return [] }
        return scanner.skipPythonString(prefixStart: token.start, recordingHoles: true)
    }

    @inline(__always)
    static func isQuote(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`")
    }
}

private let newline = UInt8(ascii: "\n")
private let backslash = UInt8(ascii: "\\")
private let slash = UInt8(ascii: "/")
private let star = UInt8(ascii: "*")
private let hash = UInt8(ascii: "#")
private let doubleQuote = UInt8(ascii: "\"")
private let singleQuote = UInt8(ascii: "'")
private let backtick = UInt8(ascii: "`")
private let openBrace = UInt8(ascii: "{")
private let closeBrace = UInt8(ascii: "}")
private let openParen = UInt8(ascii: "(")
private let closeParen = UInt8(ascii: ")")

@inline(__always)
private func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte == 0x24 || byte >= 0x80
}

@inline(__always)
private func isIdentifierPart(_ byte: UInt8) -> Bool {
    isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39)
}

@inline(__always)
private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

@inline(__always)
private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B
}

/// Keywords after which a `/` starts a regular expression rather than a division.
private let regexPrecedingKeywords: Set<String> = [
    "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
    "instanceof", "yield", "await", "extends", "default",
]

/// Where the lexer is inside JSX.
private enum JSXFrame {
    case openTag
    case closeTag
    case children
    /// A `{ … }` hole with its own brace depth.
    case code(Int)
}

private struct Scanner {
    let buffer: UnsafeBufferPointer<UInt8>
    let language: Language
    var position = 0
    var tokens: [Token] = []
    var sawNewline = true

    /// One past the last byte to lex (the end of the buffer, or of a template hole).
    let count: Int

    /// JSX is lexed (markup as `.jsx` tokens, holes as code).
    let jsx: Bool
    /// Open JSX constructs, innermost last.
    var jsxStack: [JSXFrame] = []
    /// For each open `(`, whether it follows `if`/`while`/`for`/`with`.
    var parenAfterKeyword: [Bool] = []
    var closedKeywordParen = false

    init(buffer: UnsafeBufferPointer<UInt8>, language: Language, range: Range<Int>, jsx: Bool = false) {
        self.buffer = buffer
        self.language = language
        self.jsx = jsx
        self.position = range.lowerBound
        self.count = range.upperBound
    }

    @inline(__always)
    func byte(_ offset: Int) -> UInt8 { offset < count ? buffer[offset] : 0 }

    mutating func emit(_ kind: Token.Kind, _ start: Int, _ end: Int) {
        tokens.append(Token(kind: kind, start: start, end: end, startsLine: sawNewline))
        sawNewline = false
    }

    mutating func run() -> [Token] {
        tokens.reserveCapacity((count - position) / 4)
        // A UTF-8 byte order mark is no part of the code.
        if position == 0, byte(0) == 0xEF, byte(1) == 0xBB, byte(2) == 0xBF { position = 3 }
        while position < count {
            let c = buffer[position]
            if c == newline { sawNewline = true; position += 1; continue }
            if isSpace(c) { position += 1; continue }
            let start = position
            switch language {
            case .python: lexPython(c, start)
            case .javascript, .typescript: lexJavaScript(c, start)
            case .swift: lexSwift(c, start)
            case .go: lexGo(c, start)
            }
            // Every branch consumes at least one byte; guard against a future mistake looping forever.
            if position <= start { position = start + 1 }
        }
        return tokens
    }

    // MARK: Shared pieces

    mutating func lexIdentifierOrNumber(_ c: UInt8, _ start: Int) -> Bool {
        if isIdentifierStart(c) {
            position += 1
            while position < count, isIdentifierPart(buffer[position]) { position += 1 }
            emit(.identifier, start, position)
            return true
        }
        if isDigit(c) || (c == UInt8(ascii: ".") && isDigit(byte(position + 1))) {
            position += 1
            while position < count {
                let b = buffer[position]
                if isIdentifierPart(b) || b == UInt8(ascii: ".") && (isDigit(byte(position + 1)) || isDigit(buffer[position - 1]) && byte(position + 1) != UInt8(ascii: ".") && !isIdentifierStart(byte(position + 1)) && !buffer[start..<position].contains(UInt8(ascii: "."))) {
                    position += 1
                } else if (b == UInt8(ascii: "+") || b == UInt8(ascii: "-")),
                          buffer[position - 1] | 0x20 == UInt8(ascii: "e"), !isHexLiteral(start) {
                    position += 1
                } else {
                    break
                }
            }
            emit(.number, start, position)
            return true
        }
        return false
    }

    func isHexLiteral(_ start: Int) -> Bool {
        byte(start) == UInt8(ascii: "0") && byte(start + 1) | 0x20 == UInt8(ascii: "x")
    }

    mutating func lexOperator(_ start: Int) {
        let a = buffer[start], b = byte(start + 1), c = byte(start + 2), d = byte(start + 3)
        let equals = UInt8(ascii: "=")
        // Longest match by hand: this runs for every operator byte of every file.
        var length = 1
        switch a {
        case UInt8(ascii: ">"):
            if b == a { length = c == a ? (d == equals ? 4 : 3) : (c == equals ? 3 : 2) } else if b == equals { length = 2 }
        case UInt8(ascii: "="):
            if b == equals { length = c == equals ? 3 : 2 } else if b == UInt8(ascii: ">") { length = 2 }
        case UInt8(ascii: "!"):
            if b == equals { length = c == equals ? 3 : 2 }
        case UInt8(ascii: "*"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "/"):
            if b == a { length = c == equals ? 3 : 2 } else if b == equals { length = 2 }
        case UInt8(ascii: "?"):
            if b == a { length = c == equals ? 3 : 2 } else if b == UInt8(ascii: ".") { length = 2 }
        case UInt8(ascii: "."):
            // `...` everywhere; `..` and `..<` are Swift ranges (in Python `x[..., 1]` has `...` too).
            if b == a { length = c == a ? 3 : language == .swift ? (c == UInt8(ascii: "<") ? 3 : 2) : 1 }
        case UInt8(ascii: "<"):
            // `<-` is Go's channel operator; elsewhere `x<-1` compares with a negative number.
            if b == a { length = c == equals ? 3 : 2 } else if b == equals || (b == UInt8(ascii: "-") && language == .go) { length = 2 }
        case UInt8(ascii: "-"):
            if b == a || b == equals || b == UInt8(ascii: ">") { length = 2 }
        case UInt8(ascii: "+"):
            if b == a || b == equals { length = 2 }
        case UInt8(ascii: ":"):
            // `::` only in Swift; Python slices write `x[::2]` with two colons.
            if b == equals || (b == a && language == .swift) { length = 2 }
        case UInt8(ascii: "%"), UInt8(ascii: "^"), UInt8(ascii: "@"):
            if b == equals { length = 2 }
        default:
            break
        }
        length = min(length, count - start)
        position = start + length
        emit(length == 1 && (a < 0x20 || a == 0x7F) ? .unknown : .punctuation, start, position)
    }

    /// Skips to the end of the line (not consuming the newline).
    mutating func skipToLineEnd() {
        while position < count, buffer[position] != newline { position += 1 }
    }

    /// A `/* … */` comment starting at `position`; Swift's nest.
    mutating func skipBlockComment(nested: Bool) {
        var depth = 1
        position += 2
        while position < count {
            let c = buffer[position]
            if c == star, byte(position + 1) == slash {
                position += 2
                depth -= 1
                if depth == 0 || !nested { return }
            } else if nested, c == slash, byte(position + 1) == star {
                depth += 1
                position += 2
            } else {
                position += 1
            }
        }
    }

    /// A one-line quoted string (`'…'`, `"…"`) with backslash escapes; ends at the quote or,
    /// unterminated, before the newline.
    mutating func skipQuoted(_ quote: UInt8, allowsEscapedNewline: Bool = true) {
        position += 1
        while position < count {
            let c = buffer[position]
            if c == backslash {
                if byte(position + 1) == newline, !allowsEscapedNewline { position += 1; return }
                position += 2
                continue
            }
            if c == quote { position += 1; return }
            if c == newline { return }
            position += 1
        }
        position = min(position, count)
    }

    // MARK: JavaScript / TypeScript

    mutating func lexJavaScript(_ c: UInt8, _ start: Int) {
        if jsx {
            if case .code(let depth)? = jsxStack.last {
                if c == openBrace {
                    jsxStack[jsxStack.count - 1] = .code(depth + 1)
                } else if c == closeBrace {
                    if depth == 0 {
                        position += 1
                        emit(.punctuation, start, position)
                        jsxStack.removeLast()
                        scanMarkup(from: position)
                        return
                    }
                    jsxStack[jsxStack.count - 1] = .code(depth - 1)
                }
            }
            if c == UInt8(ascii: "<"), startsJSX() {
                jsxStack.append(.openTag)
                position += 1
                scanMarkup(from: start)
                return
            }
        }
        if c == slash, byte(position + 1) == slash {
            skipToLineEnd(); emit(.comment, start, position); return
        }
        if c == slash, byte(position + 1) == star {
            skipBlockComment(nested: false); emit(.comment, start, position); return
        }
        if c == hash, start == 0, byte(1) == UInt8(ascii: "!") {
            skipToLineEnd(); emit(.comment, start, position); return  // shebang
        }
        if c == doubleQuote || c == singleQuote {
            skipQuoted(c); emit(.string, start, position); return
        }
        if c == backtick {
            skipTemplate(); emit(.string, start, position); return
        }
        if c == slash, slashStartsRegex() {
            skipRegex(); emit(.regex, start, position); return
        }
        if lexIdentifierOrNumber(c, start) { return }
        // A `)` that closes the head of `if`/`while`/`for`/`with` is followed by a statement, where
        // `/` starts a regex; any other `)` ends an expression.
        if c == openParen {
            let previous = tokens.last
            parenAfterKeyword.append(previous.map { $0.kind == .identifier && isStatementKeyword($0) } ?? false)
        } else if c == closeParen {
            closedKeywordParen = parenAfterKeyword.popLast() ?? false
        }
        lexOperator(start)
    }

    func isStatementKeyword(_ token: Token) -> Bool {
        let length = token.end - token.start
        guard length >= 2, length <= 5 else { return false }
        let word = String(decoding: UnsafeBufferPointer(rebasing: buffer[token.start..<token.end]), as: UTF8.self)
        return word == "if" || word == "while" || word == "for" || word == "with"
    }

    /// A `<` where an expression may start, followed by a tag name or `>`, that is not a TS type
    /// parameter list of a generic arrow: `<T,>`, `<T = X>`, `<T extends X>` (TypeScript's own
    /// test; `<T extends>` and `<T extends="x">` are markup with an attribute named `extends`).
    func startsJSX() -> Bool {
        let next = byte(position + 1)
        guard next == UInt8(ascii: ">") || isIdentifierStart(next), slashStartsRegex() else { return false }
        var i = position + 1
        while i < count, isIdentifierPart(buffer[i]) || buffer[i] == UInt8(ascii: ".") || buffer[i] == UInt8(ascii: ":") || buffer[i] == UInt8(ascii: "-") { i += 1 }
        while i < count, isSpace(buffer[i]) { i += 1 }
        if byte(i) == UInt8(ascii: ",") || byte(i) == UInt8(ascii: "=") { return false }
        if isWord("extends", at: i) {
            var j = i + 7
            while j < count, isSpace(buffer[j]) { j += 1 }
            let after = byte(j)
            return after == UInt8(ascii: "=") || after == UInt8(ascii: ">") || after == UInt8(ascii: "/")
        }
        return true
    }

    /// True when the bytes at `offset` are `word` and no identifier continues after it.
    func isWord(_ word: StaticString, at offset: Int) -> Bool {
        let length = word.utf8CodeUnitCount
        guard offset + length <= count, !isIdentifierPart(byte(offset + length)) else { return false }
        for k in 0..<length where buffer[offset + k] != word.utf8Start[k] { return false }
        return true
    }

    /// Scans JSX markup from `segmentStart` (tags, attributes, text) until a `{` hole or the end
    /// of the outermost element, emitting it as one `.jsx` token.
    mutating func scanMarkup(from segmentStart: Int) {
        func emitSegment(_ scanner: inout Scanner) {
            if scanner.position > segmentStart { scanner.emit(.jsx, segmentStart, scanner.position) }
        }
        while position < count, let top = jsxStack.last {
            let c = buffer[position]
            switch top {
            case .openTag:
                if c == doubleQuote || c == singleQuote {
                    position += 1
                    while position < count, buffer[position] != c { position += 1 }
                    position = min(position + 1, count)
                } else if c == openBrace {
                    emitSegment(&self)
                    jsxStack.append(.code(0))
                    emit(.punctuation, position, position + 1)
                    position += 1
                    return
                } else if c == slash, byte(position + 1) == UInt8(ascii: ">") {
                    position += 2
                    jsxStack.removeLast()
                    if jsxStack.isEmpty { emitSegment(&self); return }
                } else if c == UInt8(ascii: ">") {
                    position += 1
                    jsxStack[jsxStack.count - 1] = .children
                } else {
                    position += 1
                }
            case .closeTag:
                position += 1
                if c == UInt8(ascii: ">") {
                    jsxStack.removeLast()
                    if jsxStack.isEmpty { emitSegment(&self); return }
                }
            case .children:
                if c == openBrace {
                    emitSegment(&self)
                    jsxStack.append(.code(0))
                    emit(.punctuation, position, position + 1)
                    position += 1
                    return
                }
                if c == UInt8(ascii: "<") {
                    if byte(position + 1) == slash {
                        position += 2
                        jsxStack[jsxStack.count - 1] = .closeTag
                    } else {
                        position += 1
                        jsxStack.append(.openTag)
                    }
                } else {
                    position += 1
                }
            case .code:
                emitSegment(&self)
                return
            }
        }
        emitSegment(&self)
    }

    func slashStartsRegex() -> Bool {
        guard let previous = tokens.last else { return true }
        switch previous.kind {
        case .number, .string, .regex, .jsx: return false
        case .identifier:
            let length = previous.end - previous.start
            guard length <= 10 else { return false }
            let word = String(decoding: UnsafeBufferPointer(rebasing: buffer[previous.start..<previous.end]), as: UTF8.self)
            return regexPrecedingKeywords.contains(word)
        case .punctuation:
            let b = buffer[previous.start]
            if previous.end - previous.start == 1 {
                if b == closeParen { return closedKeywordParen }
                return b != UInt8(ascii: "]")
            }
            // `++`/`--` end an expression as often as not; treat as division.
            let second = buffer[previous.start + 1]
            return !((b == UInt8(ascii: "+") && second == UInt8(ascii: "+")) || (b == UInt8(ascii: "-") && second == UInt8(ascii: "-")))
        case .comment, .unknown: return true
        }
    }

    mutating func skipRegex() {
        position += 1
        var inClass = false
        while position < count {
            let c = buffer[position]
            if c == newline { return }  // unterminated: not a regex after all, but stop here
            if c == backslash { position += 2; continue }
            if c == UInt8(ascii: "[") { inClass = true }
            else if c == UInt8(ascii: "]") { inClass = false }
            else if c == slash, !inClass {
                position += 1
                while position < count, isIdentifierPart(buffer[position]) { position += 1 }
                return
            }
            position += 1
        }
        position = count
    }

    /// Whether code whose last byte is `byte` ends an operand, so that a `/` after it divides.
    func endsOperand(_ byte: UInt8) -> Bool {
        isIdentifierPart(byte) || byte == closeParen || byte == UInt8(ascii: "]") || Lexer.isQuote(byte)
    }

    /// A template literal with `${…}` holes that may hold further templates, strings, regular
    /// expressions and comments. With `recordingHoles`, returns the byte ranges of this template's
    /// own holes (those of templates nested in a hole are found when the hole is lexed in turn).
    @discardableResult
    mutating func skipTemplate(recordingHoles: Bool = false) -> [Range<Int>] {
        var holes: [Range<Int>] = []
        // Each entry is either a template text (-1) or a code hole with its open-brace depth.
        var stack: [Int] = [-1]
        var holeStart = 0
        // The last byte of code before this one, other than white space: it tells a regex's `/`
        // from a division.
        var previous = openBrace
        position += 1
        while position < count, let top = stack.last {
            let c = buffer[position]
            if top < 0 {
                if c == backslash { position += 2; continue }
                if c == backtick {
                    stack.removeLast(); position += 1
                    if stack.isEmpty { return holes }
                    previous = backtick
                    continue
                }
                if c == UInt8(ascii: "$"), byte(position + 1) == openBrace {
                    stack.append(0); position += 2
                    if stack.count == 2 { holeStart = position }
                    previous = openBrace
                    continue
                }
                position += 1
                continue
            }
            let before = previous
            if !isSpace(c), c != newline { previous = c }
            switch c {
            case backtick: stack.append(-1); position += 1
            case openBrace: stack[stack.count - 1] += 1; position += 1
            case closeBrace:
                if top == 0 {
                    stack.removeLast()
                    if recordingHoles, stack.count == 1 { holes.append(holeStart..<position) }
                } else { stack[stack.count - 1] -= 1 }
                position += 1
            case doubleQuote, singleQuote: skipQuoted(c)
            case slash where byte(position + 1) == slash: skipToLineEnd()
            case slash where byte(position + 1) == star: skipBlockComment(nested: false)
            case slash where !endsOperand(before):
                skipRegex()
            default: position += 1
            }
        }
        position = min(position, count)
        return holes
    }

    // MARK: Python

    mutating func lexPython(_ c: UInt8, _ start: Int) {
        if c == hash { skipToLineEnd(); emit(.comment, start, position); return }
        if c == backslash, byte(position + 1) == newline { position += 2; return }  // line continuation
        if c == doubleQuote || c == singleQuote {
            skipPythonString(prefixStart: start); emit(.string, start, position); return
        }
        if isIdentifierStart(c) {
            // A string prefix: up to two of r, b, u, f, t directly followed by a quote.
            var end = start
            while end < count, end - start < 3, isIdentifierPart(buffer[end]) { end += 1 }
            let prefixLength = end - start
            if prefixLength <= 2, end < count, buffer[end] == doubleQuote || buffer[end] == singleQuote,
               (start..<end).allSatisfy({ "rbuftRBUFT".utf8.contains(buffer[$0]) }) {
                position = end
                skipPythonString(prefixStart: start)
                emit(.string, start, position)
                return
            }
        }
        if lexIdentifierOrNumber(c, start) { return }
        lexOperator(start)
    }

    /// A Python string whose prefix starts at `prefixStart` and whose opening quote is at
    /// `position`. f-strings nest expressions (and, since 3.12, strings with the same quote); a
    /// hole is `{expression[=][!conversion][:spec]}` whose spec may hold further holes.
    ///
    /// With `recordingHoles`, returns the byte ranges of the expressions in this string's own holes
    /// (spec holes included, holes of strings nested inside a hole excluded: those are found when
    /// the hole's code is lexed in turn).
    @discardableResult
    mutating func skipPythonString(prefixStart: Int, recordingHoles: Bool = false) -> [Range<Int>] {
        struct StringFrame { var quote: UInt8; var triple: Bool; var raw: Bool; var formatted: Bool }
        /// Where a hole is: in its expression, after `=` or `!r` (before `:` or `}`), or in its spec.
        enum Part { case expression, afterExpression, spec }
        struct HoleFrame { var depth: Int; var part: Part; var start: Int; var isOwn: Bool }
        enum Frame { case string(StringFrame); case hole(HoleFrame) }

        func openString(at index: Int, prefixStart: Int) -> (StringFrame, Int) {
            var raw = false, formatted = false
            for i in prefixStart..<index {
                switch buffer[i] | 0x20 {
                case UInt8(ascii: "r"): raw = true
                case UInt8(ascii: "f"), UInt8(ascii: "t"): formatted = true
                default: break
                }
            }
            let quote = buffer[index]
            let triple = byte(index + 1) == quote && byte(index + 2) == quote
            return (StringFrame(quote: quote, triple: triple, raw: raw, formatted: formatted), index + (triple ? 3 : 1))
        }

        var holes: [Range<Int>] = []
        let (first, afterQuote) = openString(at: position, prefixStart: prefixStart)
        var stack: [Frame] = [.string(first)]
        /// Open string frames; a hole opened while only the outer string is open is this string's own.
        var strings = 1
        let outerIsSingleLine = !first.triple

        /// Opens a hole whose expression starts at `start`.
        func openHole(_ stack: inout [Frame], at start: Int) {
            stack.append(.hole(HoleFrame(depth: 0, part: .expression, start: start, isOwn: strings == 1)))
        }
        /// Ends the expression of the innermost hole at `end` and moves it to `part`.
        func endExpression(_ stack: inout [Frame], _ hole: HoleFrame, at end: Int, next part: Part) {
            if recordingHoles, hole.isOwn, hole.part == .expression { holes.append(hole.start..<end) }
            var moved = hole
            moved.part = part
            stack[stack.count - 1] = .hole(moved)
        }

        /// The first line break inside a one-line f-string, where it ends if it turns out unterminated.
        var firstLineBreak = -1
        func endAtFirstLineBreak() -> [Range<Int>] {
            if firstLineBreak >= 0 { position = firstLineBreak }
            return holes.filter { $0.upperBound <= position }
        }

        position = afterQuote
        while position < count, let top = stack.last {
            let c = buffer[position]
            if c == newline, outerIsSingleLine {
                // Since 3.12 a hole of a one-line f-string may span lines inside its brackets (and
                // hold triple-quoted strings). Elsewhere a line break leaves the string unterminated;
                // so does one found too far on, and the string then ends at its first line break.
                let spansLines: Bool
                switch top {
                case .hole(let hole): spansLines = hole.depth > 0
                case .string(let frame): spansLines = frame.triple
                }
                if firstLineBreak < 0 { firstLineBreak = position }
                if !spansLines || position - firstLineBreak > Scanner.maximumHoleSpan { return endAtFirstLineBreak() }
            }
            switch top {
            case .string(let frame):
                if c == backslash {
                    // `\N{EM DASH}` names a character; it is no hole.
                    if frame.formatted, !frame.raw, byte(position + 1) == UInt8(ascii: "N"), byte(position + 2) == openBrace {
                        position += 3
                        while position < count, buffer[position] != closeBrace, buffer[position] != newline { position += 1 }
                        if byte(position) == closeBrace { position += 1 }
                        continue
                    }
                    // In a raw string a backslash still keeps the next quote, backslash or line break.
                    if !frame.raw || byte(position + 1) == frame.quote || byte(position + 1) == backslash || byte(position + 1) == newline {
                        position += 2; continue
                    }
                }
                if c == frame.quote {
                    if frame.triple {
                        if byte(position + 1) == c, byte(position + 2) == c {
                            position += 3; stack.removeLast(); strings -= 1; continue
                        }
                        position += 1; continue
                    }
                    position += 1; stack.removeLast(); strings -= 1; continue
                }
                if frame.formatted, c == openBrace {
                    if byte(position + 1) == openBrace { position += 2; continue }
                    position += 1
                    openHole(&stack, at: position)
                    continue
                }
                position += 1
            case .hole(var hole):
                if hole.part == .spec {
                    // Format-spec text: `{` opens a nested hole, `}` ends this one.
                    if c == openBrace { position += 1; openHole(&stack, at: position); continue }
                    if c == closeBrace { stack.removeLast() }
                    position += 1
                    continue
                }
                switch c {
                case openBrace, openParen, UInt8(ascii: "["):
                    hole.depth += 1
                    stack[stack.count - 1] = .hole(hole)
                    position += 1
                case closeParen, UInt8(ascii: "]"):
                    hole.depth = max(0, hole.depth - 1)
                    stack[stack.count - 1] = .hole(hole)
                    position += 1
                case closeBrace:
                    if hole.depth == 0 {
                        endExpression(&stack, hole, at: position, next: .afterExpression)
                        stack.removeLast()
                    } else {
                        hole.depth -= 1
                        stack[stack.count - 1] = .hole(hole)
                    }
                    position += 1
                case doubleQuote, singleQuote:
                    var prefix = position
                    while prefix > 0, "rbuftRBUFT".utf8.contains(buffer[prefix - 1]), position - prefix < 2 { prefix -= 1 }
                    let (frame, next) = openString(at: position, prefixStart: prefix)
                    stack.append(.string(frame)); strings += 1; position = next
                case hash where hole.part == .expression:
                    skipToLineEnd()
                case UInt8(ascii: "!") where hole.depth == 0 && byte(position + 1) != UInt8(ascii: "="):
                    endExpression(&stack, hole, at: position, next: .afterExpression)  // `!r`
                    position += 1
                case UInt8(ascii: ":") where hole.depth == 0:
                    endExpression(&stack, hole, at: position, next: .spec)
                    position += 1
                case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"):
                    if byte(position + 1) == UInt8(ascii: "=") {
                        position += 2  // `==`, `!=`, `<=`, `>=`
                    } else {
                        if c == UInt8(ascii: "="), hole.depth == 0 { endExpression(&stack, hole, at: position, next: .afterExpression) }
                        position += 1  // a self-documenting `=`
                    }
                default:
                    position += 1
                }
            }
        }
        position = min(position, count)
        if !stack.isEmpty, outerIsSingleLine { return endAtFirstLineBreak() }
        return holes
    }

    /// How far past its first line break a one-line f-string may run inside a hole: real
    /// multi-line holes are a few lines; the bound keeps broken code linear.
    static let maximumHoleSpan = 1024

    // MARK: Swift

    mutating func lexSwift(_ c: UInt8, _ start: Int) {
        if c == slash, byte(position + 1) == slash {
            skipToLineEnd(); emit(.comment, start, position); return
        }
        if c == slash, byte(position + 1) == star {
            skipBlockComment(nested: true); emit(.comment, start, position); return
        }
        if c == hash || c == doubleQuote {
            var hashes = 0
            while byte(position + hashes) == hash { hashes += 1 }
            if byte(position + hashes) == doubleQuote {
                position += hashes
                skipSwiftString(hashes: hashes)
                emit(.string, start, position)
                return
            }
        }
        if c == backtick {  // `escaped` identifier
            position += 1
            while position < count, buffer[position] != backtick, buffer[position] != newline { position += 1 }
            if byte(position) == backtick { position += 1 }
            emit(.identifier, start, position)
            return
        }
        if lexIdentifierOrNumber(c, start) { return }
        lexOperator(start)
    }

    /// A Swift string literal at `position` (its `#`s already consumed): `"…"` or `"""…"""`, with
    /// `\(…)` interpolations (`\#(…)` for raw strings) holding further strings.
    mutating func skipSwiftString(hashes firstHashes: Int) {
        struct StringFrame { var hashes: Int; var multiline: Bool }
        enum Frame { case string(StringFrame); case code(depth: Int) }

        func open(at index: Int, hashes: Int) -> (StringFrame, Int) {
            let multiline = byte(index + 1) == doubleQuote && byte(index + 2) == doubleQuote
            return (StringFrame(hashes: hashes, multiline: multiline), index + (multiline ? 3 : 1))
        }
        func hashesFollow(_ index: Int, _ n: Int) -> Bool {
            for i in 0..<n where byte(index + i) != hash { return false }
            return true
        }

        let (first, next) = open(at: position, hashes: firstHashes)
        var stack: [Frame] = [.string(first)]
        position = next
        while position < count, let top = stack.last {
            let c = buffer[position]
            switch top {
            case .string(let frame):
                if c == newline, !frame.multiline { stack.removeAll(); return }
                if c == backslash, hashesFollow(position + 1, frame.hashes) {
                    let after = position + 1 + frame.hashes
                    if byte(after) == openParen { stack.append(.code(depth: 0)); position = after + 1 }
                    else { position = after + 1 }
                    continue
                }
                if c == doubleQuote {
                    let closeLength = frame.multiline ? 3 : 1
                    if (0..<closeLength).allSatisfy({ byte(position + $0) == doubleQuote }),
                       hashesFollow(position + closeLength, frame.hashes) {
                        position += closeLength + frame.hashes
                        stack.removeLast()
                        continue
                    }
                }
                position += 1
            case .code(let depth):
                switch c {
                case openParen: stack[stack.count - 1] = .code(depth: depth + 1); position += 1
                case closeParen:
                    if depth == 0 { stack.removeLast() } else { stack[stack.count - 1] = .code(depth: depth - 1) }
                    position += 1
                case hash, doubleQuote:
                    var hashes = 0
                    while byte(position + hashes) == hash { hashes += 1 }
                    if byte(position + hashes) == doubleQuote {
                        let (frame, after) = open(at: position + hashes, hashes: hashes)
                        stack.append(.string(frame)); position = after
                    } else {
                        position += max(1, hashes)
                    }
                case slash where byte(position + 1) == slash: skipToLineEnd()
                case slash where byte(position + 1) == star: skipBlockComment(nested: true)
                default: position += 1
                }
            }
        }
        position = min(position, count)
    }

    // MARK: Go

    mutating func lexGo(_ c: UInt8, _ start: Int) {
        if c == slash, byte(position + 1) == slash {
            skipToLineEnd(); emit(.comment, start, position); return
        }
        if c == slash, byte(position + 1) == star {
            skipBlockComment(nested: false); emit(.comment, start, position); return
        }
        if c == doubleQuote || c == singleQuote {
            skipQuoted(c, allowsEscapedNewline: false); emit(.string, start, position); return
        }
        if c == backtick {
            position += 1
            while position < count, buffer[position] != backtick { position += 1 }
            position = min(position + 1, count)
            emit(.string, start, position)
            return
        }
        if lexIdentifierOrNumber(c, start) { return }
        lexOperator(start)
    }
}
