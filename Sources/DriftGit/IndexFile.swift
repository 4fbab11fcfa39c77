import Foundation

/// A git index file read directly: its stage-0 entries and its cache tree.
///
/// Why not `git_index_open`: libgit2 1.5 hashes the whole file and allocates every entry on each
/// read (about 15 ms for 50,000 files), while git itself skips the checksum on ordinary reads.
/// This reader keeps offsets into one buffer and declines (throws `Unsupported`) anything it does
/// not fully understand, so the caller falls back to libgit2 and then to the git CLI.
struct IndexFile {
    /// Something this reader does not handle; the message says what, for the log.
    struct Unsupported: Error {
        var message: String
    }

    struct Entry {
        var pathStart: Int
        var pathLength: Int
        var idOffset: Int
        var mode: UInt32
    }

    /// A directory of the cache tree (the index's TREE extension): the tree id of the directory as
    /// staged and how many index entries it spans, or `entryCount == -1` when `git add` invalidated it.
    final class CacheNode {
        let entryCount: Int
        let treeID: [UInt8]?
        var children: [String: CacheNode] = [:]

        init(entryCount: Int, treeID: [UInt8]?) {
            self.entryCount = entryCount
            self.treeID = treeID
        }
    }

    static let idSize = 20

    let bytes: [UInt8]
    /// Paths of all entries, back to back (version 4 compresses them, so they are rebuilt here).
    private(set) var paths: [UInt8] = []
    private(set) var entries: [Entry] = []
    private(set) var cacheTree: CacheNode?

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Unsupported(message: "cannot read \(path)")
        }
        try self.init(bytes: [UInt8](data))
    }

    init(bytes: [UInt8]) throws {
        self.bytes = bytes
        let end = bytes.count - Self.idSize
        guard bytes.count >= 12 + Self.idSize, bytes[0..<4].elementsEqual("DIRC".utf8) else {
            throw Unsupported(message: "not an index file")
        }
        let version = Self.uint32(bytes, 4)
        guard (2...4).contains(version) else { throw Unsupported(message: "index version \(version)") }
        let count = Int(Self.uint32(bytes, 8))
        entries.reserveCapacity(count)
        paths.reserveCapacity(count * 32)

        var offset = 12
        var previousStart = 0, previousLength = 0
        for _ in 0..<count {
            let entryStart = offset
            guard offset + 62 <= end else { throw Unsupported(message: "truncated entry") }
            let mode = Self.uint32(bytes, offset + 24)
            let flags = Int(bytes[offset + 60]) << 8 | Int(bytes[offset + 61])
            var pathOffset = offset + 62
            if flags & 0x4000 != 0 {
                guard version >= 3 else { throw Unsupported(message: "extended flags in a version 2 index") }
                let extended = Int(bytes[offset + 62]) << 8 | Int(bytes[offset + 63])
                // Intent-to-add entries diff specially in git; leave them to libgit2 and the CLI.
                if extended & 0x2000 != 0 { throw Unsupported(message: "intent-to-add entry") }
                pathOffset += 2
            }
            if flags & 0x3000 != 0 { throw Unsupported(message: "unmerged entries") }
            if mode & 0o170000 == 0o040000 { throw Unsupported(message: "sparse directory entry") }

            let start = paths.count
            if version == 4 {
                // Prefix compression: drop `strip` bytes from the previous path, append the suffix.
                var position = pathOffset
                var byte = Int(bytes[position]); position += 1
                var strip = byte & 0x7F
                while byte & 0x80 != 0 {
                    guard position < end else { throw Unsupported(message: "truncated path") }
                    byte = Int(bytes[position]); position += 1
                    strip = ((strip + 1) << 7) | (byte & 0x7F)
                }
                guard strip <= previousLength, let nul = bytes[position..<end].firstIndex(of: 0) else {
                    throw Unsupported(message: "malformed compressed path")
                }
                paths.append(contentsOf: paths[previousStart..<(previousStart + previousLength - strip)])
                paths.append(contentsOf: bytes[position..<nul])
                offset = nul + 1
            } else {
                var length = flags & 0xFFF
                if length == 0xFFF {
                    guard let nul = bytes[pathOffset..<end].firstIndex(of: 0) else { throw Unsupported(message: "unterminated path") }
                    length = nul - pathOffset
                }
                guard pathOffset + length <= end else { throw Unsupported(message: "truncated path") }
                paths.append(contentsOf: bytes[pathOffset..<(pathOffset + length)])
                // Entries are padded with 1–8 NULs to a multiple of 8 bytes.
                offset += ((pathOffset - offset) + length + 8) & ~7
            }
            previousStart = start
            previousLength = paths.count - start
            // ctime, mtime, dev, ino, mode, uid, gid and size take 40 bytes; the object id follows.
            entries.append(Entry(pathStart: start, pathLength: previousLength, idOffset: entryStart + 40, mode: mode))
        }

        while offset + 8 <= end {
            let signature = bytes[offset..<(offset + 4)]
            let size = Int(Self.uint32(bytes, offset + 4))
            let data = offset + 8
            guard data + size <= end else { throw Unsupported(message: "truncated extension") }
            if signature.elementsEqual("TREE".utf8) {
                var position = data
                cacheTree = try Self.cacheNode(bytes, &position, data + size).1
            } else if !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(signature.first!) {
                // A lowercase first letter marks an extension a reader must understand ('link', 'sdir').
                throw Unsupported(message: "mandatory extension '\(String(decoding: signature, as: UTF8.self))'")
            }
            offset = data + size
        }
    }

    func path(_ index: Int) -> ArraySlice<UInt8> {
        let entry = entries[index]
        return paths[entry.pathStart..<(entry.pathStart + entry.pathLength)]
    }

    func id(_ index: Int) -> ArraySlice<UInt8> {
        let offset = entries[index].idOffset
        return bytes[offset..<(offset + Self.idSize)]
    }

    /// The position of the entry with exactly this path, by binary search (entries are sorted).
    func position(of path: [UInt8]) -> Int? {
        var low = 0, high = entries.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let candidate = self.path(mid)
            if candidate.elementsEqual(path) { return mid }
            if candidate.lexicographicallyPrecedes(path) { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    private static func cacheNode(_ bytes: [UInt8], _ position: inout Int, _ end: Int) throws -> (String, CacheNode) {
        guard let nul = bytes[position..<end].firstIndex(of: 0) else { throw Unsupported(message: "malformed cache tree") }
        let name = String(decoding: bytes[position..<nul], as: UTF8.self)
        guard let space = bytes[(nul + 1)..<end].firstIndex(of: UInt8(ascii: " ")),
              let newline = bytes[(space + 1)..<end].firstIndex(of: UInt8(ascii: "\n")),
              let entryCount = Int(String(decoding: bytes[(nul + 1)..<space], as: UTF8.self)),
              let subtreeCount = Int(String(decoding: bytes[(space + 1)..<newline], as: UTF8.self)) else {
            throw Unsupported(message: "malformed cache tree")
        }
        position = newline + 1
        var treeID: [UInt8]?
        if entryCount >= 0 {
            guard position + idSize <= end else { throw Unsupported(message: "malformed cache tree") }
            treeID = Array(bytes[position..<(position + idSize)])
            position += idSize
        }
        let node = CacheNode(entryCount: entryCount, treeID: treeID)
        for _ in 0..<subtreeCount {
            let (childName, child) = try cacheNode(bytes, &position, end)
            node.children[childName] = child
        }
        return (name, node)
    }

    private static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
