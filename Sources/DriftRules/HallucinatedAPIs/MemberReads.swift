import DriftSyntax

/// Questions the member rules (`unknown-module-member`, `unknown-builtin-member`) ask about a
/// read of `object.member`: whether the code around it expects the member to be missing, or
/// adds it itself — in those places a member absent from the data is no bug.
extension SourceFile {
    /// The member nodes read off `node` outward: for the `os` name in `os.path.exist(x)`, the
    /// nodes of `os.path` and `os.path.exist`, innermost first.
    func memberReads(on node: Int) -> [Int] {
        var result: [Int] = []
        var current = node
        while let parent = tree.parent(of: current), tree[parent].kind == .member, tree[current].role == .object {
            result.append(parent)
            current = parent
        }
        return result
    }

    /// Whether a `try` around `node` (in the same function) has a handler that catches one of
    /// `errors`, or everything (a bare `except:`, any JavaScript `catch`).
    func isInTry(_ node: Int, catching errors: [String]) -> Bool {
        var child = node
        var current = tree.parent(of: node)
        while let n = current, tree[n].kind != .function {
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

    /// Whether `node` sits where code for another version or platform goes: an `except` handler
    /// for a failed import or attribute (the Python 2 fallback of `try: from urllib.parse import
    /// quote`), or a branch of `if PY2:`, `if sys.version_info >= …:`, `if TYPE_CHECKING:`,
    /// `if sys.platform == …:`, `if hasattr(…)`, `x if PY3 else y`.
    func isInCompatibilityBranch(_ node: Int, flags: Set<String>) -> Bool {
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
    func environmentFlags() -> Set<String> {
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

    /// Whether the read at `member` tests for the member instead of using it: `typeof a.b`,
    /// `if (a.b)`, `a.b || fallback`, `!a.b`, `a.b?.()`.
    func isFeatureTest(_ member: Int) -> Bool {
        let node = tree[member]
        if node.flags.contains(.optional) || node.role == .condition { return true }
        let index = firstToken(atOrAfter: node.startByte)
        if index > 0, text(of: tokens[index - 1]) == "typeof" { return true }
        if let parent = tree.parent(of: member), tree[parent].kind == .expression { return true }
        if let parent = tree.parent(of: member), tree[parent].kind == .call, node.role == .callee,
           tree[parent].flags.contains(.optional) { return true }
        return false
    }

    /// Member names this file assigns anywhere (`os.x = …`, `Array.prototype.flatten = …`):
    /// the file adds them, so reading them is no hallucination.
    func assignedMemberNames() -> Set<String> {
        var names = Set<String>()
        for index in 0..<tree.count where tree[index].kind == .member && tree[index].role == .target {
            if let name = name(of: index) { names.insert(name) }
        }
        return names
    }

    /// Member names given as strings to reflection (`hasattr(m, "x")`, `getattr`, `setattr`,
    /// `Object.defineProperty(X, 'x', …)`, `Reflect.has`): probed for or added at run time.
    func reflectedMemberNames() -> Set<String> {
        var names = Set<String>()
        for chain in ["hasattr", "getattr", "setattr", "delattr", "defineProperty", "Reflect.has", "Reflect.get", "hasOwnProperty"] {
            for call in calls(to: chain, suffix: true) {
                for argument in arguments(of: call) where tree[argument].kind == .literal && tree[argument].flags.contains(.string) {
                    names.insert(stringValue(of: argument))
                }
            }
        }
        return names
    }

    /// The text of a string literal node without its quotes and prefix letters.
    func stringValue(of node: Int) -> String {
        var text = Substring(text(of: node))
        while let first = text.first, first.isLetter { text = text.dropFirst() }
        let quotes: Set<Character> = ["'", "\"", "`"]
        while let first = text.first, quotes.contains(first) { text = text.dropFirst() }
        while let last = text.last, quotes.contains(last) { text = text.dropLast() }
        return String(text)
    }
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
