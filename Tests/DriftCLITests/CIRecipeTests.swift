import Foundation
import Testing

/// The recipes of docs/ci.md (GitHub workflow and composite action, plain GitHub steps, GitLab CI,
/// plain shell), run by Tests/ci/run_recipes.py on real repositories with the built `drift`.
@Suite struct CIRecipeTests {
    @Test func everyRecipeInTheDocsBlocksAndPassesAsItShould() throws {
        let script = PythonTools.repositoryRoot.appendingPathComponent("Tests/ci/run_recipes.py").path
        let result = try PythonTools.run(try PythonTools.python.get(), [script, "--drift", DriftProcess.binary.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("recipes: 10 passed, 0 failed"), "\(result.output)")
    }
}
