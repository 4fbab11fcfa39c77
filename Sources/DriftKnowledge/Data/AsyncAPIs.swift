import DriftSyntax

/// The curated table of platform and library calls that return a promise (JS/TS) or a coroutine
/// (Python), the instances whose methods do, and the calls that block an event loop.
///
/// Names are qualified by the module they are imported from: `fs/promises|readFile`,
/// `fs|promises.readFile`, `asyncio|sleep`; globals use an empty module: `|fetch`. A `*` matches any
/// one last part. This is the one place to extend when a popular library is missing.
public enum AsyncAPIs {
    /// Whether `module|path` (path joined with dots) returns a promise or coroutine.
    public static func returnsAwaitable(module: String, path: [String], language: Language) -> Bool {
        let table = language == .python ? pythonAwaitables : javaScriptAwaitables
        return matches(table, module: normalized(module), path: path)
    }

    /// The async methods of what `module|path(...)` returns or constructs (`aiohttp|ClientSession`,
    /// `|fetch` → its `Response`), if it is a known async type.
    public static func asyncMethods(ofResultOf module: String, path: [String], language: Language) -> Set<String>? {
        let table = language == .python ? pythonAsyncInstances : javaScriptAsyncInstances
        return table[normalized(module) + "|" + path.joined(separator: ".")]
    }

    /// For a call that blocks the event loop, the awaitable to use instead.
    public static func blockingReplacement(module: String, path: [String], language: Language) -> String? {
        let module = normalized(module)
        if language == .python {
            if let exact = pythonBlocking[module + "|" + path.joined(separator: ".")] { return exact }
            if module == "requests", path.count == 1, httpClientMethods.contains(path[0]) {
                return "an async client: `async with httpx.AsyncClient() as client: await client.\(path[0])(…)`"
            }
            return nil
        }
        if module == "fs", path.count == 1, path[0].hasSuffix("Sync"), path[0] != "existsSync" {
            return "`await fs.promises.\(path[0].dropLast(4))(…)`"
        }
        if module == "child_process", path.count == 1, ["execSync", "execFileSync", "spawnSync"].contains(path[0]) {
            return "`await promisify(child_process.\(path[0].dropLast(4)))(…)`"
        }
        return nil
    }

    /// `node:fs` and `fs` are the same module.
    static func normalized(_ module: String) -> String {
        module.hasPrefix("node:") ? String(module.dropFirst(5)) : module
    }

    static func matches(_ table: Set<String>, module: String, path: [String]) -> Bool {
        if path.isEmpty { return table.contains(module + "|") }
        if table.contains(module + "|" + path.joined(separator: ".")) { return true }
        let wildcard = module + "|" + (path.dropLast() + ["*"]).joined(separator: ".")
        return table.contains(wildcard)
    }

    static let javaScriptAwaitables: Set<String> = [
        "|fetch", "|Promise.all", "|Promise.race", "|Promise.any", "|Promise.reject",
        "|navigator.clipboard.writeText", "|navigator.clipboard.readText", "|crypto.subtle.*",
        "fs/promises|*", "fs|promises.*", "dns/promises|*", "stream/promises|*",
        "timers/promises|setTimeout", "timers/promises|setImmediate",
        "axios|", "axios|get", "axios|post", "axios|put", "axios|delete", "axios|patch", "axios|head",
        "axios|options", "axios|request",
        "node-fetch|", "cross-fetch|", "undici|fetch", "undici|request", "got|",
    ]

    static let javaScriptAsyncInstances: [String: Set<String>] = [
        "|fetch": ["json", "text", "blob", "arrayBuffer", "formData"],
        "node-fetch|": ["json", "text", "blob", "arrayBuffer", "formData"],
    ]

    static let pythonAwaitables: Set<String> = [
        "asyncio|sleep", "asyncio|wait_for", "asyncio|wait", "asyncio|open_connection", "asyncio|start_server",
        "asyncio|open_unix_connection", "asyncio|start_unix_server", "asyncio|create_subprocess_exec",
        "asyncio|create_subprocess_shell", "asyncio|to_thread",
        "anyio|sleep", "anyio|open_file", "anyio|run_process", "anyio|connect_tcp", "anyio|to_thread.run_sync",
        "trio|sleep", "trio|open_tcp_stream", "trio|run_process",
        "aiofiles.os|*",
    ]

    static let httpClientMethods: Set<String> = ["get", "post", "put", "delete", "patch", "head", "options", "request"]

    static let pythonAsyncInstances: [String: Set<String>] = [
        "aiohttp|ClientSession": httpClientMethods.union(["close", "ws_connect"]),
        "httpx|AsyncClient": httpClientMethods.union(["send", "aclose"]),
        "asyncio|Queue": ["get", "put", "join"],
        "asyncio|PriorityQueue": ["get", "put", "join"],
        "asyncio|LifoQueue": ["get", "put", "join"],
        "asyncio|Lock": ["acquire"],
        "asyncio|Semaphore": ["acquire"],
        "asyncio|BoundedSemaphore": ["acquire"],
        "asyncio|Event": ["wait"],
        "asyncio|Condition": ["acquire", "wait", "wait_for"],
    ]

    static let pythonBlocking: [String: String] = [
        "time|sleep": "`await asyncio.sleep(…)`",
        "urllib.request|urlopen": "an async client (`httpx.AsyncClient`, aiohttp), or `await asyncio.to_thread(urlopen, …)`",
        "subprocess|run": "`await asyncio.create_subprocess_exec(…)` and `await proc.wait()`",
        "subprocess|call": "`await asyncio.create_subprocess_exec(…)` and `await proc.wait()`",
        "subprocess|check_call": "`await asyncio.create_subprocess_exec(…)` and `await proc.wait()`",
        "subprocess|check_output": "`await asyncio.create_subprocess_exec(…, stdout=PIPE)` and `await proc.communicate()`",
        "os|system": "`await asyncio.create_subprocess_shell(…)`",
        "socket|create_connection": "`await asyncio.open_connection(…)`",
        "socket|getaddrinfo": "`await loop.getaddrinfo(…)`",
        "socket|gethostbyname": "`await loop.getaddrinfo(…)`",
    ]
}
