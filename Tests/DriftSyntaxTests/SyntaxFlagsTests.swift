import DriftSyntax
import Testing

/// `SyntaxFlags` has room for Go and Swift without making nodes bigger (issue 11).
@Suite struct SyntaxFlagsTests {
    /// The second word of flags fills padding the node already had.
    @Test func nodeStaysFiftySixBytes() {
        #expect(MemoryLayout<SyntaxNode>.stride == 56)
        #expect(MemoryLayout<SyntaxFlags>.size == 12)
    }

    /// A flag in the high word is distinct from the low bit with the same number, and set
    /// operations keep both words.
    @Test func highWordFlagsAreTheirOwn() {
        let high = SyntaxFlags(high: 1 << 0)
        let top = SyntaxFlags(high: 1 << 31)
        #expect(!high.contains(.async) && !SyntaxFlags.async.contains(high))
        var flags: SyntaxFlags = [.async, .jump, high, top]
        #expect(flags.contains(high) && flags.contains(top) && flags.contains(.async) && flags.contains(.jump))
        #expect(!flags.contains(.generator))
        flags.remove(.async)
        #expect(flags == [.jump, high, top])
        #expect(flags.intersection([high, .generator]) == high)
        #expect(flags.symmetricDifference(top) == [.jump, high])
        #expect(SyntaxFlags(low: 1 << 63).isDisjoint(with: SyntaxFlags(high: 1 << 31)))
        #expect(!SyntaxFlags(high: 1 << 5).isEmpty && SyntaxFlags().isEmpty)
    }

    /// Flags survive on the nodes the parser builds (both words are written and read back).
    @Test func parsedFlagsRoundTrip() {
        let file = parsed("async function* f() { for await (const x of y) break }\n", .javascript)
        let function = file.tree.nodes(ofKind: .function)[0]
        #expect(file.tree[function].flags == [.async, .generator])
        let loop = file.tree.nodes(ofKind: .loop)[0]
        #expect(file.tree[loop].flags == [.awaiting, .forOf])
    }
}
