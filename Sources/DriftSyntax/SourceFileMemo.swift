import Synchronization

/// Analyses of one `SourceFile` that several rules need, computed on first use and then shared:
/// every rule that asks gets the same value instead of walking the tree again. They depend on the
/// file's bytes alone (never on a rule's context), so sharing cannot change what a rule sees.
/// Copies of a `SourceFile` share one memo; a lock makes it safe across threads.
final class SourceFileMemo: Sendable {
    private let scopes = Mutex<ScopeAnalysis?>(nil)

    /// The file's scope analysis, built by `build` on the first call only.
    func scopeAnalysis(_ build: () -> ScopeAnalysis) -> ScopeAnalysis {
        scopes.withLock { cached in
            if let cached { return cached }
            let built = build()
            cached = built
            return built
        }
    }
}
