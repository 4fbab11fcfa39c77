/// A place JavaScript runs in that provides global names of its own: Node.js, browsers, workers,
/// test runners, module loaders and less common hosts.
///
/// ECMAScript's own globals (and the web-platform APIs that every current runtime shares, such as
/// `console`, `setTimeout`, `URL`, `fetch`) belong to no environment: they are always there.
public enum JavaScriptEnvironment: String, Sendable, CaseIterable, Comparable {
    case node
    case browser
    case worker
    case serviceWorker
    case jest
    case mocha
    case jasmine
    case vitest
    case qunit
    /// AMD loaders (RequireJS): `define`, `requirejs`.
    case amd
    /// Deno, Bun, browser extensions, Windows Script Host, Rhino/Nashorn, GJS, Greasemonkey.
    case otherHosts

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What the environment is called in messages.
    public var displayName: String {
        switch self {
        case .node: "Node.js"
        case .browser: "browsers"
        case .worker: "web workers"
        case .serviceWorker: "service workers"
        case .jest: "Jest"
        case .mocha: "Mocha"
        case .jasmine: "Jasmine"
        case .vitest: "Vitest (globals)"
        case .qunit: "QUnit"
        case .amd: "AMD loaders"
        case .otherHosts: "other hosts (Deno, Bun, extensions, WSH)"
        }
    }

    /// The test runners, whose globals a test file may use.
    public static let testRunners: Set<JavaScriptEnvironment> = [.jest, .mocha, .jasmine, .vitest, .qunit]

    /// Whether `name` is a global of ECMAScript or of every current runtime.
    public static func isUniversal(_ name: String) -> Bool {
        if extraUniversal.contains(name) { return true }
        guard let availability = globals[name] else { return false }
        return !availability.browserOnly && !nodeOnly.contains(name)
    }

    /// `globalThis`'s members, indexed once: the knowledge table scans members on demand, and
    /// every unbound name of every file is looked up here.
    private static let globals: [String: JavaScriptAvailability] = {
        guard let namespace = JavaScriptGlobals.namespace(named: "globalThis") else { return [:] }
        var result: [String: JavaScriptAvailability] = [:]
        for name in namespace.memberNames { result[name] = namespace.availability(of: name) }
        return result
    }()

    /// The environments that provide `name` as a global (empty for universal names and unknown ones).
    public static func environments(providing name: String) -> [JavaScriptEnvironment] {
        if isUniversal(name) { return [] }
        return allCases.filter { $0.provides(name) }
    }

    /// Whether this environment provides `name`.
    public func provides(_ name: String) -> Bool {
        switch self {
        case .node: return JavaScriptEnvironment.nodeOnly.contains(name)
        case .browser: return JavaScriptEnvironment.globals[name]?.browserOnly == true || JavaScriptEnvironment.legacyBrowser.contains(name)
        case .worker: return JavaScriptEnvironment.workerNames.contains(name)
        case .serviceWorker: return JavaScriptEnvironment.workerNames.contains(name) || JavaScriptEnvironment.serviceWorkerNames.contains(name)
        case .jest: return JavaScriptEnvironment.jestNames.contains(name)
        case .mocha: return JavaScriptEnvironment.mochaNames.contains(name)
        case .jasmine: return JavaScriptEnvironment.jasmineNames.contains(name)
        case .vitest: return JavaScriptEnvironment.vitestNames.contains(name)
        case .qunit: return name == "QUnit"
        case .amd: return ["define", "requirejs", "require"].contains(name)
        case .otherHosts: return JavaScriptEnvironment.otherHostNames.contains(name)
        }
    }

    /// Parses an ESLint `env` key or a `/* eslint-env */` word (`node`, `browser`, `jest`, `es6`, …).
    public init?(eslintName: String) {
        switch eslintName {
        case "node", "commonjs", "shared-node-browser": self = .node
        case "browser", "jquery", "prototypejs", "greasemonkey": self = .browser
        case "worker": self = .worker
        case "serviceworker": self = .serviceWorker
        case "jest": self = .jest
        case "mocha": self = .mocha
        case "jasmine": self = .jasmine
        case "vitest": self = .vitest
        case "qunit": self = .qunit
        case "amd": self = .amd
        case "webextensions", "nashorn", "rhino", "wsh", "phantomjs", "applescript", "meteor", "mongo", "atomtest", "embertest":
            self = .otherHosts
        default: return nil
        }
    }

    /// Globals of Node.js and its CommonJS module wrapper that browsers do not have.
    static let nodeOnly: Set<String> = [
        "require", "module", "exports", "__dirname", "__filename", "process", "Buffer", "global",
        "setImmediate", "clearImmediate",
    ]

    /// Names every current runtime has that the data does not list as globals.
    static let extraUniversal: Set<String> = [
        "globalThis", "undefined", "NaN", "Infinity",
        // The global object inherits Object.prototype, so its methods resolve as globals.
        "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toString", "toLocaleString", "valueOf",
        "constructor", "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
    ]

    /// Browser globals older than TypeScript's DOM library, still found in released code.
    static let legacyBrowser: Set<String> = [
        "ActiveXObject", "XDomainRequest", "opera", "netscape", "Components", "InstallTrigger", "attachEvent",
        "detachEvent", "createPopup", "execScript", "clipboardData", "webkitURL", "webkitRequestAnimationFrame",
        "mozRequestAnimationFrame", "msRequestAnimationFrame", "webkitAudioContext", "$", "jQuery",
    ]

    static let workerNames: Set<String> = [
        "self", "importScripts", "postMessage", "onmessage", "onerror", "close", "location", "navigator",
        "WorkerGlobalScope", "DedicatedWorkerGlobalScope", "WorkerNavigator", "WorkerLocation",
    ]

    static let serviceWorkerNames: Set<String> = [
        "clients", "registration", "skipWaiting", "ServiceWorkerGlobalScope", "FetchEvent", "ExtendableEvent",
        "caches", "Clients", "Client", "WindowClient",
    ]

    static let jestNames: Set<String> = [
        "describe", "it", "test", "expect", "jest", "beforeEach", "afterEach", "beforeAll", "afterAll",
        "fit", "xit", "xtest", "xdescribe", "fdescribe", "pending", "fail",
    ]

    static let mochaNames: Set<String> = [
        "describe", "it", "before", "after", "beforeEach", "afterEach", "context", "specify", "xit",
        "xdescribe", "xcontext", "xspecify", "suite", "test", "suiteSetup", "suiteTeardown", "setup",
        "teardown", "run", "mocha",
    ]

    static let jasmineNames: Set<String> = [
        "describe", "it", "expect", "beforeEach", "afterEach", "beforeAll", "afterAll", "spyOn", "spyOnProperty",
        "jasmine", "xit", "xdescribe", "fit", "fdescribe", "pending", "fail", "expectAsync",
    ]

    static let vitestNames: Set<String> = [
        "describe", "it", "test", "expect", "vi", "beforeEach", "afterEach", "beforeAll", "afterAll", "suite",
        "bench", "expectTypeOf", "assertType",
    ]

    static let otherHostNames: Set<String> = [
        "Deno", "Bun", "chrome", "browser", "WScript", "ActiveXObject", "java", "Java", "Packages", "JavaImporter",
        "print", "load", "quit", "readline", "imports", "log", "printerr", "GM_getValue", "GM_setValue",
        "GM_xmlhttpRequest", "GM_addStyle", "GM_info", "unsafeWindow", "phantom", "slimer", "Meteor", "Mongo",
        "Ti", "Titanium", "cordova", "Windows", "MSApp", "Components", "Services", "Cc", "Ci", "Cu", "Cr", "dump",
        "system", "arguments", "scriptArgs", "putstr", "read", "readbuffer", "console", "readFile", "runCommand",
        "importPackage", "importClass", "sync", "spawn", "gc",
    ]
}
