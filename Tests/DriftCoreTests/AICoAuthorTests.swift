import DriftCore
import Testing

@Suite struct AICoAuthorTests {
    @Test(arguments: [
        ("Claude <noreply@anthropic.com>", "Claude"),
        ("Copilot <175728472+Copilot@users.noreply.github.com>", "GitHub Copilot"),
        ("ChatGPT <chatgpt@example.com>", "ChatGPT"),
        ("OpenAI Codex <codex@openai.com>", "OpenAI Codex"),
        ("Cursor Agent <cursoragent@cursor.com>", "Cursor"),
        ("Gemini <gemini@google.com>", "Gemini"),
        ("Devin AI <158243242+devin-ai-integration[bot]@users.noreply.github.com>", "Devin"),
        ("aider (anthropic/claude-3-5-sonnet) <noreply@aider.chat>", "Aider"),
    ])
    func assistantsAreRecognised(value: String, name: String) {
        #expect(AICoAuthor.assistant(named: value) == name)
    }

    @Test(arguments: ["Claude Monet <claude@example.org>", "Devin Smith <devin@example.com>", "Jane Doe <jane@example.com>"])
    func peopleAreNot(value: String) {
        #expect(AICoAuthor.assistant(named: value) == nil)
    }
}
