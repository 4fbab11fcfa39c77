import DriftSyntax

/// A piece of code that documents a rule and is run as a test of it.
///
/// In `.bad` code, `↓` marks where each finding must start; `.good` code must produce nothing;
/// `.knownGap` is bad code the rule still misses (a test expects the miss, so closing the gap turns
/// the suite red until the example is promoted to `.bad`).
public struct Example: Sendable {
    public enum Kind: String, Sendable {
        case bad
        case good
        case knownGap
    }

    public static let marker: Character = "↓"

    public var kind: Kind
    public var language: Language
    /// The code with `↓` markers.
    public var code: String
    /// The file path the code is checked as (it decides test files, `.pyi`, `.tsx`, …).
    public var path: String
    /// Other files of the project the example sits in (path relative to the project root → text;
    /// `path` is relative to the same root). Empty for a snippet with no project around it. The
    /// tests write them to a temporary folder and check the example through a project view of it.
    public var project: [String: String]
    /// Where the example is written, so a failing test points at it.
    public var sourceFile: String
    public var sourceLine: Int

    public static func bad(
        _ language: Language, _ code: String, path: String? = nil, project: [String: String] = [:],
        file: String = #fileID, line: Int = #line
    ) -> Example {
        Example(kind: .bad, language: language, code: code, path: path, project: project, sourceFile: file, sourceLine: line)
    }

    public static func good(
        _ language: Language, _ code: String, path: String? = nil, project: [String: String] = [:],
        file: String = #fileID, line: Int = #line
    ) -> Example {
        Example(kind: .good, language: language, code: code, path: path, project: project, sourceFile: file, sourceLine: line)
    }

    public static func knownGap(
        _ language: Language, _ code: String, path: String? = nil, project: [String: String] = [:],
        file: String = #fileID, line: Int = #line
    ) -> Example {
        Example(kind: .knownGap, language: language, code: code, path: path, project: project, sourceFile: file, sourceLine: line)
    }

    init(kind: Kind, language: Language, code: String, path: String?, project: [String: String] = [:], sourceFile: String, sourceLine: Int) {
        self.kind = kind
        self.project = project
        self.language = language
        self.code = code
        self.path = path ?? "example.\(language.defaultExtension)"
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }

    /// The code without markers, and the locations the markers stood at.
    public var unmarked: (code: String, markers: [SourceLocation]) {
        var result = ""
        var markers: [SourceLocation] = []
        var line = 1, column = 1
        for scalar in code.unicodeScalars {
            if Character(scalar) == Example.marker {
                markers.append(SourceLocation(line: line, column: column))
                continue
            }
            result.unicodeScalars.append(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (result, markers)
    }
}
