/// The names every Python module can read without binding them: the `builtins` module of the
/// surveyed CPython versions, the module attributes the import system sets, and names that only
/// some interpreters or hosts provide.
public enum PythonBuiltins {
    /// How a name that no scope binds can still exist at run time.
    public enum Availability: Sendable, Equatable {
        /// A builtin in every surveyed CPython version (3.8–3.13), or one of the module attributes.
        case always
        /// A builtin only from or until some version (`aiter` 3.10+, `PythonFinalizationError` 3.13+).
        case versions(PythonVersionRange)
        /// A Python 2 builtin (`unicode`, `xrange`): a `NameError` on Python 3 unless guarded.
        case python2Only
        /// Exists only on some platform or host (`WindowsError`, IPython's `get_ipython`).
        case hostOnly
    }

    /// What Python says about `name` when no scope of the module binds it; nil when it is not a
    /// builtin anywhere.
    public static func availability(of name: String, inClassBody: Bool = false, inFunction: Bool = false) -> Availability? {
        if moduleAttributes.contains(name) { return .always }
        if inClassBody, classBodyNames.contains(name) { return .always }
        if inFunction, name == "__class__" { return .always }
        if let range = builtinRanges[name] {
            return range.introduced == nil && range.removed == nil ? .always : .versions(range)
        }
        if python2Builtins.contains(name) { return .python2Only }
        if hostNames.contains(name) { return .hostOnly }
        return nil
    }

    /// Every builtin name of the surveyed versions, for suggesting the nearest one.
    public static var names: [String] { Array(builtinRanges.keys) }

    private static let builtinRanges: [String: PythonVersionRange] =
        PythonStandardLibrary.module(named: "builtins")?.members ?? [:]

    /// Set on every module by the import system (plus `__builtins__`, an implementation detail
    /// every CPython module has).
    static let moduleAttributes: Set<String> = [
        "__name__", "__file__", "__doc__", "__package__", "__spec__", "__loader__", "__path__", "__cached__",
        "__builtins__", "__debug__", "__annotations__", "__import__", "__build_class__",
        // Added to builtins by the `site` module in every normal interpreter.
        "exit", "quit", "help", "copyright", "credits", "license",
    ]

    /// Names a class body can read while it is being executed.
    static let classBodyNames: Set<String> = ["__module__", "__qualname__", "__firstlineno__", "__static_attributes__"]

    static let python2Builtins: Set<String> = [
        "unicode", "basestring", "long", "xrange", "raw_input", "unichr", "reduce", "file", "cmp", "execfile",
        "reload", "buffer", "apply", "intern", "coerce", "StandardError",
    ]

    /// Builtins of other platforms and of interactive or embedding hosts.
    static let hostNames: Set<String> = [
        "WindowsError", "get_ipython", "display", "reveal_type", "reveal_locals", "__IPYTHON__",
    ]
}
