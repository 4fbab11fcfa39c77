/// Recognises `Co-authored-by:` trailers that name an AI coding assistant rather than a person.
public enum AICoAuthor {
    /// Single words (of the name or e-mail, split at punctuation) that only assistants use.
    static let words: [String: String] = [
        "anthropic": "Claude", "copilot": "GitHub Copilot", "chatgpt": "ChatGPT", "openai": "OpenAI Codex",
        "codex": "OpenAI Codex", "cursor": "Cursor", "cursoragent": "Cursor", "gemini": "Gemini",
        "aider": "Aider", "windsurf": "Windsurf", "codeium": "Codeium", "tabnine": "Tabnine",
        "codewhisperer": "Amazon Q", "sweep": "Sweep",
    ]
    /// Word sequences for assistants whose single words are also people's names (Claude, Devin, Jules).
    static let phrases: [([String], String)] = [
        (["claude", "code"], "Claude"), (["devin", "ai"], "Devin"),
        (["amazon", "q"], "Amazon Q"), (["google", "labs", "jules"], "Jules"),
    ]

    /// The assistant named by the first AI `Co-authored-by:` trailer, if any.
    public static func assistant(in trailers: [Trailer]) -> String? {
        for trailer in trailers where trailer.hasKey("Co-authored-by") {
            if let name = assistant(named: trailer.value) { return name }
        }
        return nil
    }

    /// The assistant a `Name <email>` value names, if it is one.
    public static func assistant(named value: String) -> String? {
        let tokens = value.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        for token in tokens { if let name = words[token] { return name } }
        for (phrase, name) in phrases where tokens.count >= phrase.count {
            for start in 0...(tokens.count - phrase.count) where Array(tokens[start..<start + phrase.count]) == phrase {
                return name
            }
        }
        return nil
    }
}
