/// TypeScript types: skipped over, never modelled (rules ask where values go, not their types).
extension JavaScriptParser {
    /// Skips a type annotation. Brackets are jumped over; `<…>` is counted (`>>` closes two);
    /// outside brackets the type ends at a token in `stops`, at `{` when `braceEnds` and a type is
    /// complete, at `=>` when `arrowEnds`, and at a line break after a complete type unless
    /// `allowNewline`.
    mutating func skipType(_ stops: Set<TokenCode>, allowNewline: Bool, braceEnds: Bool = false, arrowEnds: Bool = false, limit: Int = Int.max) {
        var angle = 0
        var expectOperand = true
        var lastWasParenGroup = false
        var steps = 0
        while !atEnd {
            steps += 1
            if steps > limit { return }
            let c = code
            if c == .rparen || c == .rbracket || c == .rbrace || c == .semicolon { return }
            if angle == 0 {
                if c == .lbrace {
                    if braceEnds, !expectOperand { return }
                } else if c == .arrow {
                    if arrowEnds || stops.contains(.arrow), !lastWasParenGroup { return }
                } else if stops.contains(c) {
                    return
                }
                if !allowNewline, !expectOperand, startsLine(pos),
                   !(c == .pipe || c == .ampersand || c == .dot || c == .question || c == .colon || c == .kwExtends || c == .arrow) { return }
            }
            lastWasParenGroup = false
            switch c {
            case .lparen:
                lastWasParenGroup = expectOperand
                pos = closing(pos) + 1
                expectOperand = false
            case .lbracket, .lbrace:
                pos = closing(pos) + 1
                expectOperand = false
            case .less: angle += 1; pos += 1; expectOperand = true
            case .greater, .shiftRight, .shiftRightUnsigned:
                if angle == 0 { return }
                angle = max(0, angle - (c == .greater ? 1 : c == .shiftRight ? 2 : 3))
                pos += 1
                expectOperand = false
            case .pipe, .ampersand, .arrow, .question, .colon, .dot, .kwKeyof, .kwTypeof, .kwExtends, .comma, .assign,
                 .kwReadonly, .kwIn, .kwIs, .questionDot, .ellipsis, .minus:
                pos += 1
                expectOperand = true
            case .kwNew:
                pos += 1
                expectOperand = true
            default:
                // Type predicates and modifiers: `x is T`, `asserts x is T`, `infer R`, `unique symbol`.
                if c == .identifier, isWord(pos, "is") || ((isWord(pos, "asserts") || isWord(pos, "infer") || isWord(pos, "unique"))
                    && (isIdentifierLike(code(at: pos + 1)) || code(at: pos + 1) == .kwThis)) {
                    pos += 1
                    expectOperand = true
                    continue
                }
                if !expectOperand, angle == 0 { return }
                pos += 1
                expectOperand = false
            }
        }
    }

    /// The position after `<…>` type arguments starting at `open`, if the tokens there can be
    /// type arguments (bounded look-ahead, so this stays linear).
    func typeArgumentsEnd(_ open: Int) -> Int? {
        guard code(at: open) == .less else { return nil }
        var angle = 0
        var i = open
        var steps = 0
        while i < toks.count, steps < 256 {
            steps += 1
            let c = codes[i]
            switch c {
            case .less: angle += 1
            case .greater: angle -= 1
            case .shiftRight: angle -= 2
            case .shiftRightUnsigned: angle -= 3
            case .lparen, .lbracket, .lbrace:
                i = closing(i)
            case .identifier, .comma, .dot, .pipe, .ampersand, .string, .number, .question, .colon, .arrow, .assign,
                 .kwTypeof, .kwKeyof, .kwExtends, .kwNull, .kwUndefined, .kwTrue, .kwFalse, .kwThis, .kwVoid, .kwReadonly,
                 .kwIn, .kwConst, .minus, .ellipsis, .kwFunction, .kwNew:
                break
            default:
                if !(c.isKeyword && isIdentifierLike(c)) { return nil }
            }
            i += 1
            if angle == 0 { return i }
            if angle < 0 { return nil }
        }
        return nil
    }
}

