/// Section-based data (`#section` lines followed by `name<TAB>value` lines sorted by name's bytes),
/// searched by binary search over line offsets, so nothing but the offsets is built on first use.
struct SortedKnowledgeSections: Sendable {
    /// One section: its lines' start offsets, in file (sorted) order.
    struct Section: Sendable {
        fileprivate let bytes: [UInt8]
        fileprivate let lineStarts: [Int]

        var count: Int { lineStarts.count }

        /// The value field of the line whose name is `name`.
        func value(for name: String) -> String? {
            let target = Array(name.utf8)
            var low = 0, high = lineStarts.count
            while low < high {
                let middle = (low + high) / 2
                let order = compare(line: middle, with: target)
                if order == 0 { return field(line: middle, index: 1) }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }

        /// `(name, value)` of every line, in file order.
        var entries: [(name: String, value: String)] {
            (0..<lineStarts.count).map { (field(line: $0, index: 0) ?? "", field(line: $0, index: 1) ?? "") }
        }

        /// Negative, zero or positive as the line's name sorts before, equal to or after `target`.
        private func compare(line: Int, with target: [UInt8]) -> Int {
            var index = lineStarts[line]
            var offset = 0
            while true {
                let atEnd = index >= bytes.count || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
                if atEnd { return offset == target.count ? 0 : -1 }
                if offset == target.count { return 1 }
                if bytes[index] != target[offset] { return Int(bytes[index]) - Int(target[offset]) }
                index += 1
                offset += 1
            }
        }

        private func field(line: Int, index wanted: Int) -> String? {
            var start = lineStarts[line]
            var fieldIndex = 0
            var index = start
            while index <= bytes.count {
                let atEnd = index == bytes.count || bytes[index] == 0x0A || bytes[index] == 0x0D
                if atEnd || bytes[index] == 0x09 {
                    if fieldIndex == wanted { return String(decoding: bytes[start..<index], as: UTF8.self) }
                    if atEnd { return nil }
                    fieldIndex += 1
                    start = index + 1
                }
                index += 1
            }
            return nil
        }
    }

    private(set) var sections: [String: Section] = [:]

    init(text: String) {
        let bytes = Array(text.utf8)
        var starts: [String: [Int]] = [:]
        var current = ""
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            if end > start {
                if bytes[start] == UInt8(ascii: "#") {
                    current = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
                } else {
                    starts[current, default: []].append(start)
                }
            }
            start = end + 1
        }
        sections = starts.mapValues { Section(bytes: bytes, lineStarts: $0) }
    }
}
