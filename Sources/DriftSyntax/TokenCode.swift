/// A token classified for the parser: keyword, bracket or operator, in one byte.
///
/// Classifying once up front lets the parser compare bytes instead of strings on every lookahead.
enum TokenCode: UInt8 {
    case identifier, number, string, regex, jsx, unknown, eof
    // Brackets and separators.
    case lparen, rparen, lbracket, rbracket, lbrace, rbrace
    case dot, questionDot, comma, semicolon, colon, assign, arrow, thinArrow, at, star, starStar
    case ellipsis, less, greater, shiftRight, shiftRightUnsigned, bang, question, walrus
    case augmentedAssign, plusPlus, minusMinus, andAnd, orOr, nullish, pipe, ampersand, minus, plus
    case tilde, operatorOther
    // Keywords (both languages; which apply depends on the language).
    case kwDef, kwClass, kwIf, kwElif, kwElse, kwFor, kwWhile, kwTry, kwExcept, kwFinally, kwWith
    case kwReturn, kwRaise, kwPass, kwBreak, kwContinue, kwImport, kwFrom, kwAs, kwGlobal, kwNonlocal
    case kwDel, kwAssert, kwLambda, kwYield, kwAwait, kwAsync, kwNot, kwAnd, kwOr, kwIn, kwIs
    case kwNone, kwTrue, kwFalse
    case kwFunction, kwVar, kwLet, kwConst, kwNew, kwThis, kwTypeof, kwVoid, kwDelete, kwInstanceof
    case kwCatch, kwThrow, kwDo, kwSwitch, kwCase, kwDefault, kwExport, kwExtends, kwSuper, kwNull
    case kwUndefined, kwOf, kwStatic, kwGet, kwSet, kwInterface, kwType, kwEnum, kwDeclare
    case kwAbstract, kwNamespace, kwModule, kwImplements, kwPublic, kwPrivate, kwProtected
    case kwReadonly, kwOverride, kwSatisfies, kwKeyof, kwDebugger, kwAccessor, kwRequire, kwMatch

    var isKeyword: Bool { rawValue >= TokenCode.kwDef.rawValue }
    var isOpenBracket: Bool { self == .lparen || self == .lbracket || self == .lbrace }
    var isCloseBracket: Bool { self == .rparen || self == .rbracket || self == .rbrace }

    static let pythonKeywords: [String: TokenCode] = [
        "def": .kwDef, "class": .kwClass, "if": .kwIf, "elif": .kwElif, "else": .kwElse, "for": .kwFor,
        "while": .kwWhile, "try": .kwTry, "except": .kwExcept, "finally": .kwFinally, "with": .kwWith,
        "return": .kwReturn, "raise": .kwRaise, "pass": .kwPass, "break": .kwBreak, "continue": .kwContinue,
        "import": .kwImport, "from": .kwFrom, "as": .kwAs, "global": .kwGlobal, "nonlocal": .kwNonlocal,
        "del": .kwDel, "assert": .kwAssert, "lambda": .kwLambda, "yield": .kwYield, "await": .kwAwait,
        "async": .kwAsync, "not": .kwNot, "and": .kwAnd, "or": .kwOr, "in": .kwIn, "is": .kwIs,
        "None": .kwNone, "True": .kwTrue, "False": .kwFalse, "match": .kwMatch, "case": .kwCase,
    ]

    static let javascriptKeywords: [String: TokenCode] = [
        "function": .kwFunction, "class": .kwClass, "if": .kwIf, "else": .kwElse, "for": .kwFor,
        "while": .kwWhile, "try": .kwTry, "catch": .kwCatch, "finally": .kwFinally, "with": .kwWith,
        "return": .kwReturn, "throw": .kwThrow, "break": .kwBreak, "continue": .kwContinue,
        "import": .kwImport, "from": .kwFrom, "as": .kwAs, "yield": .kwYield, "await": .kwAwait,
        "async": .kwAsync, "in": .kwIn, "var": .kwVar, "let": .kwLet, "const": .kwConst, "new": .kwNew,
        "this": .kwThis, "typeof": .kwTypeof, "void": .kwVoid, "delete": .kwDelete,
        "instanceof": .kwInstanceof, "do": .kwDo, "switch": .kwSwitch, "case": .kwCase,
        "default": .kwDefault, "export": .kwExport, "extends": .kwExtends, "super": .kwSuper,
        "null": .kwNull, "undefined": .kwUndefined, "true": .kwTrue, "false": .kwFalse, "of": .kwOf,
        "static": .kwStatic, "get": .kwGet, "set": .kwSet, "interface": .kwInterface, "type": .kwType,
        "enum": .kwEnum, "declare": .kwDeclare, "abstract": .kwAbstract, "namespace": .kwNamespace,
        "module": .kwModule, "implements": .kwImplements, "public": .kwPublic, "private": .kwPrivate,
        "protected": .kwProtected, "readonly": .kwReadonly, "override": .kwOverride,
        "satisfies": .kwSatisfies, "keyof": .kwKeyof, "debugger": .kwDebugger, "accessor": .kwAccessor,
        "require": .kwRequire,
    ]

    /// Keywords bucketed by length and first byte, so a lookup compares a handful of bytes and
    /// never hashes or builds a string.
    struct KeywordTable {
        var buckets: [[([UInt8], TokenCode)]]

        init(_ keywords: [String: TokenCode]) {
            buckets = Array(repeating: [], count: 11 * 256)
            for (word, code) in keywords {
                let bytes = Array(word.utf8)
                buckets[bytes.count * 256 + Int(bytes[0])].append((bytes, code))
            }
        }

        @inline(__always)
        func lookup(_ source: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> TokenCode {
            for (word, code) in buckets[length * 256 + Int(source[start])] {
                var i = 1
                while i < length, source[start + i] == word[i] { i += 1 }
                if i == length { return code }
            }
            return .identifier
        }
    }

    static let pythonTable = KeywordTable(pythonKeywords)
    static let javascriptTable = KeywordTable(javascriptKeywords)

    /// The keywords of `language` (Python's or JavaScript's, which TypeScript shares).
    static func keywords(of language: Language) -> KeywordTable {
        language == .python ? pythonTable : javascriptTable
    }

    /// Classifies every token of `tokens` (comments excluded by the caller).
    static func classify(_ tokens: [Token], bytes: UnsafeBufferPointer<UInt8>, language: Language) -> [TokenCode] {
        let keywords = keywords(of: language)
        var codes: [TokenCode] = []
        codes.reserveCapacity(tokens.count + 1)
        for token in tokens {
            switch token.kind {
            case .identifier:
                let length = token.end - token.start
                // No keyword is longer than 10 bytes; short strings are stored inline, so this allocates nothing.
                if length <= 10, length >= 2 {
                    codes.append(keywords.lookup(bytes, token.start, length))
                } else {
                    codes.append(.identifier)
                }
            case .number: codes.append(.number)
            case .string: codes.append(.string)
            case .regex: codes.append(.regex)
            case .jsx: codes.append(.jsx)
            case .unknown: codes.append(.unknown)
            case .comment: codes.append(.unknown)
            case .punctuation: codes.append(punctuation(bytes, token.start, token.end))
            }
        }
        return codes
    }

    static func punctuation(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> TokenCode {
        let a = bytes[start]
        let length = end - start
        if length == 1 {
            switch a {
            case UInt8(ascii: "("): return .lparen
            case UInt8(ascii: ")"): return .rparen
            case UInt8(ascii: "["): return .lbracket
            case UInt8(ascii: "]"): return .rbracket
            case UInt8(ascii: "{"): return .lbrace
            case UInt8(ascii: "}"): return .rbrace
            case UInt8(ascii: "."): return .dot
            case UInt8(ascii: ","): return .comma
            case UInt8(ascii: ";"): return .semicolon
            case UInt8(ascii: ":"): return .colon
            case UInt8(ascii: "="): return .assign
            case UInt8(ascii: "@"): return .at
            case UInt8(ascii: "*"): return .star
            case UInt8(ascii: "<"): return .less
            case UInt8(ascii: ">"): return .greater
            case UInt8(ascii: "!"): return .bang
            case UInt8(ascii: "?"): return .question
            case UInt8(ascii: "|"): return .pipe
            case UInt8(ascii: "&"): return .ampersand
            case UInt8(ascii: "-"): return .minus
            case UInt8(ascii: "+"): return .plus
            case UInt8(ascii: "~"): return .tilde
            default: return a < 0x20 || a >= 0x7F ? .unknown : .operatorOther
            }
        }
        let b = bytes[start + 1]
        if length == 2 {
            switch (a, b) {
            case (UInt8(ascii: "?"), UInt8(ascii: ".")): return .questionDot
            case (UInt8(ascii: "="), UInt8(ascii: ">")): return .arrow
            case (UInt8(ascii: "-"), UInt8(ascii: ">")): return .thinArrow
            case (UInt8(ascii: "*"), UInt8(ascii: "*")): return .starStar
            case (UInt8(ascii: ">"), UInt8(ascii: ">")): return .shiftRight
            case (UInt8(ascii: ":"), UInt8(ascii: "=")): return .walrus
            case (UInt8(ascii: "+"), UInt8(ascii: "+")): return .plusPlus
            case (UInt8(ascii: "-"), UInt8(ascii: "-")): return .minusMinus
            case (UInt8(ascii: "&"), UInt8(ascii: "&")): return .andAnd
            case (UInt8(ascii: "|"), UInt8(ascii: "|")): return .orOr
            case (UInt8(ascii: "?"), UInt8(ascii: "?")): return .nullish
            case (UInt8(ascii: "="), UInt8(ascii: "=")), (UInt8(ascii: "!"), UInt8(ascii: "=")),
                 (UInt8(ascii: "<"), UInt8(ascii: "=")), (UInt8(ascii: ">"), UInt8(ascii: "=")),
                 (UInt8(ascii: "<"), UInt8(ascii: "<")), (UInt8(ascii: "/"), UInt8(ascii: "/")),
                 (UInt8(ascii: ":"), UInt8(ascii: ":")), (UInt8(ascii: "."), UInt8(ascii: ".")):
                return .operatorOther
            default:
                return b == UInt8(ascii: "=") ? .augmentedAssign : .operatorOther
            }
        }
        if length == 3 {
            if a == UInt8(ascii: "."), b == UInt8(ascii: ".") { return bytes[start + 2] == UInt8(ascii: ".") ? .ellipsis : .operatorOther }
            if a == UInt8(ascii: ">"), b == UInt8(ascii: ">"), bytes[start + 2] == UInt8(ascii: ">") { return .shiftRightUnsigned }
            if a == UInt8(ascii: "="), b == UInt8(ascii: "=") { return .operatorOther }  // ===
            if a == UInt8(ascii: "!"), b == UInt8(ascii: "=") { return .operatorOther }  // !==
        }
        return bytes[end - 1] == UInt8(ascii: "=") ? .augmentedAssign : .operatorOther
    }
}
