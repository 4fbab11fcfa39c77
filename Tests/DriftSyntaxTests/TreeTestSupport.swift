import DriftSyntax

/// Parses `code` and returns the file and its tree dump.
func parsed(_ code: String, _ language: Language, path: String? = nil) -> SourceFile {
    SourceFile(path: path ?? "t.\(language.defaultExtension)", language: language, text: code)
}

/// The dump of the first statement-level node of `code` (the module's first non-comment child).
func dumpFirst(_ code: String, _ language: Language, path: String? = nil, flags: Bool = false) -> String {
    let file = parsed(code, language, path: path)
    guard let first = file.tree.children(of: SyntaxTree.root).first(where: { file.tree[$0].kind != .comment }) else { return "" }
    return file.dump(first, flags: flags)
}

/// Every node of `kind`, as dumps.
func dumps(of kind: SyntaxKind, in file: SourceFile, flags: Bool = false) -> [String] {
    file.tree.nodes(ofKind: kind).map { file.dump($0, flags: flags) }
}
