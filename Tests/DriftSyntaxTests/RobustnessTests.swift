import DriftSyntax
import Foundation
import Testing

/// A small deterministic generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs `body` on a thread with a bounded stack. Nesting is capped at `ParserCore.maxDepth`, so the
/// stack a parse needs is bounded too: debug builds (tests) have frames several times larger than
/// release builds, which `bench/` checks on a 512 KiB thread.
func onSmallStack(_ bytes: Int = 4096 * 1024, _ body: @escaping @Sendable () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        body()
        done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
}

/// Checks the invariants every tree keeps, whatever the input.
func checkInvariants(_ file: SourceFile) {
    let tree = file.tree
    let size = Int32(truncatingIfNeeded: file.bytes.count)
    var bad = 0
    for index in 0..<tree.count {
        let node = tree[index]
        if !(0 <= node.start && node.start <= node.end && node.end <= size) { bad += 1 }
        if index > 0, !(node.parent >= 0 && Int(node.parent) < tree.count) { bad += 1 }
        if node.hasName, !(node.nameStart >= 0 && node.nameEnd <= size) { bad += 1 }
    }
    #expect(bad == 0, "\(bad) nodes break the invariants in \(file.path)")
    // Every token is parsed once: a handful of nodes per token or byte at most (template holes are
    // lexed again inside their string token, hence the bytes); re-parsing would blow this.
    #expect(tree.count <= 8 * (file.tokens.count + file.bytes.count) + 16, "\(tree.count) nodes for \(file.tokens.count) tokens in \(file.path)")
}

let allLanguages: [(Language, String)] = [(.python, "x.py"), (.javascript, "x.js"), (.typescript, "x.ts"), (.typescript, "x.tsx"), (.swift, "x.swift"), (.go, "x.go")]

@Suite struct RobustnessTests {
    @Test func randomBytesInvalidUTF8AndNULs() {
        var rng = SplitMix64(state: 42)
        for round in 0..<300 {
            let length = Int.random(in: 0..<2048, using: &rng)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if round % 3 == 0 { for i in stride(from: 0, to: bytes.count, by: 7) { bytes[i] = 0 } }
            for (language, path) in allLanguages {
                checkInvariants(SourceFile(path: path, language: language, bytes: bytes))
            }
        }
    }

    /// Random sequences of the tokens that steer the parsers: brackets, keywords, quotes, line
    /// breaks and indentation, which reach far more parser states than random bytes.
    @Test func randomTokenSoup() {
        let vocabulary = [
            "(", ")", "[", "]", "{", "}", ":", ";", ",", ".", "?.", "=>", "=", "<", ">", "/", "*", "**", "...", "@", "!",
            "def ", "class ", "if ", "elif ", "else", "for ", "in ", "while ", "try", "except ", "finally", "with ", "as ",
            "return ", "raise ", "import ", "from ", "lambda ", "await ", "async ", "yield ", "not ", "pass",
            "function ", "const ", "let ", "var ", "new ", "export ", "default ", "interface ", "type ", "enum ",
            "catch ", "throw ", "switch ", "case ", "abstract ", "declare ", "static ", "get ", "of ",
            "x", "foo", "bar", "1", "'s'", "\"t\"", "`a${", "}`", "f\"{", "\"", "'''", "/re/", "<div>", "</div>", "<>",
            "\n", "\n    ", "\n\t", "\\\n", "# c\n", "// c\n", "/* c */", " ",
        ]
        var rng = SplitMix64(state: 7)
        for _ in 0..<400 {
            let count = Int.random(in: 1..<200, using: &rng)
            let text = (0..<count).map { _ in vocabulary.randomElement(using: &rng)! }.joined()
            for (language, path) in allLanguages {
                checkInvariants(SourceFile(path: path, language: language, text: text))
            }
        }
    }

    /// Found by the fuzzer: a group whose partner closes before an unclosed bracket inside it
    /// ends (`( [ )`) sent the parser back over tokens it had parsed, exponentially often.
    @Test func mismatchedBracketsAreParsedOnce() {
        for unit in ["( [ ) ", "f(a[b) ", "{ ( } ", "x = [ ( ] ", "    [[[(\\d+)\n"] {
            let text = String(repeating: unit, count: 300)
            for (language, path) in allLanguages { checkInvariants(SourceFile(path: path, language: language, text: text)) }
        }
    }

    /// Inputs the fuzzer found (Fuzz/regressions) keep the invariants and stay fast.
    @Test func fuzzerRegressions() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            for (language, path) in allLanguages { checkInvariants(SourceFile(path: path, language: language, bytes: bytes)) }
        }
    }

    @Test func hundredThousandNestedBracketsOnASmallStack() {
        let inputs = [
            String(repeating: "(", count: 100_000),
            String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
            "x = " + String(repeating: "f(", count: 100_000) + String(repeating: ")", count: 100_000),
            String(repeating: "{", count: 100_000),
            "a = " + String(repeating: "{\"k\": [", count: 50_000),
            String(repeating: "`${", count: 50_000),
            String(repeating: "<a>", count: 50_000),
            String(repeating: "f\"{", count: 30_000),
            (0..<3000).map { String(repeating: " ", count: $0) + "if x:\n" }.joined(),
            String(repeating: "function f() {", count: 50_000),
            String(repeating: "() => ", count: 50_000) + "x",
            String(repeating: "await ", count: 100_000) + "x",
            String(repeating: "-", count: 100_000) + "x",
            String(repeating: "a ? ", count: 50_000) + "b",
            String(repeating: "lambda: ", count: 50_000) + "x",
        ]
        for input in inputs {
            onSmallStack {
                for (language, path) in [(Language.python, "x.py"), (.javascript, "x.js"), (.typescript, "x.ts")] {
                    checkInvariants(SourceFile(path: path, language: language, text: input))
                }
            }
        }
    }

    /// Time at n and at 4n: a quadratic parser takes 16 times as long; allow 10 for noise.
    @Test(arguments: [
        "x = a.b(c, d)[e] + f\n",
        "(",
        "f(\n",
        "a.",
        "`${x}`",
        "x = {a: [1, 2, {b: 'c'}]}\n",
        "if x:\n    y = 1\n",
        "a < b > (c) ; ",
        "(x) : (y) => ",
        "<a b={c}>d</a>",
        "@",
        "\"unterminated\n",
        "def f(:\n",
        "c ? (x) : ",
        "s = f\"{a!r:>{w}} {f'{b=}'} {c:#x}\"\n",
        "f'''{x:{",
        "f\"{",
        "f\"{(\n",
        #"`${/"/g}`"#,
    ])
    func linearTime(_ unit: String) {
        func seconds(_ text: String) -> Double {
            let clock = ContinuousClock()
            let start = clock.now
            for (language, path) in [(Language.python, "x.py"), (.javascript, "x.js"), (.typescript, "x.ts")] {
                _ = SourceFile(path: path, language: language, text: text)
            }
            let elapsed = clock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        let n = max(1, 20_000 / unit.utf8.count)
        let smallText = String(repeating: unit, count: n), largeText = String(repeating: unit, count: 4 * n)
        // Interleaved, best of five: a busy machine slows single runs, not the best of several.
        var small = Double.infinity, large = Double.infinity
        for _ in 0..<5 {
            small = min(small, seconds(smallText))
            large = min(large, seconds(largeText))
        }
        #expect(large < max(small, 0.005) * 12, "\(unit.debugDescription): \(small)s at n, \(large)s at 4n")
    }

    @Test func multiMegabyteSingleLine() {
        let line = String(repeating: "a.b(c) + 'd' + ", count: 140_000) + "e"  // ~2.1 MB, no line break
        for (language, path) in [(Language.python, "x.py"), (.javascript, "x.js"), (.typescript, "x.ts")] {
            let file = SourceFile(path: path, language: language, text: line)
            checkInvariants(file)
            _ = file.location(ofByte: file.bytes.count - 1)
        }
    }
}
