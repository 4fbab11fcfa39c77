import DriftCore
import DriftSyntax

/// Flags SQL text built by interpolation (f-string, `%`, `.format`, `+`, template literal) from a
/// value that comes from outside the function, passed to `execute`/`query`/`raw`/`text()`.
struct SqlBuiltFromStringsRule: Rule {
    static let description = RuleDescription(
        id: "sql-built-from-strings",
        name: "SQL built from strings",
        category: .insecureDefaults,
        severity: .high,
        summary: "A query is built by pasting a value into SQL text (f-string, `%`, `.format`, `+`, template literal) instead of passing it as a parameter.",
        why: """
            A value pasted into SQL is parsed as SQL: a name like `x' OR '1'='1` reads every row, \
            `'; DROP TABLE users; --` runs a second statement. Quoting by hand misses cases; the \
            driver's placeholders never do. Generated code builds queries with f-strings because they \
            read well. Reported high when the value comes from a request, argv, the environment or a \
            file, or is pasted between quotes or after an operator; medium when it is a parameter used \
            elsewhere in the text (often a table or column name).
            """,
        fix: """
            Pass values as parameters: `cursor.execute("SELECT * FROM users WHERE name = %s", (name,))` \
            (`?` for sqlite3, `:name` for SQLAlchemy `text()`), `db.query("SELECT * FROM users WHERE id = $1", [id])`, \
            `knex.raw("… = ?", [id])`; quote identifiers with the driver (`psycopg.sql.Identifier`).
            """,
        examples: [
            .bad(.python, """
                @app.route("/users")
                def users():
                    name = request.args.get("name")
                    cursor.execute(↓f"SELECT * FROM users WHERE name = '{name}'")
                """),
            .bad(.python, """
                def find(cursor, user_id, order):
                    cursor.execute(↓"SELECT * FROM users WHERE id = %s" % user_id)
                    sql = "SELECT * FROM users ORDER BY {}".format(order)
                    cursor.execute(↓sql)
                    return db.session.execute(text(↓"DELETE FROM t WHERE id = " + str(user_id)))
                """),
            .bad(.javascript, """
                app.get("/user/:id", async (req, res) => {
                  const rows = await db.query(↓`SELECT * FROM users WHERE id = ${req.params.id}`);
                  res.json(rows);
                });
                """),
            .bad(.typescript, """
                export async function byName(name: string) {
                  return knex.raw(↓"SELECT * FROM users WHERE name = '" + name + "'");
                }
                """),
            .good(.python, """
                def find(cursor, user_id, name):
                    cursor.execute("SELECT * FROM users WHERE id = %s", (user_id,))
                    cursor.execute("SELECT * FROM users WHERE name = :name", {"name": name})
                    cursor.execute(text("SELECT * FROM t WHERE id = :id"), {"id": user_id})
                    cursor.execute("SELECT count(*) FROM users")
                """),
            .good(.python, """
                TABLE = "users"
                def count(cursor, ids):
                    placeholders = ", ".join("?" * len(ids))
                    cursor.execute(f"SELECT * FROM {TABLE} WHERE id IN ({placeholders})", ids)
                    cursor.execute(f"SELECT * FROM {self.table} WHERE id = ?", (1,))
                    cursor.execute("SELECT * FROM %s" % connection.ops.quote_name(table))
                    cursor.execute(f"SELECT * FROM t LIMIT {int(limit)}")
                """),
            .good(.python, """
                @app.get("/items/{item_id}")
                def read_item(item_id: int):
                    page = request.args.get("page", 1, type=int)
                    return db.execute(f"SELECT * FROM items WHERE id = {item_id} LIMIT {page}")
                """),
            .good(.javascript, """
                app.get("/user/:id", async (req, res) => {
                  const rows = await db.query("SELECT * FROM users WHERE id = $1", [req.params.id]);
                  const q = $("#search").query(`${req.query.term}`);
                });
                """),
            .good(.typescript, """
                const table = "users";
                export const all = () => db.query(`SELECT * FROM ${table}`);
                """),
        ])

    static let pythonSinks: Set<String> = ["execute", "executemany", "executescript", "raw", "read_sql", "read_sql_query", "mogrify", "extra"]
    static let javascriptSinks: Set<String> = ["query", "raw", "execute", "exec", "run", "all", "prepare", "whereRaw", "havingRaw",
                                               "orderByRaw", "joinRaw", "$queryRawUnsafe", "$executeRawUnsafe", "unsafe", "get", "each"]
    static let sanitizers: Set<String> = [
        "quote_name", "quote_ident", "quote_identifier", "quote", "escape", "escape_string", "escape_identifier", "escapeId",
        "escapeIdentifier", "escapeLiteral", "literal", "Identifier", "Literal", "qn", "quote_plus", "format_identifier",
    ]

    static let callees = NameSet(Array(pythonSinks.union(javascriptSinks).union(["text"])))

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        let sources = InputSources(file: file, sanitizers: Self.sanitizers)
        var result: [Finding] = []
        for call in tree.nodes(ofKind: .call) {
            guard Self.callees.containsCallee(of: call, in: file) else { continue }
            guard let callee = tree.child(of: call, role: .callee), let name = file.trailingChain(of: callee).parts.last else { continue }
            let isSink: Bool
            switch file.language {
            case .python:
                isSink = (tree[callee].kind == .member && Self.pythonSinks.contains(name))
                    || (name == "text" && ["text", "sqlalchemy.text", "sa.text", "sql.text"].contains(file.trailingChain(of: callee).parts.joined(separator: ".")))
            case .javascript, .typescript:
                isSink = tree[callee].kind == .member && Self.javascriptSinks.contains(name)
            default:
                isSink = false
            }
            guard isSink, let first = file.positionalArguments(of: call).first,
                  let built = BuiltString.at(first, in: file), Self.isSQL(built.text) else { continue }
            var worst: (Provenance, BuiltString.Hole)?
            for hole in built.holes {
                let provenance = sources.provenance(of: hole.node)
                guard provenance.origin >= .parameter else { continue }
                if worst == nil || provenance.origin > worst!.0.origin || (provenance.origin == worst!.0.origin && Self.isValuePosition(hole) && !Self.isValuePosition(worst!.1)) {
                    worst = (provenance, hole)
                }
            }
            guard let (provenance, hole) = worst else { continue }
            let value = file.text(of: hole.node)
            var found = finding(
                in: file, from: tree[first].startByte, to: tree[first].endByte,
                message: "\(Self.describe(value, provenance.source)) is pasted into the SQL given to `\(name)`; a value with a quote in it changes the query.")
            if provenance.origin == .parameter && !Self.isValuePosition(hole) { found.severity = .medium }
            result.append(found)
        }
        return result
    }

    /// “`name` (`request.args`)”; just “`req.body.id`” when the value is its own source.
    static func describe(_ value: String, _ source: String) -> String {
        let shown = "`\(value.count > 40 ? String(value.prefix(40)) + "…" : value)`"
        return shown == source ? shown : "\(shown) (\(source))"
    }

    /// The constant text reads as SQL: it starts with a statement keyword or has `FROM`/`WHERE`/`INTO`/`SET`.
    static func isSQL(_ text: String) -> Bool {
        let upper = text.uppercased()
        let trimmed = upper.trimmingWhitespace()
        for keyword in ["SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "DROP ", "ALTER ", "REPLACE ", "TRUNCATE ", "MERGE ", "WITH "]
            where trimmed.hasPrefix(keyword) {
            return keyword != "WITH " || upper.contains(" AS ")
        }
        let words = upper.split(whereSeparator: { !$0.isLetter && $0 != "_" }).map(String.init)
        let set = Set(words)
        if set.contains("FROM"), set.contains("SELECT") || set.contains("DELETE") { return true }
        if set.contains("WHERE"), set.contains("AND") || set.contains("OR") || words.first == "WHERE" { return true }
        if set.contains("INSERT"), set.contains("INTO") { return true }
        if set.contains("UPDATE"), set.contains("SET") { return true }
        return false
    }

    /// The hole stands where a value goes: between quotes, or after `=`, `<`, `>`, `LIKE`, `IN (`, `VALUES (`.
    static func isValuePosition(_ hole: BuiltString.Hole) -> Bool {
        let before = hole.textBefore.trimmingWhitespace().uppercased()
        if before.hasSuffix("'") || before.hasSuffix("\"") && !hole.textAfter.hasPrefix("\".") { return true }
        for op in ["=", "<", ">", " LIKE", " IN (", "VALUES (", "VALUES(", " IN(", ","] where before.hasSuffix(op) {
            // `, ` in a column list is an identifier; only count it inside VALUES/IN.
            if op == "," { return before.contains("VALUES") || before.contains(" IN ") || before.contains(" IN(") }
            return true
        }
        return false
    }
}
