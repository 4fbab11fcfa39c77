import Foundation

extension PythonEnvironment {
    /// Whether `import module` can find a top-level name in this environment: `true` when
    /// `site-packages` has it, `false` when nothing in the environment can provide it, `nil` when
    /// the environment also loads packages from elsewhere (system site-packages, `.pth` paths and
    /// editable installs that name it or cannot be read) and so absence proves nothing.
    public func canImport(_ module: String) -> Bool? {
        if isInstalled(import: module) { return true }
        guard let top = module.split(separator: ".").first.map(String.init) else { return nil }
        // The `.pth` files and editable finders were listed when the environment was read.
        for (folder, entry) in pathConfigurations {
            let path = folder + "/" + entry
            if entry.hasSuffix(".pth") {
                guard let text = Self.text(path) else { return nil }
                for line in text.split(whereSeparator: \.isNewline) {
                    let line = line.trimmingASCIIWhitespace()
                    guard !line.isEmpty, !line.hasPrefix("#") else { continue }
                    // `import …` lines run code that can put anything on sys.path.
                    if line.hasPrefix("import ") || line.hasPrefix("import\t") {
                        if !line.contains("__editable__") && !line.contains("_virtualenv") { return nil }
                        continue
                    }
                    let listed = line.hasPrefix("/") ? String(line) : folder + "/" + line
                    if Self.folder(listed, provides: top) { return true }
                }
            } else if entry.hasPrefix("__editable__"), entry.hasSuffix("_finder.py") {
                // setuptools' editable finder maps top-level names to source folders: `'pkg': '/src/pkg'`.
                guard let text = Self.text(path) else { return nil }
                if text.contains("'\(top)'") || text.contains("\"\(top)\"") { return true }
            }
        }
        return includesSystemSitePackages ? nil : false
    }

    /// `include-system-site-packages = true` in `pyvenv.cfg`: the interpreter's packages are importable too.
    public var includesSystemSitePackages: Bool {
        guard let text = Self.text(root + "/pyvenv.cfg") else { return false }
        return text.split(whereSeparator: \.isNewline).contains { line in
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingASCIIWhitespace().lowercased() }
            return parts.count == 2 && parts[0] == "include-system-site-packages" && parts[1] == "true"
        }
    }

    private static func folder(_ folder: String, provides top: String) -> Bool {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.contains { entry in
            entry == top || entry == top + ".py" || (entry.hasPrefix(top + ".") && (entry.hasSuffix(".so") || entry.hasSuffix(".pyi")))
        }
    }

    private static func text(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
