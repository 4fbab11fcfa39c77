import DriftCore
import Testing

private let ids: Set<String> = ["elided-code", "placeholder-credential"]

@Suite struct ConfigurationTests {
    @Test func defaultsNeedNoFile() {
        let configuration = Configuration()
        #expect(configuration.blockAt == .high)
        #expect(configuration.maxFileBytes == 1 << 20)
        #expect(configuration.failClosed == false)
        #expect(configuration.severity(of: "elided-code", default: .high) == .high)
    }

    @Test func readsEveryKey() throws {
        let text = """
            # Drift settings
            block_at = "medium"
            max_file_bytes = 2_000_000
            fail_closed = true
            exclude = [
              "vendor/**",   # third-party
              "*.min.js",
            ]

            [rules]
            elided-code = "off"
            placeholder-credential = "low"
            """
        let configuration = try Configuration.parse(text, path: ".drift.toml", knownRuleIDs: ids)
        #expect(configuration.blockAt == .medium)
        #expect(configuration.maxFileBytes == 2_000_000)
        #expect(configuration.failClosed)
        #expect(configuration.severity(of: "elided-code", default: .high) == nil)
        #expect(configuration.severity(of: "placeholder-credential", default: .high) == .low)
        #expect(configuration.excludes("vendor/lib/a.js"))
        #expect(configuration.excludes("web/app.min.js"))
        #expect(!configuration.excludes("src/app.js"))
    }

    @Test func dottedRuleKeysAndBooleansWork() throws {
        let configuration = try Configuration.parse("rules.elided-code = false\n", path: "c", knownRuleIDs: ids)
        #expect(configuration.rules["elided-code"] == .off)
    }

    @Test func unknownKeyNamesFileAndLine() {
        #expect(throws: ConfigurationError(path: "/r/.drift.toml", line: 3, message: "unknown key 'block_on'; known keys are block_at, block_at_ai, max_file_bytes, fail_closed, exclude, rules.<rule-id>")) {
            try Configuration.parse("\n\nblock_on = \"high\"\n", path: "/r/.drift.toml", knownRuleIDs: ids)
        }
    }

    @Test func unknownRuleIdSuggestsTheNearest() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Configuration.parse("[rules]\nelided-cod = \"off\"\n", path: "c", knownRuleIDs: ids)
        }
        #expect(error.line == 2)
        #expect(error.message.contains("unknown rule id 'elided-cod'"))
        #expect(error.message.contains("did you mean 'elided-code'"))
    }

    @Test func badValuesAndSyntaxPointAtTheLine() throws {
        let cases: [(String, Int, String)] = [
            ("block_at = \"critical\"", 1, "block_at must be"),
            ("max_file_bytes = -1", 1, "positive integer"),
            ("fail_closed = \"yes\"", 1, "true or false"),
            ("exclude = \"vendor\"", 1, "array of path patterns"),
            ("x = 1.5", 1, "not a value"),
            ("\nblock_at = \"high", 2, "not closed"),
            ("block_at = \"high\"\nblock_at = \"low\"", 2, "defined twice"),
            ("[rules]\nelided-code = \"sometimes\"", 2, "must be \"off\""),
            ("block_at = \"high\" extra", 1, "end of the line"),
        ]
        for (text, line, fragment) in cases {
            let error = try #require(throws: ConfigurationError.self) {
                try Configuration.parse(text, path: "c", knownRuleIDs: ids)
            }
            #expect(error.line == line, "\(text)")
            #expect(error.message.contains(fragment), "\(text): \(error.message)")
        }
    }
}

@Suite struct TOMLReaderTests {
    @Test func readsStringsArraysAndInlineTables() throws {
        let entries = try TOMLReader.entries(in: """
            a = "tab\\tand \\u00e9"
            b = 'C:\\raw'
            c = [1, 2, [true]]
            d = { x = "y", z = 3 }
            "quoted key" = \"\"\"
            multi
            line\"\"\"
            [t.u]
            v = 1
            """)
        #expect(entries.map(\.path) == [["a"], ["b"], ["c"], ["d"], ["quoted key"], ["t", "u", "v"]])
        #expect(entries[0].value == .string("tab\tand é"))
        #expect(entries[1].value == .string("C:\\raw"))
        #expect(entries[2].value == .array([.integer(1), .integer(2), .array([.boolean(true)])]))
        #expect(entries[3].value == .table([("x", .string("y")), ("z", .integer(3))]))
        #expect(entries[4].value == .string("multi\nline"))
        #expect(entries[5].line == 9)
    }
}

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.min.js", "a/b/c.min.js", true),
        ("*.min.js", "a/b/c.js", false),
        ("vendor/**", "vendor/x/y.py", true),
        ("vendor/**", "src/vendor/x.py", false),
        ("build/", "build/out.js", true),
        ("build/", "build", false),
        ("generated", "src/generated/a.go", true),
        ("src/**/test_*.py", "src/a/b/test_x.py", true),
        ("src/**/test_*.py", "src/test_x.py", true),
        ("/top.py", "top.py", true),
        ("/top.py", "sub/top.py", false),
        ("a?c.ts", "abc.ts", true),
        ("a*", "a/b", true),
    ])
    func matches(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(Glob(pattern).matches(path) == expected)
    }

    @Test func manyStarsStayFast() {
        let pattern = Glob(String(repeating: "*a", count: 50) + "b")
        #expect(!pattern.matches(String(repeating: "a", count: 2000)))
    }
}
