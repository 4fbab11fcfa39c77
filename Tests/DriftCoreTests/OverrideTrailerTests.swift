import DriftCore
import Testing

@Suite struct OverrideTrailerTests {
    static let ids = ["elided-code": "elided-code", "placeholder-credential": "placeholder-credential", "old-name": "elided-code"]

    @Test(arguments: ["—", "–", "--", "-"])
    func everyDashSeparatesTheReason(dash: String) throws {
        let override = try OverrideTrailer.parse("elided-code \(dash) generated fixture", ruleIDs: Self.ids).get()
        #expect(override == OverrideTrailer(scope: .rules(["elided-code"]), reason: "generated fixture"))
    }

    @Test func severalIdsAndAliases() throws {
        let override = try OverrideTrailer.parse("elided-code, placeholder-credential,old-name — docs example", ruleIDs: Self.ids).get()
        #expect(override.scope == .rules(["elided-code", "placeholder-credential"]))
        #expect(override.covers("placeholder-credential"))
    }

    @Test func allCoversEverything() throws {
        let override = try OverrideTrailer.parse("all — vendored code", ruleIDs: Self.ids).get()
        #expect(override.covers("anything"))
    }

    @Test(arguments: ["elided-code", "elided-code —", "elided-code - ", "elided-code -- ...", "all", ""])
    func aReasonIsRequired(value: String) {
        guard case .failure(let error) = OverrideTrailer.parse(value, ruleIDs: Self.ids) else {
            Issue.record("accepted \(value)")
            return
        }
        #expect(error.problem.contains("reason"))
    }

    @Test func unknownIdsAreRejectedWithASuggestion() {
        guard case .failure(let error) = OverrideTrailer.parse("elided-cod — x", ruleIDs: Self.ids) else {
            Issue.record("accepted")
            return
        }
        #expect(error.problem == "unknown rule id 'elided-cod' (did you mean 'elided-code'?); `drift rules` lists them")
    }

    @Test func thePlaceholderFromTheHintIsNotAReason() {
        guard case .failure = OverrideTrailer.parse("elided-code — <why this is safe>", ruleIDs: Self.ids) else {
            Issue.record("accepted the placeholder")
            return
        }
    }

    @Test func allCannotBeMixedWithIds() {
        guard case .failure = OverrideTrailer.parse("all, elided-code — x", ruleIDs: Self.ids) else {
            Issue.record("accepted")
            return
        }
    }
}
