import DriftKnowledge
import DriftRules
import DriftSyntax
import Foundation

/// What a cached analysis depends on besides the blob: the engine, its rules and its data.
public enum EngineFingerprint {
    /// Bump when analysis output changes without a rule being added or removed (a rule's logic,
    /// message or default severity), so the per-blob cache is not reused across the change.
    // 0.2: rules that read the project left the cache; 0.3: a rule runs only on its languages.
    public static let engineVersion = "0.3.0"

    /// The fingerprint's text: engine version, the rules whose findings are cached per blob (those
    /// that do not read the project), each with the languages the engine runs it on, knowledge
    /// version, and the identity of the running executable. A rule that gains or loses a language
    /// changes which blobs it sees, so it changes the fingerprint.
    public static let description: String = {
        let rules = RuleCatalog.all.filter { !$0.readsProject }
            .map { "\($0.description.id)[\($0.description.languages.map(\.rawValue).joined(separator: "+"))]" }
            .sorted().joined(separator: ",")
        return "engine=\(engineVersion);rules=\(rules);knowledge=\(KnowledgeData.version)-\(KnowledgeData.fingerprint);build=\(buildIdentity)"
    }()

    /// Size and modification time of the executable the engine runs in. Rules are compiled into
    /// it, so a rebuilt or upgraded binary never trusts analyses made by the previous one, even
    /// when nobody remembered to bump `engineVersion` after changing a rule.
    static let buildIdentity: String = {
        guard let path = Bundle.main.executablePath,
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber,
              let modified = attributes[.modificationDate] as? Date else { return "unknown" }
        return "\(size)-\(modified.timeIntervalSince1970)"
    }()

    /// A short stable hash of `description` (FNV-1a, 64 bits, hex): `Hasher` is seeded per
    /// process, and the disk cache is shared between processes.
    public static let current: String = hash(description)

    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
