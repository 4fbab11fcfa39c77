/// A map that keeps its total cost under a bound by dropping the least recently used entries.
/// Not thread-safe: the owner locks.
final class LeastRecentlyUsed<Key: Hashable, Value> {
    private final class Node {
        let key: Key
        var value: Value
        var cost: Int
        // The dictionary owns every node; the links do not, so freeing a long list never recurses.
        unowned(unsafe) var newer: Node?
        unowned(unsafe) var older: Node?

        init(key: Key, value: Value, cost: Int) {
            self.key = key
            self.value = value
            self.cost = cost
        }
    }

    let costLimit: Int
    private(set) var totalCost = 0
    private var nodes: [Key: Node] = [:]
    private unowned(unsafe) var newest: Node?
    private unowned(unsafe) var oldest: Node?

    init(costLimit: Int) {
        self.costLimit = costLimit
    }

    var count: Int { nodes.count }

    /// The value for `key`, which becomes the most recently used.
    func value(for key: Key) -> Value? {
        guard let node = nodes[key] else { return nil }
        unlink(node)
        pushNewest(node)
        return node.value
    }

    /// Stores a value; an entry costing more than the whole limit is not kept.
    func set(_ value: Value, for key: Key, cost: Int) {
        if let node = nodes.removeValue(forKey: key) {
            unlink(node)
            totalCost -= node.cost
        }
        guard cost <= costLimit else { return }
        let node = Node(key: key, value: value, cost: cost)
        nodes[key] = node
        pushNewest(node)
        totalCost += cost
        while totalCost > costLimit, let victim = oldest {
            unlink(victim)
            nodes[victim.key] = nil
            totalCost -= victim.cost
        }
    }

    func removeAll() {
        nodes.removeAll()
        newest = nil
        oldest = nil
        totalCost = 0
    }

    private func unlink(_ node: Node) {
        if let older = node.older { older.newer = node.newer } else { oldest = node.newer }
        if let newer = node.newer { newer.older = node.older } else { newest = node.older }
        node.newer = nil
        node.older = nil
    }

    private func pushNewest(_ node: Node) {
        node.older = newest
        newest?.newer = node
        newest = node
        if oldest == nil { oldest = node }
    }
}
