import DriftSyntax

/// What rules may know about the project around a file, read by the engine from files other than
/// the one being checked (manifests, linter and compiler configuration, other modules); rules do
/// no I/O, so everything crosses over through this view.
///
/// Every answer may be "don't know" (nil, or evidence marked incomplete): rules treat that as
/// an unknown environment and stay quiet about anything it could explain.
///
/// The questions are the same for every language; the view asks the ecosystem of the file's
/// language (DriftKnowledge's `ProjectKnowledge`), so a new language adds a provider, not questions.
public protocol ProjectView: Sendable {
    /// What the project adds to the global scope of the file at `path`: for JavaScript/TypeScript
    /// where it runs (ESLint environments) and the globals its configuration and `.d.ts` files
    /// declare; for Python the names some file of its package tree adds to builtins
    /// (`builtins._ip = …` in a test harness). Incomplete when the view cannot tell.
    func globals(for path: String) -> GlobalEvidence

    /// The names of the module that `module` (as written, with its Python relative `level`) refers
    /// to from the file at `path`, when it is a project file or an installed package the view can
    /// read; nil when it cannot be resolved.
    func moduleSymbols(module: String, level: Int, from path: String) -> ModuleSymbols?

    /// Definitions elsewhere in the project whose names are close to `name`, for "did you mean"
    /// (an empty list when the view does not index the project).
    func definitions(near name: String, from path: String) -> [(name: String, site: ModuleSymbols.Site)]

    /// Members the project adds to the language's built-ins as dotted names (JavaScript's
    /// `Array.prototype.flatten`, `Math.clamp`, by assignment, `Object.defineProperty` or
    /// `Object.assign`); nil when it cannot tell, for instance because a polyfill library such as
    /// core-js is a dependency.
    func addedBuiltinMembers(for path: String) -> Set<String>?

    /// The facts (async exports, …) of the project file that `module`, imported from `importer`,
    /// names; nil when it is not a project file or the view has no facts.
    func fileFacts(forModule module: String, level: Int, importer: String, language: Language) -> (path: String, facts: FileFacts)?

    /// Where an import that names a project file leads: a JS/TS relative specifier (`./x`, `../x`)
    /// or a path alias (tsconfig `paths`), a package's self-reference through its `exports`, or a
    /// Python relative module (`module` without its dots, `level` dots). `.notAFile` for anything
    /// else (a bare package, a built-in).
    func projectImport(_ module: String, level: Int, from path: String) -> ProjectImportTarget

    /// What the manifests and the installed packages say about a bare import (`requests`,
    /// `yaml.constructor`, `lodash/fp`, `@scope/pkg`) written in the file at `path`; nil when the
    /// view cannot tell anything (a snippet, an unsupported language).
    func packageEvidence(for module: String, from path: String) -> PackageEvidence?

    /// The oldest runtime (Python or Node.js, by the file's language) the project's manifests admit
    /// for the file at `path` (`requires-python = ">=3.9"`, `engines.node`); nil when none says.
    func minimumRuntime(for path: String) -> RuntimeRequirement?
}

extension ProjectView {
    public func definitions(near name: String, from path: String) -> [(name: String, site: ModuleSymbols.Site)] { [] }
    public func addedBuiltinMembers(for path: String) -> Set<String>? { nil }
    public func fileFacts(forModule module: String, level: Int, importer: String, language: Language) -> (path: String, facts: FileFacts)? { nil }
    public func projectImport(_ module: String, level: Int, from path: String) -> ProjectImportTarget { .unknown }
    public func packageEvidence(for module: String, from path: String) -> PackageEvidence? { nil }
    public func minimumRuntime(for path: String) -> RuntimeRequirement? { nil }
}

/// Where an import of a project file leads, as far as the project tree can tell.
public enum ProjectImportTarget: Sendable, Equatable {
    /// The file (or package folder) it resolves to.
    case found(String)
    /// Proven to resolve to nothing: `reason` says what was looked for, where (for the message:
    /// "no `retry.*` file or `retry/` folder in `src/utils`"); `nearest` is the closest name that
    /// exists there, for "did you mean".
    case missing(reason: String, nearest: String?)
    /// It is not a project-file import at all (a package, a built-in).
    case notAFile
    /// It might resolve to something the view cannot see (a generated or compiled file, a loader).
    case unknown
}

/// What the project says about a bare import: whether its manifests declare the package and
/// whether its environment (`node_modules`, a virtualenv) has it installed.
public struct PackageEvidence: Sendable, Equatable {
    public enum Declaration: Sendable, Equatable {
        /// Declared by this manifest, or the project's own package / a workspace.
        case declared(by: String)
        /// Every manifest of the language was read completely, and none declares it.
        case notDeclared(manifests: [String])
        /// No manifest, or one Drift could not read completely.
        case unknown
    }

    public enum Installation: Sendable, Equatable {
        case installed(at: String)
        /// The environment was read and does not have it.
        case notInstalled(environment: String)
        /// No environment to look in, or one that can load packages from elsewhere.
        case unknown
    }

    /// The package's name as the registry knows it, when it can be told from the import
    /// (`lodash` for `lodash/fp`; for Python the import's top-level name).
    public var package: String
    /// A module of the project itself (a file, a workspace, a path alias, an ambient `declare module`).
    public var isLocal: Bool
    public var declaration: Declaration
    public var installation: Installation
    /// Package names the project declares or has installed, for "did you mean".
    public var knownNames: [String]

    public init(package: String, isLocal: Bool = false, declaration: Declaration = .unknown,
                installation: Installation = .unknown, knownNames: [String] = []) {
        self.package = package
        self.isLocal = isLocal
        self.declaration = declaration
        self.installation = installation
        self.knownNames = knownNames
    }
}

/// The oldest runtime version a project's manifest admits, and which manifest says so.
public struct RuntimeRequirement: Sendable, Equatable {
    public var major: Int
    public var minor: Int
    /// The manifest that sets the bound (`pyproject.toml`, `package.json`), as a path.
    public var manifest: String

    public init(major: Int, minor: Int, manifest: String) {
        self.major = major
        self.minor = minor
        self.manifest = manifest
    }
}

/// The project's word on a file's global scope: which runtimes and test runners it targets
/// (JavaScript) and which extra globals it declares or injects.
public struct GlobalEvidence: Sendable, Equatable {
    /// ESLint-style environment names (`node`, `browser`, `worker`, `jest`, `mocha`, `amd`, …).
    public var environments: Set<String>
    /// Globals declared by ESLint `globals`, `.d.ts` files, `declare` statements and the like, or
    /// added to Python's builtins.
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
