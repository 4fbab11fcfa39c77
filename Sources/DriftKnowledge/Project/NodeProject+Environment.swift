import DriftCore
import DriftSyntax
import Foundation

/// Where a JavaScript/TypeScript file runs and which globals the project declares for it, from
/// ESLint's cascade of configuration, package.json, tsconfig, bundler configs and `.d.ts` files.
extension NodeProject {
    public func globals(for path: String) -> GlobalEvidence {
        let folder = (path as NSString).deletingLastPathComponent
        return cache.answer(ProjectQuestion<GlobalEvidence>("javaScriptGlobals", folder)) { readEvidence(from: folder) }
    }

    /// Walks up from `folder` to the nearest `package.json`, reading ESLint configuration on the
    /// way (ESLint cascades) and `tsconfig.json`, `.d.ts` files and bundler configs at the root.
    private func readEvidence(from folder: String) -> GlobalEvidence {
        var evidence = GlobalEvidence(isComplete: true)
        var current = folder
        var root: String?
        while true {
            readESLintConfigs(in: current, into: &evidence)
            if files.isFile(current + "/package.json") { root = current; break }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || files.kindOnDisk(current + "/.git") != nil { break }
            current = parent
        }
        guard let root else {
            evidence.isComplete = false  // no manifest: the environment is anyone's guess
            return evidence
        }
        let shared = cache.sharedAnswer(ProjectQuestion<GlobalEvidence>("rootEvidence", root)) { readRootEvidence(root) }
        evidence.environments.formUnion(shared.environments)
        evidence.globals.formUnion(shared.globals)
        evidence.isComplete = evidence.isComplete && shared.isComplete
        evidence.sources += shared.sources
        return evidence
    }

    /// What the package root says (package.json, tsconfig, bundlers, `.d.ts`).
    private func readRootEvidence(_ root: String) -> GlobalEvidence {
        var evidence = GlobalEvidence(isComplete: true)
        readPackageJSON(root + "/package.json", into: &evidence)
        readTSConfig(root + "/tsconfig.json", into: &evidence)
        for bundler in ["webpack.config.js", "webpack.config.ts", "rollup.config.js", "rollup.config.mjs", "vite.config.js",
                        "vite.config.ts", "esbuild.config.js", "Gruntfile.js", "gulpfile.js", "karma.conf.js"]
        where files.isFile(root + "/" + bundler) {
            // Bundlers and runners can define globals (DefinePlugin, ProvidePlugin, karma frameworks).
            evidence.isComplete = false
            evidence.sources.append(bundler)
        }
        readDeclarationFiles(under: root, into: &evidence)
        return evidence
    }

    private func readPackageJSON(_ path: String, into evidence: inout GlobalEvidence) {
        guard let text = files.text(path) else { evidence.isComplete = false; return }
        evidence.sources.append("package.json")
        let manifest = PackageJSONManifest(path: path, text: text)
        if !manifest.problems.isEmpty { evidence.isComplete = false }
        evidence.environments.insert("node")
        for dependency in manifest.dependencies {
            let name = dependency.name
            let typed = name.hasPrefix("@types/") ? String(name.dropFirst(7)) : name
            for environment in ["jest", "mocha", "jasmine", "vitest", "qunit", "node"] where typed == environment || typed.hasPrefix(environment + "-") {
                evidence.environments.insert(environment)
            }
            if ["jsdom", "happy-dom", "karma", "puppeteer", "playwright", "@playwright/test", "cypress"].contains(name) {
                evidence.environments.insert("browser")
            }
            if name == "requirejs" || name == "almond" { evidence.environments.insert("amd") }
            if name == "jquery" { evidence.globals.formUnion(["$", "jQuery"]) }
        }
        guard let object = Self.jsonObject(text) else { return }
        if object["browser"] != nil { evidence.environments.insert("browser") }
        if object["jest"] != nil { evidence.environments.insert("jest") }
        if let eslint = object["eslintConfig"]?.dictionary {
            apply(eslintObject: eslint, into: &evidence)
        }
        if let standard = object["standard"]?.dictionary {
            for key in ["env", "envs"] {
                for name in standard[key]?.strings ?? [] { evidence.environments.insert(name) }
            }
            for name in standard["globals"]?.strings ?? [] { evidence.globals.insert(name) }
        }
    }

    private func readESLintConfigs(in folder: String, into evidence: inout GlobalEvidence) {
        for name in [".eslintrc.json", ".eslintrc", ".jshintrc"] {
            guard let text = files.text(folder + "/" + name) else { continue }
            evidence.sources.append(name)
            if let object = Self.jsonObject(text) {
                apply(eslintObject: object, into: &evidence)
                if name == ".jshintrc" {
                    for (key, value) in object where value.isTrue { evidence.environments.insert(key) }
                }
            } else {
                scanForEnvironments(text, into: &evidence)
            }
        }
        for name in [".eslintrc.js", ".eslintrc.cjs", ".eslintrc.yml", ".eslintrc.yaml", "eslint.config.js",
                     "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts"] {
            guard let text = files.text(folder + "/" + name) else { continue }
            evidence.sources.append(name)
            scanForEnvironments(text, into: &evidence)
        }
    }

    /// A configuration Drift cannot evaluate (JavaScript, YAML): environments are picked out of the
    /// text, and declared globals make the evidence incomplete.
    private func scanForEnvironments(_ text: String, into evidence: inout GlobalEvidence) {
        for word in ["node", "browser", "worker", "serviceworker", "jest", "mocha", "jasmine", "vitest", "qunit", "amd"]
        where text.contains(word) {
            evidence.environments.insert(word)
        }
        if text.contains("globals") { evidence.isComplete = false }
    }

    private func apply(eslintObject object: [String: JSONValue], into evidence: inout GlobalEvidence) {
        if let env = object["env"]?.dictionary {
            for (name, value) in env where !value.isFalse { evidence.environments.insert(name) }
        }
        if let globals = object["globals"]?.dictionary {
            evidence.globals.formUnion(globals.keys)
        }
        if let overrides = object["overrides"]?.arrayItems {
            let objects = overrides.compactMap(\.dictionary)
            // Overrides apply to some files only; counting them for all is the lenient choice.
            if objects.count == overrides.count {
                for override in objects { apply(eslintObject: override, into: &evidence) }
            }
        }
        if object["extends"] != nil || object["plugins"] != nil {
            // Shared configs and plugins can declare environments and globals Drift does not read.
            evidence.isComplete = false
        }
    }

    private func readTSConfig(_ path: String, into evidence: inout GlobalEvidence) {
        guard let text = files.text(path) else { return }
        evidence.sources.append("tsconfig.json")
        guard let object = Self.jsonObject(text) else { evidence.isComplete = false; return }
        if object["extends"] != nil { evidence.isComplete = false }
        guard let options = object["compilerOptions"]?.dictionary else { return }
        for lib in options["lib"]?.strings ?? [] {
            let lower = lib.lowercased()
            if lower.hasPrefix("dom") { evidence.environments.insert("browser") }
            if lower.hasPrefix("webworker") { evidence.environments.insert("worker") }
        }
        for type in options["types"]?.strings ?? [] { evidence.environments.insert(type) }
    }

    /// Names declared globally by the project's own `.d.ts` files (outside dependencies).
    private func readDeclarationFiles(under root: String, into evidence: inout GlobalEvidence) {
        var stack = [root]
        var seen = 0
        while let folder = stack.popLast(), seen < 5_000 {
            for entry in files.names(in: folder) ?? [] {
                seen += 1
                let path = folder + "/" + entry
                if entry.hasSuffix(".d.ts") {
                    guard let bytes = files.contents(path, limit: 1 << 20) else { continue }
                    let file = SourceFile(path: path, language: .typescript, bytes: bytes)
                    for scope in file.scopeAnalysis().scopes where scope.kind != .function || scope.parent <= 0 {
                        evidence.globals.formUnion(scope.bindings.keys)
                    }
                    if !evidence.sources.contains("*.d.ts") { evidence.sources.append("*.d.ts") }
                    continue
                }
                if !PathConventions.isForeignFolder(entry), !entry.hasPrefix("."), files.isFolder(path) {
                    stack.append(path)
                }
            }
        }
        if seen >= 5_000 { evidence.isComplete = false }
    }

    /// The top-level object of JSON that may have comments and trailing commas (tsconfig,
    /// .eslintrc), read by the one JSON reader manifests use; a repeated key keeps its last value.
    private static func jsonObject(_ text: String) -> [String: JSONValue]? {
        (try? JSONReader.value(in: TSConfigManifest.strippingComments(text)))?.dictionary
    }
}

extension JSONValue {
    /// An object's members by key (a repeated key keeps its last value); nil when not an object.
    var dictionary: [String: JSONValue]? {
        objectPairs.map { Dictionary($0, uniquingKeysWith: { _, last in last }) }
    }

    /// An array's items when every one is a string; nil otherwise.
    var strings: [String]? {
        guard let items = arrayItems else { return nil }
        let strings = items.compactMap(\.stringValue)
        return strings.count == items.count ? strings : nil
    }

    /// `true` (or `1`, which JSON readers that bridge numbers also read as true).
    var isTrue: Bool { self == .bool(true) || self == .int(1) }

    /// `false` (or `0`).
    var isFalse: Bool { self == .bool(false) || self == .int(0) }
}
