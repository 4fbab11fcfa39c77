import Synchronization

/// Analyses of one `SourceFile` that several rules need, computed on first use and then shared:
/// every rule that asks gets the same value instead of walking the tree again. A value must
/// depend on the file alone (never on a rule's context) and must not hold the file itself (the
/// memo is part of the file: that would be a reference cycle). Copies of a `SourceFile` share one
/// memo; a lock makes it safe across threads.
final class SourceFileMemo: Sendable {
    private let values = Mutex<[ObjectIdentifier: any Sendable]>([:])

    /// The value of type `Value`, built by `build` unless an earlier call built it. `build` runs
    /// outside the lock, so it may ask for other shared values; when two threads race, the first
    /// stored value wins and both callers get it.
    func value<Value: Sendable>(_ type: Value.Type, _ build: () -> Value) -> Value {
        let key = ObjectIdentifier(type)
        if let cached = values.withLock({ $0[key] }) as? Value { return cached }
        let built = build()
        return values.withLock { stored in
            if let earlier = stored[key] as? Value { return earlier }
            stored[key] = built
            return built
        }
    }
}

extension SourceFile {
    /// The file's one value of type `Value`, built by `build` on first use and shared by every
    /// later caller (rules computing the same per-file analysis): see `SourceFileMemo` for what
    /// may be shared.
    public func shared<Value: Sendable>(_ type: Value.Type, build: () -> Value) -> Value {
        memo.value(type, build)
    }
}
