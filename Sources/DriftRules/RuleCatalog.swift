import DriftCore

/// The one list of rules Drift runs; a test checks every `*Rule.swift` file is registered here.
public enum RuleCatalog {
    public static let all: [any Rule.Type] = [
        ElidedCodeRule.self,
        PlaceholderCredentialRule.self,
        MalformedSuppressionRule.self,
        StubBodyRule.self,
        FloatingPromiseRule.self,
        AsyncCallbackInSyncIterationRule.self,
        AsyncPromiseExecutorRule.self,
        AwaitInLoopRule.self,
        UnhandledThenChainRule.self,
        CoroutineNeverAwaitedRule.self,
        DanglingTaskRule.self,
        BlockingCallInAsyncRule.self,
        RaceAcrossAwaitRule.self,
        UnawaitedAsyncInTestRule.self,
        SharedCounterWithoutLockRule.self,
        UndefinedNameRule.self,
        UnresolvedRelativeImportRule.self,
        UnknownPackageRule.self,
        UndeclaredDependencyRule.self,
        VersionUnavailableAPIRule.self,
        UnknownModuleMemberRule.self,
        UnknownBuiltinMemberRule.self,
        TlsVerificationDisabledRule.self,
        SqlBuiltFromStringsRule.self,
        ShellBuiltFromStringsRule.self,
        UnsafeDeserializationRule.self,
        HardcodedSecretRule.self,
        PathTraversalRule.self,
        UnescapedHtmlOutputRule.self,
        WeakPasswordHashRule.self,
        PermissiveFileModeRule.self,
        DebugModeEnabledRule.self,
    ]

    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    /// Every id and alias.
    public static let knownIDs: Set<String> = Set(all.flatMap { [$0.description.id] + $0.description.aliases })

    /// Every id and alias, mapped to the rule's id (what `OverrideTrailer.parse` and
    /// `CommitVerdict.decide` read a trailer with).
    public static let canonicalIDs: [String: String] = {
        var ids: [String: String] = [:]
        for rule in all {
            ids[rule.description.id] = rule.description.id
            for alias in rule.description.aliases { ids[alias] = rule.description.id }
        }
        return ids
    }()

    /// The rule with this id or alias.
    public static func rule(withID id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id || $0.description.aliases.contains(id) }
    }
}
