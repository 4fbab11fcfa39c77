/// Finds the defined name an invented one stands for when the two differ in more than typos:
/// `retrieve_user` for `get_user`, `fetchUserData` for `loadUserData` — the same words, with a
/// verb swapped for one of its usual synonyms.
enum NameSimilarity {
    /// The candidate whose words equal `name`'s once verbs are reduced to a canonical synonym.
    static func synonym(of name: String, in candidates: some Sequence<String>) -> String? {
        let key = canonicalWords(name)
        guard key.count >= 2 else { return nil }
        return candidates.filter { $0 != name && canonicalWords($0) == key }.min()
    }

    /// Lower-cased words of a snake_case or camelCase name, verbs replaced by their group's first.
    static func canonicalWords(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in name {
            if character == "_" || character == "-" {
                if !current.isEmpty { words.append(current); current = "" }
                previousLower = false
                continue
            }
            if character.isUppercase, previousLower, !current.isEmpty { words.append(current); current = "" }
            current.append(Character(character.lowercased()))
            previousLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words.map { synonyms[$0] ?? $0 }
    }

    private static let groups: [[String]] = [
        ["get", "fetch", "retrieve", "load", "read", "find", "obtain", "lookup", "query", "grab", "pull"],
        ["make", "create", "build", "new", "construct", "generate", "init"],
        ["delete", "remove", "destroy", "drop", "del", "erase", "purge"],
        ["set", "update", "modify", "change", "edit", "put", "save", "store", "write"],
        ["check", "validate", "verify", "ensure", "assert", "is"],
        ["parse", "decode", "deserialize", "unmarshal"],
        ["format", "render", "serialize", "encode", "dump", "stringify", "marshal"],
        ["send", "post", "emit", "dispatch", "publish"],
        ["list", "all", "entries", "items"],
    ]

    private static let synonyms: [String: String] = {
        var map: [String: String] = [:]
        for group in groups { for word in group { map[word] = group[0] } }
        return map
    }()
}
