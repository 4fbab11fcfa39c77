import DriftCore
import DriftSyntax

/// Flags a shared location read before an `await` and written after it from the stale read.
struct RaceAcrossAwaitRule: Rule {
    static let description = RuleDescription(
        id: "race-across-await",
        name: "Race across await",
        category: .dangerousAsync,
        severity: .medium,
        summary: "`this.x`/`self.x` or a module-level variable is read before an `await` and written after it from the value read.",
        why: """
            While the function waits, other calls run and may update the same field; the write after \
            the `await` then stores a value computed from the old one and their update is lost \
            (two concurrent `deposit(10)` calls leave the balance 10 higher, not 20). This is ESLint's \
            `require-atomic-updates` with its known false positives left out: locals, values re-read \
            after the `await`, plain overwrites that do not use the old value, and writes under a lock.
            """,
        fix: "Re-read after the `await` and update in one step (`this.total += amount` after `const amount = await price()`), or hold a lock (`async with self.lock:`, a mutex) around the read and the write.",
        examples: [
            .bad(.javascript, """
                class Account {
                  async deposit(amount) {
                    ↓this.balance = this.balance + (await convert(amount));
                  }
                }
                """),
            .bad(.typescript, """
                let total = 0;
                export async function add(id: string) {
                  const before = total;
                  const price = await fetchPrice(id);
                  ↓total = before + price;
                }
                """),
            .bad(.python, """
                class Counter:
                    async def increment(self):
                        ↓self.count += await self.step()
                    async def bump(self):
                        current = self.count
                        await asyncio.sleep(0)
                        ↓self.count = current + 1
                """),
            .bad(.python, """
                total = 0
                async def add(item):
                    global total
                    current = total
                    price = await fetch_price(item)
                    ↓total = current + price
                """),
            .good(.javascript, """
                class Account {
                  async deposit(amount) {
                    const converted = await convert(amount);
                    this.balance += converted;
                    const saved = this.tree;
                    this.tree = await this.buildIsolated();
                    await this.diff();
                    this.tree = saved;
                    const cached = this.rates;
                    this.rates = await loadRates();
                    let local = 0;
                    local = local + (await convert(1));
                  }
                }
                """),
            .good(.typescript, """
                let total = 0;
                export async function add(id: string) {
                  const price = await fetchPrice(id);
                  total = total + price;
                  const release = await mutex.acquire();
                }
                """),
            .good(.python, """
                class Counter:
                    async def bump(self):
                        async with self.lock:
                            current = self.count
                            await asyncio.sleep(0)
                            self.count = current + 1
                    async def reread(self):
                        await self.refresh()
                        current = self.count
                        self.count = current + 1
                """),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        let tree = file.tree
        var result: [Finding] = []
        for function in tree.nodes(ofKind: .function) where tree[function].flags.contains(.async) {
            guard let body = file.body(of: function) else { continue }
            let nodes = file.descendantsInSameFunction(of: body).sorted()
            var suspensions: [Int] = []
            var locked = false
            for n in nodes {
                let node = tree[n]
                if node.kind == .await { suspensions.append(node.startByte) }
                if node.kind == .call, let name = file.calleeName(of: n), ["acquire", "runExclusive", "lock"].contains(name) { locked = true }
            }
            guard !suspensions.isEmpty, !locked else { continue }
            let globals = SharedState.pythonGlobals(in: nodes, of: file)
            // Locals derived from a shared location: local name → (location, byte where the read ended).
            var derived: [String: (location: String, at: Int)] = [:]
            for n in nodes where tree[n].kind == .assignment || tree[n].kind == .declarator {
                guard let target = tree.child(of: n, role: .target), let value = tree.child(of: n, role: .value) else { continue }
                let augmented = tree[n].flags.contains(.augmented)
                if let location = sharedLocation(target, function: function, globals: globals, in: file) {
                    guard !SharedState.isUnderLock(n, in: file) else { continue }
                    if let stale = staleRead(of: location, target: target, value: value, augmented: augmented, derived: derived,
                                             suspensions: suspensions, function: function, globals: globals, in: file) {
                        result.append(finding(
                            in: file, from: tree[n].startByte, to: tree[n].endByte,
                            message: "`\(location)` is read at line \(stale.read), before the `await` at line \(stale.await), and written here from that value; an update made by another call while this one waited is lost."))
                    }
                } else if tree[target].kind == .name, let local = file.name(of: target) {
                    // A local: remember whether its value is a read of a shared location.
                    derived[local] = nil
                    for v in [value] + tree.descendants(of: value) where tree[v].kind == .member || tree[v].kind == .name {
                        if let location = sharedLocation(v, function: function, globals: globals, in: file) {
                            derived[local] = (location, tree[n].endByte)
                            break
                        }
                    }
                }
            }
        }
        return result
    }

    /// The first suspension point after byte `offset` (binary search over sorted offsets).
    static func firstSuspension(after offset: Int, in suspensions: [Int]) -> Int? {
        var low = 0, high = suspensions.count
        while low < high {
            let mid = (low + high) / 2
            if suspensions[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        return low < suspensions.count ? suspensions[low] : nil
    }

    /// `this.x`/`self.x` (any depth), or a name bound outside the function (module level, an
    /// enclosing function, a Python `global`), as a key.
    private func sharedLocation(_ node: Int, function: Int, globals: Set<String>, in file: SourceFile) -> String? {
        let tree = file.tree
        switch tree[node].kind {
        case .member:
            guard let chain = file.memberChain(of: node), chain.count >= 2, chain[0] == "this" || chain[0] == "self" else { return nil }
            return chain.joined(separator: ".")
        case .name:
            guard let name = file.name(of: node), name != "this", name != "self" else { return nil }
            if globals.contains(name) { return name }
            // Built on the first name that needs it (most async functions write none).
            let scopes = file.scopeAnalysis()
            guard let found = scopes.declaration(of: name, at: node, in: tree),
                  scopes.scopes[scopes.owner(of: found.scope)].node != function,
                  found.binding.kind == .variable || found.binding.kind == .parameter else { return nil }
            // A name of an enclosing scope that is itself a parameter of a callback is still shared.
            return name
        default:
            return nil
        }
    }

    /// Where `value` (written to `location`) uses a read of `location` made before an `await`.
    private func staleRead(
        of location: String, target: Int, value: Int, augmented: Bool, derived: [String: (location: String, at: Int)],
        suspensions: [Int], function: Int, globals: Set<String>, in file: SourceFile
    ) -> (read: Int, await: Int)? {
        let tree = file.tree
        let writeAt = tree[value].startByte
        let valueNodes = file.descendantsInSameFunction(of: value)
        let awaitsInValue = valueNodes.filter { tree[$0].kind == .await }.map { tree[$0].startByte }.sorted()
        // `x += await f()`: the old value is read first.
        if augmented, let firstAwait = awaitsInValue.first {
            return (file.line(ofByte: tree[target].startByte), file.line(ofByte: firstAwait))
        }
        for n in valueNodes where tree[n].kind == .member || tree[n].kind == .name {
            // Direct read inside the value, before an await in the value.
            if sharedLocation(n, function: function, globals: globals, in: file) == location,
               let laterAwait = awaitsInValue.first(where: { $0 > tree[n].startByte }) {
                return (file.line(ofByte: tree[n].startByte), file.line(ofByte: laterAwait))
            }
            // A local holding an earlier read, with an await in between and no fresh read after it;
            // writing the saved value back unchanged (`this.tree = saved`) is a restore, not an update.
            if tree[n].kind == .name, file.unwrapped(value) != n, let name = file.name(of: n), let origin = derived[name], origin.location == location,
               let between = Self.firstSuspension(after: origin.at, in: suspensions), between < writeAt {
                return (file.line(ofByte: origin.at), file.line(ofByte: between))
            }
        }
        return nil
    }


}
