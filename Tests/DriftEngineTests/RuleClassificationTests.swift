import DriftCore
import DriftRules
import DriftSyntax
import Foundation
import Testing

/// The per-blob cache is right only if a rule that says it does not read the project never asks
/// the project view: its findings must depend on the blob alone.
@Suite struct RuleClassificationTests {
    /// A project view that answers "don't know" and counts the questions.
    final class CountingView: ProjectView, @unchecked Sendable {
        private let lock = NSLock()
        private(set) var questions = 0

        private func asked() {
            lock.lock()
            questions += 1
            lock.unlock()
        }

        func globals(for path: String) -> GlobalEvidence { asked(); return GlobalEvidence() }
        func moduleSymbols(module: String, level: Int, from path: String) -> ModuleSymbols? { asked(); return nil }
        func definitions(near name: String, from path: String) -> [(name: String, site: ModuleSymbols.Site)] { asked(); return [] }
        func fileFacts(forModule module: String, level: Int, importer: String, language: Language) -> (path: String, facts: FileFacts)? {
            asked()
            return nil
        }
    }

    @Test(arguments: RuleCatalog.all.filter { !$0.readsProject }.map { $0.description.id })
    func aRuleThatDoesNotReadTheProjectNeverAsksIt(_ id: String) throws {
        let rule = try #require(RuleCatalog.rule(withID: id))
        let view = CountingView()
        for example in rule.description.examples {
            let file = SourceFile(path: example.path, language: example.language, text: example.unmarked.code)
            _ = rule.init().findings(in: file, context: RuleContext(project: view))
        }
        #expect(view.questions == 0, "\(id) reads the project: declare `static let readsProject = true`")
    }
}
