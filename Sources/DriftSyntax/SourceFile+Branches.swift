/// Where a node sits relative to `try` statements and to branches written for another version,
/// platform or host: the queries rules share to tell code that expects a name, member or module
/// to be missing from code that relies on it. Every test reads the tree (and, where the tree keeps
/// an expression opaque, its tokens); none matches a whole line of text.
extension SourceFile {
    // MARK: Try

    /// Whether a `try` around `node` (in the same function) has a handler that catches one of
    /// `errors`, or everything (a bare `except:`, any JavaScript `catch`). With `crossingFunctions`, a `try`
    /// around the function that holds `node` counts too (a `NameError` raised by a name read in a
    /// function defined in the `try` body is caught when the function runs there).
    public func isInTry(_ node: Int, catching errors: [String], crossingFunctions: Bool = false) -> Bool {
        var child = node
        var current = tree.parent(of: node)
        while let n = current, crossingFunctions || tree[n].kind != .function {
            if tree[n].kind == .tryStatement, tree[child].role == .body {
                for handler in tree.children(of: n) where tree[handler].kind == .catchClause {
                    guard let type = tree.child(of: handler, role: .exceptionType) else { return true }
                    let caught = text(of: type)
                    if errors.contains(where: { caught.contains($0) }) { return true }
                }
            }
            child = n
            current = tree.parent(of: n)
        }
        return false
    }

    /// Whether `node` is in the body of the innermost `try` around it (same function) and that
    /// `try` has a handler: JavaScript feature detection (`try { localStorage } catch {}`).
    public func isInTryWithHandler(_ node: Int) -> Bool {
        guard let tryNode = enclosingTry(of: node) else { return false }
        return tree.children(of: tryNode).contains { tree[$0].kind == .catchClause }
    }

    // MARK: Compatibility branches

    /// Whether `node` sits where code for another version or platform goes: an `except` handler
    /// for a failed import or attribute (the Python 2 fallback of `try: from urllib.parse import
    /// quote`), or a branch of `if PY2:`, `if sys.version_info >= …:`, `if TYPE_CHECKING:`,
    /// `if sys.platform == …:`, `if hasattr(…)`, `x if PY3 else y`.
    public func isInCompatibilityBranch(_ node: Int, flags: Set<String>) -> Bool {
        var current = tree.parent(of: node)
        while let n = current {
            switch tree[n].kind {
            case .catchClause:
                guard let type = tree.child(of: n, role: .exceptionType) else { return true }
                let caught = text(of: type)
                if ["ImportError", "ModuleNotFoundError", "AttributeError", "Exception", "NameError"].contains(where: { caught.contains($0) }) {
                    return true
                }
            case .ifStatement:
                if let condition = tree.child(of: n, role: .condition) {
                    let start = tree[condition].startByte, end = tree[condition].endByte
                    if mentionsEnvironmentCheck(start, end) || flags.contains(where: { bytes(start, end, contain: $0) }) { return true }
                    let test = text(of: condition)
                    // `if PYPY:`, `if HAS_SSL:`: a constant flag set elsewhere.
                    let bare = test.hasPrefix("not ") ? String(test.dropFirst(4)) : test
                    if bare.count > 1, bare.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" || $0 == "." }) { return true }
                }
            case .function:
                // A test marked as failing or skipped (`@pytest.mark.xfail`, `@XFAIL`, `@unittest.skip`).
                for decorator in tree.children(of: n) where tree[decorator].role == .decorator {
                    let text = text(of: decorator).lowercased()
                    if text.contains("xfail") || text.contains("skip") { return true }
                }
            case .withStatement:
                // `with pytest.raises(ImportError):`, `with self.assertRaises(AttributeError):` expect the failure.
                let header = text(tree[n].startByte, tree.child(of: n, role: .body).map { tree[$0].startByte } ?? tree[n].endByte)
                if header.contains("raises") || header.contains("Raises") { return true }
            case .expression:
                if tree[n].endByte - tree[n].startByte < 400, mentionsEnvironmentCheck(tree[n].startByte, tree[n].endByte) { return true }
            default:
                break
            }
            current = tree.parent(of: n)
        }
        return false
    }

    /// Names assigned from an environment check (`PEP_560 = sys.version_info >= (3, 7)`,
    /// `WINDOWS = os.name == "nt"`), for recognising `if PEP_560:` as a compatibility branch.
    public func environmentFlags() -> Set<String> {
        var flags = Set<String>()
        for index in 0..<tree.count where tree[index].kind == .assignment {
            guard let target = tree.child(of: index, role: .target), tree[target].kind == .name, let name = name(of: target),
                  let value = tree.child(of: index, role: .value),
                  mentionsEnvironmentCheck(tree[value].startByte, tree[value].endByte) else { continue }
            flags.insert(name)
        }
        return flags
    }

    /// Words that mark a version, platform or feature check, in UTF-8: searched for in the bytes
    /// of every assignment value and condition, so never decoded into strings.
    private static let environmentCheckWords = EnvironmentWordSites.Words(
        ["PY2", "PY3", "PY_2", "PY_3", "PYTHON", "IS_PY", "PYPY", "version", "TYPE_CHECKING", "platform", "os.name", "hasattr", "typeof"]
            .map { Array($0.utf8) })

    /// Whether bytes `start..<end` hold one of `environmentCheckWords` whole. Assignment values
    /// nest (a dict of dicts), so scanning each range would read the same bytes many times: the
    /// words are found once per file (`EnvironmentWordSites`) and each range is a binary search.
    private func mentionsEnvironmentCheck(_ start: Int, _ end: Int) -> Bool {
        let sites = shared(EnvironmentWordSites.self) { EnvironmentWordSites(bytes, words: Self.environmentCheckWords) }
        return sites.anyWithin(start, end)
    }

    /// Whether a read sits in a branch that tests the interpreter's version (`if PY2:`,
    /// `str if PY3 else unicode`, `if sys.version_info[0] == 2:`), in its own function or class.
    public func isUnderVersionCheck(_ node: Int) -> Bool {
        var current = tree.parent(of: node)
        while let n = current {
            let kind = tree[n].kind
            if kind == .function || kind == .classDeclaration { return false }
            let range: (start: Int, end: Int)
            if kind == .ifStatement, let condition = tree.child(of: n, role: .condition) {
                range = (tree[condition].startByte, tree[condition].endByte)
            } else if kind == .expression {
                range = (tree[n].startByte, tree[n].endByte)
            } else {
                current = tree.parent(of: n)
                continue
            }
            let sites = shared(VersionWordSites.self) { VersionWordSites(sites: EnvironmentWordSites(bytes, words: Self.versionCheckWords)) }
            if sites.sites.anyWithin(range.start, range.end) { return true }
            current = tree.parent(of: n)
        }
        return false
    }

    /// Words that mark a test of the Python version (a narrower list than `environmentCheckWords`).
    private static let versionCheckWords = EnvironmentWordSites.Words(
        ["PY2", "PY3", "PY_2", "PY_3", "PYTHON2", "PYTHON3", "IS_PY", "version_info", "sys.version", "six."].map { Array($0.utf8) })

    /// Whether the expression at `node` is the operand of `typeof` (`typeof window`,
    /// `typeof (x)`): the tree folds the operator into its operand's range.
    public func isTypeofOperand(_ node: Int) -> Bool {
        let n = tree[node]
        return n.startByte < Int(n.nameStart) && hasCodeToken("typeof", from: n.startByte, to: Int(n.nameStart))
    }

    /// Names written as `typeof name` anywhere in the file: a file that tests for a global
    /// treats it as optional.
    public func typeofOperandNames() -> Set<String> {
        var names = Set<String>()
        for index in tokens.indices.dropLast() where tokens[index].length == 6 && text(of: tokens[index]) == "typeof" {
            var next = index + 1
            if text(of: tokens[next]) == "(", next + 1 < tokens.count { next += 1 }
            if tokens[next].kind == .identifier { names.insert(text(of: tokens[next])) }
        }
        return names
    }

    /// Whether `node` sits in an `if` or a conditional expression that tests globals with `typeof`
    /// first, in its own function: a branch for another host (Rhino, a browser, an old runtime)
    /// using that host's globals (`typeof globalThis !== 'undefined' ? globalThis : global || self`).
    public func isInHostProbe(_ node: Int) -> Bool {
        var current = tree.parent(of: node)
        let offset = tree[node].startByte
        while let n = current {
            let parent = tree[n]
            if parent.kind == .ifStatement, let condition = tree.child(of: n, role: .condition),
               hasCodeToken("typeof", from: tree[condition].startByte, to: tree[condition].endByte) { return true }
            if parent.kind == .expression, parent.startByte < offset, hasCodeToken("typeof", from: parent.startByte, to: offset) { return true }
            if parent.kind == .function { return false }
            current = tree.parent(of: n)
        }
        return false
    }

    /// Whether a code token (an identifier or keyword, not a string or comment) spelled `word`
    /// lies wholly in bytes `start..<end`.
    public func hasCodeToken(_ word: StaticString, from start: Int, to end: Int) -> Bool {
        var index = firstToken(atOrAfter: start)
        let length = word.utf8CodeUnitCount
        while index < tokens.count, tokens[index].end <= end {
            let token = tokens[index]
            index += 1
            guard token.kind == .identifier, token.length == length else { continue }
            var same = true
            for i in 0..<length where bytes[token.start + i] != word.utf8Start[i] { same = false; break }
            if same { return true }
        }
        return false
    }

    // MARK: Comments

    /// The comments on the line that holds byte `offset` (`# noqa`, `# type: ignore[…]`): the
    /// markers linters and type checkers read are comment text, so this query is textual by design.
    public func comments(onLineOf offset: Int) -> [Token] {
        let line = line(ofByte: offset)
        var index = firstToken(atOrAfter: offset)
        while index > 0, self.line(ofByte: tokens[index - 1].start) == line { index -= 1 }
        var result: [Token] = []
        while index < tokens.count, self.line(ofByte: tokens[index].start) == line {
            if tokens[index].kind == .comment { result.append(tokens[index]) }
            index += 1
        }
        return result
    }
}

/// `EnvironmentWordSites` for `versionCheckWords`, shared per file under its own type.
struct VersionWordSites: Sendable {
    let sites: EnvironmentWordSites
}

/// Every place one of a few words occurs in a file, sorted by start: whether a range holds one
/// of them whole is then a binary search instead of a scan per word.
struct EnvironmentWordSites: Sendable {
    /// The words to find, indexed once (not per file).
    struct Words: Sendable {
        fileprivate let byFirstByte: [[[UInt8]]]
        /// Whether some word starts with these two bytes (`first << 8 | second`). Letters such as
        /// `p`, `t`, `o` start words but begin most identifiers too; pairs such as `pl`, `ty`, `os`
        /// are rare, so this flat table rejects nearly every position without touching a list.
        fileprivate let startsWord: [Bool]

        /// `words` must be at least two bytes long each.
        init(_ words: [[UInt8]]) {
            precondition(words.allSatisfy { $0.count >= 2 }, "the pair table needs words of two bytes or more")
            var byFirstByte = [[[UInt8]]](repeating: [], count: 256)
            var startsWord = [Bool](repeating: false, count: 1 << 16)
            for word in words {
                byFirstByte[Int(word[0])].append(word)
                startsWord[Int(word[0]) << 8 | Int(word[1])] = true
            }
            self.byFirstByte = byFirstByte
            self.startsWord = startsWord
        }
    }

    /// Start and end byte of each occurrence, sorted by start (words may overlap).
    private var sites: [(start: Int, end: Int)] = []

    init(_ bytes: [UInt8], words: Words) {
        bytes.withUnsafeBufferPointer { buffer in
            words.startsWord.withUnsafeBufferPointer { startsWord in
                guard buffer.count >= 2 else { return }
                for i in 0..<(buffer.count - 1) where startsWord[Int(buffer[i]) << 8 | Int(buffer[i + 1])] {
                    for word in words.byFirstByte[Int(buffer[i])] where i + word.count <= buffer.count {
                        var j = 1
                        while j < word.count, buffer[i + j] == word[j] { j += 1 }
                        if j == word.count { sites.append((i, i + word.count)) }
                    }
                }
            }
        }
    }

    /// Whether some occurrence lies entirely inside `start..<end`.
    func anyWithin(_ start: Int, _ end: Int) -> Bool {
        var low = 0, high = sites.count
        while low < high {
            let mid = (low + high) / 2
            if sites[mid].start < start { low = mid + 1 } else { high = mid }
        }
        var index = low
        while index < sites.count, sites[index].start < end {
            if sites[index].end <= end { return true }
            index += 1
        }
        return false
    }
}
