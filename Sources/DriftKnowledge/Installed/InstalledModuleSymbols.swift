import DriftCore
import DriftSyntax
import Foundation

/// What the files of installed packages (`site-packages`, `node_modules`) offer importers, parsed
/// with DriftSyntax and never run. Installed files are not part of the staged tree, so they are
/// read from disk, and kept by file identity (path, size, modification time): one parse per file
/// for the life of the process (the daemon's), again after a package is upgraded in place.
public final class InstalledModuleSymbols: @unchecked Sendable {
    /// The cache every project view shares.
    public static let shared = InstalledModuleSymbols()

    private struct Identity: Equatable {
        var size: Int
        var modified: Date
    }

    private let lock = NSLock()
    private var entries: [String: (identity: Identity, symbols: ModuleSymbols?)] = [:]

    public init() {}

    /// The names of the installed file at `path` (a Python module or stub, a JS/TS file or
    /// declaration); a package's `__init__` also offers its submodules. Nil when the file cannot
    /// be read or is larger than 1 MiB.
    public func symbols(ofFile path: String) -> ModuleSymbols? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.intValue,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        let identity = Identity(size: size, modified: modified)
        lock.lock()
        if let cached = entries[path], cached.identity == identity { lock.unlock(); return cached.symbols }
        lock.unlock()
        let symbols = Self.read(path, size: size)
        lock.lock()
        entries[path] = (identity, symbols)
        lock.unlock()
        return symbols
    }

    private static func read(_ path: String, size: Int) -> ModuleSymbols? {
        guard size <= 1 << 20, let language = Language(path: path), let data = FileManager.default.contents(atPath: path) else { return nil }
        var symbols = SourceFile(path: path, language: language, bytes: [UInt8](data)).moduleSymbols()
        if language == .python, path.hasSuffix("/__init__.py") || path.hasSuffix("/__init__.pyi") {
            let folder = (path as NSString).deletingLastPathComponent
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            symbols.addPythonSubmodules(in: folder, entries: entries) { entry in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: folder + "/" + entry, isDirectory: &isDirectory) && isDirectory.boolValue
            }
        }
        return symbols
    }
}

extension ModuleSymbols {
    /// Adds a package's submodules to the names of its `__init__`: importing `pkg.sub` anywhere
    /// makes `sub` an attribute of `pkg`, and `from pkg import sub` finds the file. `entries` are
    /// the folder's entry names; `isFolder` says which are folders (namespace or regular packages).
    public mutating func addPythonSubmodules(in folder: String, entries: [String], isFolder: (String) -> Bool) {
        for entry in entries where entry != "__pycache__" {
            var name: String?
            for suffix in [".py", ".pyi", ".so", ".pyd"] where entry.hasSuffix(suffix) {
                // `_speedups.cpython-312-x86_64-linux-gnu.so` is the module `_speedups`.
                name = entry.split(separator: ".").first.map(String.init)
            }
            if name == nil, !entry.contains("."), isFolder(entry) { name = entry }
            guard let name, !name.isEmpty, name != "__init__", names[name] == nil else { continue }
            names[name] = Site(path: folder + "/" + entry, line: 0)
        }
    }
}
