/// Makes text from a repository safe to print on a terminal: a file name or a line holding
/// escape sequences must not rewrite the report (erase a line, move the cursor, ring the bell),
/// and a newline in a name must not split it.
public enum TerminalText {
    /// A path as git prints it with `core.quotePath = false`: unchanged when it holds no control
    /// character, double quote or backslash; otherwise in double quotes with C escapes
    /// (`\n`, `\t`, `\"`, `\\`, octal `\033` for the rest).
    public static func path(_ path: String) -> String {
        guard path.unicodeScalars.contains(where: { needsQuoting($0) }) else { return path }
        var quoted = "\""
        for scalar in path.unicodeScalars {
            if scalar == "\"" || scalar == "\\" {
                quoted += "\\" + String(scalar)
            } else if isControl(scalar) {
                quoted += escape(scalar)
            } else {
                quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// `text` with every control character except tab (and newline, when `keepingNewlines`)
    /// shown as an escape (`\033`, `\n`), for messages and source lines that quote a repository.
    public static func line(_ text: String, keepingNewlines: Bool = false) -> String {
        let kept: (Unicode.Scalar) -> Bool = { $0 == "\t" || (keepingNewlines && $0 == "\n") }
        guard text.unicodeScalars.contains(where: { isControl($0) && !kept($0) }) else { return text }
        var safe = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) && !kept(scalar) {
                safe += escape(scalar)
            } else {
                safe.unicodeScalars.append(scalar)
            }
        }
        return safe
    }

    /// C0 controls, DEL, and C1 controls (U+0080–U+009F; U+009B is a one-byte CSI to some terminals).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func needsQuoting(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || scalar == "\"" || scalar == "\\"
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\t": return "\\t"
        case "\n": return "\\n"
        case "\u{0B}": return "\\v"
        case "\u{0C}": return "\\f"
        case "\r": return "\\r"
        default:
            return String(scalar).utf8.map { byte in
                let octal = String(byte, radix: 8)
                return "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }.joined()
        }
    }
}
