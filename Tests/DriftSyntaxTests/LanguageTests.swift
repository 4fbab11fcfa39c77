import DriftSyntax
import Testing

@Suite struct LanguageTests {
    /// `drift rules` prints `fileExtensions` as what each language covers: it must be what
    /// `init(path:)` reads.
    @Test(arguments: Language.allCases)
    func fileExtensionsAreWhatPathsAreReadAs(_ language: Language) {
        for ext in language.fileExtensions {
            #expect(Language(path: "src/a." + ext) == language)
            #expect(Language(path: "src/A." + ext.uppercased()) == language)
        }
        #expect(language.fileExtensions.contains(language.defaultExtension))
    }

    @Test func otherExtensionsAreNotCode() {
        let all = Set(Language.allCases.flatMap(\.fileExtensions))
        for ext in ["md", "json", "toml", "txt", "c", "rs", "java"] {
            #expect(!all.contains(ext))
            #expect(Language(path: "a." + ext) == nil)
        }
    }
}
