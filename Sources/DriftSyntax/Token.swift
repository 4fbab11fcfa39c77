/// One lexical token: a byte range of the source and what kind of thing it is.
public struct Token: Sendable, Equatable {
    /// What a token is, as far as rules need to know.
    public enum Kind: UInt8, Sendable {
        case identifier
        case number
        /// A string literal of any form (quoted, triple-quoted, raw, template, f-string), delimiters included.
        case string
        /// A JavaScript regular-expression literal.
        case regex
        /// A line or block comment, delimiters included.
        case comment
        /// An operator or punctuation mark (multi-character operators are one token).
        case punctuation
        /// JSX markup between code holes: tags, attribute names and values, text.
        case jsx
        /// A byte sequence the lexer could not classify (stray bytes, invalid UTF-8).
        case unknown
    }

    public var kind: Kind
    /// Byte offset of the first byte.
    public var start: Int
    /// Byte offset one past the last byte.
    public var end: Int
    /// True when a newline lies between the previous token and this one.
    public var startsLine: Bool

    public init(kind: Kind, start: Int, end: Int, startsLine: Bool = false) {
        self.kind = kind
        self.start = start
        self.end = end
        self.startsLine = startsLine
    }

    public var length: Int { end - start }
}
