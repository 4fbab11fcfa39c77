/// One PEP 508 requirement (`requests[socks]>=2.31; python_version < "3.12"`, `name @ https://…`),
/// read leniently: whatever follows the name is kept as text rather than validated.
public struct PythonRequirement: Sendable, Hashable {
    /// The project name as written.
    public var name: String
    /// The PEP 503 normalised name (`PyYAML` → `pyyaml`).
    public var normalizedName: String
    public var extras: [String]
    /// Version specifier (`>=2.31,<3`), empty if none.
    public var specifier: String
    /// Environment marker after `;`, empty if none.
    public var marker: String
    /// Direct reference after `@`, empty if none.
    public var url: String

    /// Parses one requirement; `nil` when the text does not start with a project name.
    public init?(_ text: some StringProtocol) {
        var rest = Substring(text).trimmingASCIIWhitespace()
        if let semicolon = rest.firstIndex(of: ";") {
            marker = String(rest[rest.index(after: semicolon)...].trimmingASCIIWhitespace())
            rest = rest[..<semicolon].trimmingASCIIWhitespace()
        } else {
            marker = ""
        }
        let nameEnd = rest.firstIndex { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") } ?? rest.endIndex
        let name = rest[..<nameEnd]
        guard let first = name.first, first.isASCII, first.isLetter || first.isNumber,
              let last = name.last, last.isLetter || last.isNumber else { return nil }
        self.name = String(name)
        normalizedName = PackageNames.normalizedPythonName(name)
        rest = rest[nameEnd...].trimmingASCIIWhitespace()
        extras = []
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            extras = rest[rest.index(after: rest.startIndex)..<close].split(separator: ",")
                .map { String($0.trimmingASCIIWhitespace()) }.filter { !$0.isEmpty }
            rest = rest[rest.index(after: close)...].trimmingASCIIWhitespace()
        }
        if rest.first == "@" {
            url = String(rest.dropFirst().trimmingASCIIWhitespace())
            specifier = ""
        } else {
            url = ""
            var spec = rest
            if spec.first == "(", spec.last == ")" { spec = spec.dropFirst().dropLast() }
            specifier = String(spec.trimmingASCIIWhitespace())
            // Whatever remains must look like a version specifier, or this was not a requirement.
            if let head = specifier.first, !"<>=!~".contains(head) { return nil }
        }
    }
}
