import Foundation

/// One question about the project whose answer a view keeps: hashable, and typed by its answer,
/// so two providers can never read each other's answers by accident.
public struct ProjectQuestion<Answer: Sendable>: Hashable, Sendable {
    /// Which question (one per kind of answer: `pythonRoot`, `packageEvidence`, …).
    public let name: String
    /// What it is asked about (a folder, a module and its level, …).
    public let subject: [String]

    public init(_ name: String, _ subject: String...) {
        self.name = name
        self.subject = subject
    }

    /// The question as one string, for the trees that keep answers across views by it.
    var key: String { ([name] + subject).joined(separator: "|") }
}

/// The answers a project view's providers computed, by question, for the view's lifetime; the one
/// cache the engine supplies with the view's `ProjectFiles`. Answers that took a walk of the tree
/// or a file's parse can also outlive the view where the tree keeps versions (`sharedAnswer`,
/// `derived`): the staged tree keeps them by the answers they were computed from or by blob id.
public final class ProjectCache: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [AnyHashable: Any] = [:]
    /// The files the answers were read from.
    public let files: any ProjectFiles

    public init(files: any ProjectFiles) {
        self.files = files
    }

    /// The answer to `question`, computed by `compute` the first time it is asked. `compute`
    /// runs outside the lock: it may ask the cache again.
    public func answer<Answer>(_ question: ProjectQuestion<Answer>, _ compute: () -> Answer) -> Answer {
        lock.lock()
        if let known = answers[question] { lock.unlock(); return known as! Answer }
        lock.unlock()
        let value = compute()
        lock.lock()
        answers[question] = value
        lock.unlock()
        return value
    }

    /// `answer(question)`, and over a tree that records what was read (the staged tree) kept
    /// across views while every answer `compute` was given still holds; so `compute` must read
    /// the project through `files` only and must not ask for another shared answer.
    public func sharedAnswer<Answer>(_ question: ProjectQuestion<Answer>, _ compute: () -> Answer) -> Answer {
        answer(question) { files.shared(question.key, compute) }
    }

    /// `compute` over the bytes of the file at `path` (at most 1 MiB), once per view; a tree that
    /// knows file versions (the staged tree: blob ids) keeps it across views by version.
    public func derived<Value: Sendable>(_ question: ProjectQuestion<Value?>, of path: String, _ compute: ([UInt8]) -> Value?) -> Value? {
        answer(question) { files.derived(question.key, of: path, compute) }
    }
}
