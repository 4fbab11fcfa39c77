import DriftSyntax

/// What one file tells other files about itself: today, which of the names it exports are async.
///
/// Facts depend only on a blob's bytes, so the engine computes them once per blob, keeps them in
/// the per-blob cache next to the blob's findings, and hands the facts of the other project files to
/// rules through `RuleContext.project`.
public struct FileFacts: Sendable, Hashable, Codable {
    /// Exported (JS/TS) or module-level (Python) async functions: name → 1-based line of the declaration.
    public var asyncFunctions: [String: Int]

    public init(asyncFunctions: [String: Int] = [:]) {
        self.asyncFunctions = asyncFunctions
    }

    /// The facts of `file`, read from its tree by the syntax layer (`SourceFile.exportedAsyncFunctions`).
    public init(of file: SourceFile) {
        asyncFunctions = file.exportedAsyncFunctions()
    }
}
