import Glibc

/// How the person at the terminal would like the report: its width and whether to colour it.
enum Terminal {
    /// Columns of the terminal on standard error (git sends hook output there), else `$COLUMNS`, else 100.
    static func width() -> UInt16 {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return size.ws_col }
        if let columns = FileSystem.environment("COLUMNS").flatMap({ UInt16($0) }), columns >= 20 { return columns }
        return 100
    }

    /// `DRIFT_COLOR=always|never` decides; otherwise colour on a terminal unless `NO_COLOR` is set.
    static func wantsColor() -> Bool {
        switch FileSystem.environment("DRIFT_COLOR") {
        case "always": return true
        case "never": return false
        default: break
        }
        if FileSystem.environment("NO_COLOR") != nil { return false }
        if FileSystem.environment("TERM") == "dumb" { return false }
        return isatty(2) == 1
    }
}
