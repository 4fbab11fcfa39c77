/// The line numbers (1-based, in the staged version) a change adds or modifies, as sorted ranges.
public struct AddedLines: Sendable, Hashable, Codable, CustomStringConvertible {
    public private(set) var ranges: [ClosedRange<Int>]

    public init() {
        ranges = []
    }

    /// Builds the ranges from line numbers in any order; duplicates are merged.
    public init(lines: some Sequence<Int>) {
        var ranges: [ClosedRange<Int>] = []
        for line in lines.sorted() {
            if let last = ranges.last, line <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, line)
            } else {
                ranges.append(line...line)
            }
        }
        self.ranges = ranges
    }

    public init(ranges: [ClosedRange<Int>]) {
        self.init(lines: ranges.flatMap { Array($0) })
    }

    public var isEmpty: Bool { ranges.isEmpty }

    /// How many lines are added.
    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    /// Whether `line` was added, by binary search.
    public func contains(_ line: Int) -> Bool {
        var low = 0, high = ranges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound < line { low = mid + 1 }
            else if ranges[mid].lowerBound > line { high = mid - 1 }
            else { return true }
        }
        return false
    }

    /// Whether any line in `lines` was added.
    public func overlaps(_ lines: ClosedRange<Int>) -> Bool {
        ranges.contains { $0.overlaps(lines) }
    }

    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }
}
