import Foundation

/// A Python 3 for the tests that drive Python scripts (SARIF validation, CI recipes): the machine's
/// when it has the modules, else a throwaway virtualenv with them installed from PyPI.
enum PythonTools {
    struct Run {
        var status: Int32
        var output: String
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// `jsonschema` and `yaml` (PyYAML), the modules the scripts under Tests/ import.
    static let python: Result<String, Error> = Result {
        let check = ["-c", "import jsonschema, yaml"]
        if try run("python3", check).status == 0 { return "python3" }
        let venv = FileManager.default.temporaryDirectory.appendingPathComponent("drift-test-python-\(getpid())").path
        let made = try run("python3", ["-m", "venv", venv])
        guard made.status == 0 else { throw Unavailable(description: "python3 -m venv failed: \(made.output)") }
        let pip = try run(venv + "/bin/python", ["-m", "pip", "install", "-q", "jsonschema", "pyyaml"])
        guard pip.status == 0 else { throw Unavailable(description: "pip install jsonschema pyyaml failed: \(pip.output)") }
        return venv + "/bin/python"
    }
}
