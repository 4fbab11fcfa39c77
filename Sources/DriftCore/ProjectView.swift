import DriftSyntax

/// What rules may know about the project around a file, read by the engine from files other than
/// the one being checked (manifests, linter and compiler configuration, other modules); rules do
/// no I/O, so everything crosses over through this view.
///
/// Every answer may be "don't know" (nil, or evidence marked incomplete): rules treat that as
/// an unknown environment and stay quiet about anything it could explain.
public protocol ProjectView: Sendable {
    /// Evidence about where the JavaScript/TypeScript file at `path` runs and which globals the
    /// project declares for it.
    func javaScriptEvidence(for path: String) -> JavaScriptEvidence

    /// The names of the module that `module` (as written, with its Python relative `level`) refers
    /// to from the file at `path`, when it is a project file or an installed package the view can
    /// read; nil when it cannot be resolved.
    func moduleSymbols(module: String, level: Int, from path: String) -> ModuleSymbols?

    /// Definitions elsewhere in the project whose names are close to `name`, for "did you mean"
    /// (an empty list when the view does not index the project).
    func definitions(near name: String, from path: String) -> [(name: String, site: ModuleSymbols.Site)]

    /// Names some file of the project adds to Python's builtins (`builtins._ip = …` in a test
    /// harness), which every module may then read unbound; nil when the view cannot tell.
    func injectedPythonBuiltins(for path: String) -> Set<String>?

    /// Members the project adds to JavaScript's built-ins (`Array.prototype.flatten`, `Math.clamp`,
    /// by assignment, `Object.defineProperty` or `Object.assign`) as dotted names; nil when it
    /// cannot tell, for instance because a polyfill library such as core-js is a dependency.
    func addedBuiltinMembers(for path: String) -> Set<String>?

    /// The facts (async exports, …) of the project file that `module`, imported from `importer`,
    /// names; nil when it is not a project file or the view has no facts.
    func fileFacts(forModule module: String, level: Int, importer: String, language: Language) -> (path: String, facts: FileFacts)?
}

extension ProjectView {
    public func definitions(near name: String, from path: String) -> [(name: String, site: ModuleSymbols.Site)] { [] }
    public func injectedPythonBuiltins(for path: String) -> Set<String>? { nil }
    public func addedBuiltinMembers(for path: String) -> Set<String>? { nil }
    public func fileFacts(forModule module: String, level: Int, importer: String, language: Language) -> (path: String, facts: FileFacts)? { nil }
}

/// The project's word on a JavaScript file's environment: which runtimes and test runners it
/// targets and which extra globals it declares.
public struct JavaScriptEvidence: Sendable, Equatable {
    /// ESLint-style environment names (`node`, `browser`, `worker`, `jest`, `mocha`, `amd`, …).
    public var environments: Set<String>
    /// Globals declared by ESLint `globals`, `.d.ts` files, `declare` statements and the like.
    public var globals: Set<String>
    /// True when every file that could declare globals was read: then a name outside all known
    /// environments and declarations is proven undefined.
    public var isComplete: Bool
    /// The files looked at, for messages (`package.json`, `.eslintrc.json`, `tsconfig.json`).
    public var sources: [String]

    public init(environments: Set<String> = [], globals: Set<String> = [], isComplete: Bool = false, sources: [String] = []) {
        self.environments = environments
        self.globals = globals
        self.isComplete = isComplete
        self.sources = sources
    }
}
