import DriftCore
import DriftRules
import Foundation
import Testing

@Suite struct CatalogTests {
    static let rulesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/DriftRules")

    @Test func idsAreUniqueAndKebabCase() {
        var seen = Set<String>()
        for description in RuleCatalog.descriptions {
            for id in [description.id] + description.aliases {
                #expect(seen.insert(id).inserted, "duplicate rule id \(id)")
                #expect(id.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil, "\(id) is not kebab-case")
            }
        }
    }

    /// Trailers and configuration name rules by id or alias; both lead to the id.
    @Test func canonicalIDsMapIdsAndAliasesToTheId() {
        #expect(Set(RuleCatalog.canonicalIDs.keys) == RuleCatalog.knownIDs)
        for description in RuleCatalog.descriptions {
            for name in [description.id] + description.aliases {
                #expect(RuleCatalog.canonicalIDs[name] == description.id)
            }
        }
    }

    @Test(arguments: RuleCatalog.descriptions.map(\.id))
    func textsAreComplete(_ id: String) throws {
        let description = try #require(RuleCatalog.rule(withID: id)).description
        for (field, text) in [("name", description.name), ("summary", description.summary), ("why", description.why), ("fix", description.fix)] {
            #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(id): empty \(field)")
        }
    }

    @Test(arguments: RuleCatalog.descriptions.map(\.id))
    func everyLanguageHasBadAndGoodExamples(_ id: String) throws {
        let description = try #require(RuleCatalog.rule(withID: id)).description
        #expect(!description.languages.isEmpty, "\(id) has no examples")
        for language in description.languages {
            let examples = description.examples.filter { $0.language == language }
            #expect(examples.contains { $0.kind == .bad }, "\(id): no .bad example for \(language)")
            #expect(examples.contains { $0.kind == .good }, "\(id): no .good example for \(language)")
        }
    }

    /// `ElidedCodeRule` ↔ `elided-code`, in the folder of its category.
    @Test(arguments: RuleCatalog.all.map { String(describing: $0) })
    func typeFileIdAndFolderAgree(_ typeName: String) throws {
        let rule = try #require(RuleCatalog.all.first { String(describing: $0) == typeName })
        let description = rule.description
        #expect(typeName.hasSuffix("Rule"))
        let words = String(typeName.dropLast(4)).replacing(/([a-z0-9])([A-Z])/) { "\($0.1)-\($0.2)" }.lowercased()
        #expect(words == description.id, "\(typeName) should be named after its id \(description.id)")
        let file = Self.rulesFolder.appendingPathComponent("\(description.category.folderName)/\(typeName).swift")
        #expect(FileManager.default.fileExists(atPath: file.path), "\(typeName) must live in \(description.category.folderName)/")
    }

    @Test func everyRuleFileIsRegistered() throws {
        let registered = Set(RuleCatalog.all.map { String(describing: $0) })
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.rulesFolder.path))
        var files: [String] = []
        for case let path as String in enumerator where path.hasSuffix("Rule.swift") {
            files.append(path)
            let typeName = String(path.split(separator: "/").last!.dropLast(6))
            #expect(registered.contains(typeName), "\(path) is not in RuleCatalog.all")
            let folder = path.split(separator: "/").dropLast().joined(separator: "/")
            #expect(Category.allCases.map(\.folderName).contains(folder), "\(path) is not in a category folder")
        }
        #expect(files.count == registered.count)
    }
}
