import DriftGit

/// What one file's project pass asked the staged tree and what it was told, so its findings can
/// be reused for a later snapshot in which every one of those answers is still the same.
final class StagedReads: @unchecked Sendable {
    /// A question about a repository-relative path (`""` is the root folder).
    enum Question: Hashable {
        /// What the path holds (a file's contents are named by its blob id).
        case node(String)
        /// The names in a folder.
        case names(String)
        /// The names Python files under a package root add to builtins.
        case injectedBuiltins(root: String)
    }

    enum Answer: Equatable {
        case node(StagedTree.Node?)
        case names([String]?)
        case injectedBuiltins(Set<String>)
    }

    private let recorded = Locked<[Question: Answer]>([:])

    func record(_ question: Question, _ answer: Answer) {
        recorded.withLock { $0[question] = answer }
    }

    var answers: [Question: Answer] { recorded.withLock { $0 } }

    /// Whether `question` may be answered differently once `changed` paths (those whose staged
    /// entry differs between two snapshots on the same HEAD) changed.
    static func mayDiffer(_ question: Question, changed: Set<String>, changedAncestors: Set<String>) -> Bool {
        switch question {
        case .node(let path), .names(let path):
            // The path itself, a folder above a changed path, or a file now where a folder was.
            return changed.contains(path) || changedAncestors.contains(path)
                || StagedTree.ancestors(of: path).contains(where: changed.contains)
        case .injectedBuiltins(let root):
            return changed.contains { $0.hasSuffix(".py") && (root.isEmpty || $0.hasPrefix(root + "/")) }
        }
    }
}
