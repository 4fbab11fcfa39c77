import Testing
@testable import DriftSyntax

/// `SourceFile.shared`: per-file analyses several rules ask for are built once and handed to every
/// later caller, copies of the file included; the shared scope analysis is the one a fresh build gives.
@Suite struct SharedAnalysisTests {
    struct Count: Sendable, Equatable { var value: Int }
    struct Other: Sendable, Equatable { var value: Int }

    @Test func aValueIsBuiltOnceAndSharedByCopiesOfTheFile() {
        let file = SourceFile(path: "x.py", language: .python, text: "x = 1\n")
        let copy = file
        var builds = 0
        let first = file.shared(Count.self) { builds += 1; return Count(value: 7) }
        let second = copy.shared(Count.self) { builds += 1; return Count(value: 8) }
        #expect(first == Count(value: 7) && second == Count(value: 7))
        #expect(builds == 1)
        // Another type is another value; another file has its own.
        #expect(file.shared(Other.self) { Other(value: 1) } == Other(value: 1))
        let other = SourceFile(path: "x.py", language: .python, text: "x = 1\n")
        #expect(other.shared(Count.self) { Count(value: 9) } == Count(value: 9))
    }

    @Test func aBuildMayAskForAnotherSharedValue() {
        let file = SourceFile(path: "x.py", language: .python, text: "import os\nos.getcwd()\n")
        let outer = file.shared(Count.self) { Count(value: file.scopeAnalysis().references.count) }
        #expect(outer == Count(value: 1))
    }

    @Test func threadsRacingForAValueAllGetTheFirstStoredOne() async {
        let file = SourceFile(path: "x.py", language: .python, text: "x = 1\n")
        let values = await withTaskGroup(of: Count.self) { group in
            for index in 0..<16 { group.addTask { file.shared(Count.self) { Count(value: index) } } }
            return await group.reduce(into: Set<Int>()) { $0.insert($1.value) }
        }
        #expect(values.count == 1)
    }

    @Test func theSharedScopeAnalysisIsTheOneAFreshBuildGives() {
        let code = "import os\ndef f(a):\n    return a + b + os.sep\nclass C:\n    y = f\n"
        let file = SourceFile(path: "x.py", language: .python, text: code)
        var builder = ScopeBuilder(file: file)
        builder.run()
        let fresh = builder.result
        for _ in 0..<2 {
            let shared = file.scopeAnalysis()
            #expect(shared.references.map(\.name) == fresh.references.map(\.name))
            #expect(shared.unresolved.map(\.name) == fresh.unresolved.map(\.name) && shared.unresolved.map(\.name) == ["b"])
            #expect(shared.scopes.count == fresh.scopes.count)
        }
    }
}
