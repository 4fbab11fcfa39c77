/// Reads `fail_closed` from the repository's `.drift.toml` without a TOML library: drift-hook
/// needs only this one top-level key, and only when the daemon cannot answer.
enum FailClosedSetting {
    static func isEnabled(in folder: String) -> Bool {
        guard let text = FileSystem.readText(folder + "/.drift.toml") else { return false }
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = String(line).trimmingSpaces()
            if trimmed.hasPrefix("[") { return false }  // tables start: top-level keys are over
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces() }
            if parts.count == 2, parts[0] == "fail_closed" { return parts[1] == "true" }
        }
        return false
    }
}
