/// The module-resolution part of a `tsconfig.json` or `jsconfig.json`: `compilerOptions.paths`
/// and `baseUrl`. Comments and trailing commas, which TypeScript allows, are accepted.
public struct TSConfigManifest: Sendable {
    public var path: String
    /// `paths` in file order: pattern (`@/*`) → targets (`src/*`), relative to `baseUrl` or the file's folder.
    public var paths: [(pattern: String, targets: [String])] = []
    /// `baseUrl` as written.
    public var baseURL: String?
    /// `extends` as written: the configurations this one builds on (a path or a package name).
    public var extends: [String] = []
    /// The file could not be read as JSON: nothing it says is known.
    public var isReadable = true

    public init(path: String, text: String) {
        self.path = path
        guard let root = try? JSONReader.value(in: Self.strippingComments(text)) else {
            isReadable = false
            return
        }
        extends = root["extends"]?.stringValue.map { [$0] } ?? (root["extends"]?.arrayItems ?? []).compactMap(\.stringValue)
        guard let options = root["compilerOptions"] else { return }
        baseURL = options["baseUrl"]?.stringValue
        paths = (options["paths"]?.objectPairs ?? []).map { ($0.0, ($0.1.arrayItems ?? []).compactMap(\.stringValue)) }
    }

    /// The text without `//` and `/* */` comments and without commas before `}` or `]`: JSON with
    /// comments (tsconfig, `.eslintrc.json`) made strict.
    public static func strippingComments(_ text: String) -> String {
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            if inString {
                output.append(byte)
                if byte == UInt8(ascii: "\\"), let next { output.append(next); index += 2; continue }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "/"), next == UInt8(ascii: "/") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            }
            if byte == UInt8(ascii: "/"), next == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
                continue
            }
            if byte == UInt8(ascii: ",") {
                var ahead = index + 1
                while ahead < bytes.count, [0x20, 0x0A, 0x09, 0x0D].contains(bytes[ahead]) { ahead += 1 }
                if ahead < bytes.count, bytes[ahead] == UInt8(ascii: "}") || bytes[ahead] == UInt8(ascii: "]") { index += 1; continue }
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
