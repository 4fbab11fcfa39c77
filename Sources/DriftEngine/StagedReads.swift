import DriftGit
import DriftKnowledge

/// What one file's project pass asked the staged tree and what it was told, so its findings can
/// be reused for a later snapshot in which every one of those answers is still the same.
///
/// A view uses its reads from one thread at a time (the project pass runs a group's files in
/// order), which is what lets `capturing` nest a second record around a computation.
final class StagedReads: @unchecked Sendable {
    /// A question about a repository-relative path (`""` is the root folder).
    enum Question: Hashable {
        /// What the path holds (a file's contents are named by its blob id).
        case node(String)
        /// Whether the path is a regular file, a folder or neither (contents aside: a walk that
        /// only tells files from folders is not invalidated by a file's new contents).
        case kind(String)
        /// The names in a folder.
        case names(String)
        /// The names Python files under a package root add to builtins.
        case injectedBuiltins(root: String)
        /// Which version of a value shared across requests (`StagedDerivations`) was used: one
        /// question stands for every answer that value was computed from.
        case derived(key: String)
        /// What the disk holds at an absolute path, or the names in an absolute folder there
        /// (`ProjectFiles.kindOnDisk`): not part of the staged tree, so asked again every time.
        case diskKind(String)
        case diskNames(String)
    }

    enum Answer: Equatable {
        case node(StagedTree.Node?)
        case kind(ProjectFileKind?)
        case names([String]?)
        case injectedBuiltins(Set<String>)
        /// nil: no version of the value holds for the tree asked about.
        case version(Int?)
    }

    /// The file's record first, then one per `capturing` in progress (answers go to the last).
    private let recorded = Locked<[[Question: Answer]]>([[:]])

    func record(_ question: Question, _ answer: Answer) {
        recorded.withLock { $0[$0.count - 1][question] = answer }
    }

    var answers: [Question: Answer] { recorded.withLock { $0[0] } }

    /// `body`'s value and the answers it was given, recorded apart from the file's (which
    /// records the value's version instead).
    func capturing<T>(_ body: () -> T) -> (value: T, answers: [Question: Answer]) {
        recorded.withLock { $0.append([:]) }
        let value = body()
        return (value, recorded.withLock { $0.removeLast() })
    }

    /// Whether every one of `answers`, given while `old` was the staged tree, is still the answer
    /// in `staged`'s tree. `changed` is `staged.tree.changedPaths(since: old)`: on the same HEAD
    /// only questions about a changed path, a folder above one, or (where a file and a folder
    /// traded places) a path below one can be answered differently, so those are looked up
    /// rather than every answer compared; after a new commit (nil) all of them are.
    /// Shared values (`.derived`) are asked about whatever changed.
    static func areCurrent(_ answers: [Question: Answer], since old: StagedTree, changed: Set<String>?, in staged: StagedFiles) -> Bool {
        guard diskAnswersHold(answers) else { return false }
        if old === staged.tree { return true }
        guard let changed else { return answers.allSatisfy { isCurrent($0.key, $0.value, in: staged) } }
        func holds(_ question: Question) -> Bool {
            guard let answer = answers[question] else { return true }
            return isCurrent(question, answer, in: staged)
        }
        for (question, answer) in answers {
            if case .derived = question, !isCurrent(question, answer, in: staged) { return false }
        }
        for path in changed {
            let folders = StagedTree.ancestors(of: path)
            for asked in [path] + folders where !holds(.node(asked)) || !holds(.kind(asked)) || !holds(.names(asked)) { return false }
            if path.hasSuffix(".py"), !folders.allSatisfy({ holds(.injectedBuiltins(root: $0)) }) { return false }
            if old.node(at: path) == .folder || staged.tree.node(at: path) == .folder {
                let below = path + "/"
                for (question, answer) in answers where question.path.hasPrefix(below) {
                    if !isCurrent(question, answer, in: staged) { return false }
                }
            }
        }
        return true
    }

    /// Whether every answer the disk gave (`.diskKind`, `.diskNames`) is still what it says: the
    /// staged tree can be the same while a generated file appeared or went.
    static func diskAnswersHold(_ answers: [Question: Answer]) -> Bool {
        for (question, answer) in answers {
            switch question {
            case .diskKind(let path): if answer != .kind(DiskFiles().kind(of: path)) { return false }
            case .diskNames(let folder): if answer != .names(DiskFiles().names(in: folder)?.sorted()) { return false }
            default: continue
            }
        }
        return true
    }

    /// Whether `staged` answers `question` as `answer`.
    private static func isCurrent(_ question: Question, _ answer: Answer, in staged: StagedFiles) -> Bool {
        switch question {
        case .node(let path): return answer == .node(staged.tree.node(at: path))
        case .kind(let path): return answer == .kind(StagedFiles.kind(of: staged.tree.node(at: path)))
        case .names(let folder): return answer == .names(staged.tree.names(in: folder))
        case .injectedBuiltins(let root): return answer == .injectedBuiltins(staged.builtins.names(under: root, in: staged))
        case .derived(let key): return answer == .version(staged.derivations.version(of: key, in: staged))
        case .diskKind(let path): return answer == .kind(DiskFiles().kind(of: path))
        case .diskNames(let folder): return answer == .names(DiskFiles().names(in: folder)?.sorted())
        }
    }
}

extension StagedReads.Question {
    /// The repository path the question is about.
    var path: String {
        switch self {
        case .node(let path), .kind(let path), .names(let path), .injectedBuiltins(root: let path): return path
        case .derived, .diskKind, .diskNames: return ""  // not a path of the staged tree
        }
    }
}
