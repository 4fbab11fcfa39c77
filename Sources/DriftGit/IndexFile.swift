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

    /// 16 bytes per entry: a 50,000-file index is 800 KB of these, not 50,000 allocations.
    struct Entry {
        /// Offset in the file (versions 2 and 3) or in the rebuilt paths (version 4).
        var pathStart: UInt32
        var pathLength: UInt32
        var idOffset: UInt32
        var mode: UInt32
    }

    /// The mapped file, and for version 4 the rebuilt paths, freed with the last copy.
    final class Storage {
        let file: UnsafeRawBufferPointer
        let mapped: Bool
        var rebuiltPaths: UnsafeMutableBufferPointer<UInt8>?

        init(file: UnsafeRawBufferPointer, mapped: Bool) {
            self.file = file
            self.mapped = mapped
        }

        deinit {
            if let base = file.baseAddress {
                if mapped { munmap(UnsafeMutableRawPointer(mutating: base), file.count) } else { base.deallocate() }
            }
            rebuiltPaths?.deallocate()
        }
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

    private let storage: Storage
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Where entry paths live: the file itself, or the rebuilt paths of a version 4 index.
    private var paths: UnsafeBufferPointer<UInt8>
    private(set) var entries: [Entry] = []
    private(set) var cacheTree: CacheNode?

    /// Maps the file rather than reading it: git replaces an index by renaming a new file over it,
    /// so the mapped inode never changes under us, and nothing is copied.
    init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw Unsupported(message: "cannot open \(path)") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { throw Unsupported(message: "cannot stat \(path)") }
        let size = Int(info.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw Unsupported(message: "cannot map \(path)")
        }
        storage = Storage(file: UnsafeRawBufferPointer(start: address, count: size), mapped: true)
        bytes = storage.file.bindMemory(to: UInt8.self)
        paths = bytes
        try parse()
    }

    /// Parses a copy of `contents` (for tests that try many variants without touching the disk).
    init(copying contents: [UInt8]) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, contents.count), alignment: 8)
        buffer.copyBytes(from: contents)
        storage = Storage(file: UnsafeRawBufferPointer(start: buffer.baseAddress, count: contents.count), mapped: false)
        bytes = storage.file.bindMemory(to: UInt8.self)
        paths = bytes
        try parse()
    }

    private mutating func parse() throws {
        let end = bytes.count - Self.idSize
        guard bytes.count >= 12 + Self.idSize, bytes[0..<4].elementsEqual("DIRC".utf8) else {
            throw Unsupported(message: "not an index file")
        }
        let version = Self.uint32(bytes, 4)
        guard (2...4).contains(version) else { throw Unsupported(message: "index version \(version)") }
        let count = Int(Self.uint32(bytes, 8))
        // Every entry takes at least 62 bytes: a larger count is corruption, not a reason to reserve gigabytes.
        guard count <= bytes.count / 62 else { throw Unsupported(message: "entry count \(count) exceeds the file") }
        entries.reserveCapacity(count)
        var rebuilt: [UInt8] = []
        if version == 4 { rebuilt.reserveCapacity(count * 40) }

        var offset = 12
        var previousStart = 0, previousLength = 0
        for _ in 0..<count {
            let entryStart = offset
            guard offset + 62 <= end else { throw Unsupported(message: "truncated entry") }
            let mode = Self.uint32(bytes, offset + 24)
            let flags = Int(bytes[offset + 60]) << 8 | Int(bytes[offset + 61])
            var pathOffset = offset + 62
            if flags & 0x4000 != 0 {
                guard version >= 3, offset + 64 <= end else { throw Unsupported(message: "extended flags in a version 2 index") }
                let extended = Int(bytes[offset + 62]) << 8 | Int(bytes[offset + 63])
                // Intent-to-add entries diff specially in git; leave them to libgit2 and the CLI.
                if extended & 0x2000 != 0 { throw Unsupported(message: "intent-to-add entry") }
                pathOffset += 2
            }
            if flags & 0x3000 != 0 { throw Unsupported(message: "unmerged entries") }
            if mode & 0o170000 == 0o040000 { throw Unsupported(message: "sparse directory entry") }

            let start: Int
            let length: Int
            if version == 4 {
                // Prefix compression: drop `strip` bytes from the previous path, append the suffix.
                var position = pathOffset
                guard position < end else { throw Unsupported(message: "truncated path") }
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
                start = rebuilt.count
                rebuilt.append(contentsOf: rebuilt[previousStart..<(previousStart + previousLength - strip)])
                rebuilt.append(contentsOf: bytes[position..<nul])
                length = rebuilt.count - start
                offset = nul + 1
            } else {
                var nameLength = flags & 0xFFF
                if nameLength == 0xFFF {
                    guard let nul = bytes[pathOffset..<end].firstIndex(of: 0) else { throw Unsupported(message: "unterminated path") }
                    nameLength = nul - pathOffset
                }
                guard pathOffset + nameLength <= end else { throw Unsupported(message: "truncated path") }
                start = pathOffset
                length = nameLength
                // Entries are padded with 1–8 NULs to a multiple of 8 bytes.
                offset += ((pathOffset - offset) + nameLength + 8) & ~7
            }
            previousStart = start
            previousLength = length
            // ctime, mtime, dev, ino, mode, uid, gid and size take 40 bytes; the object id follows.
            entries.append(Entry(pathStart: UInt32(start), pathLength: UInt32(length), idOffset: UInt32(entryStart + 40), mode: mode))
        }

        if version == 4 {
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, rebuilt.count))
            _ = buffer.initialize(from: rebuilt)
            storage.rebuiltPaths = buffer
            paths = UnsafeBufferPointer(buffer)
        }

        while offset + 8 <= end {
            let signature = bytes[offset..<(offset + 4)]
            let size = Int(Self.uint32(bytes, offset + 4))
            let data = offset + 8
            guard data + size <= end else { throw Unsupported(message: "truncated extension") }
            if signature.elementsEqual("TREE".utf8) && size > 0 {
                var position = data
                cacheTree = try Self.cacheNode(bytes, &position, data + size).1
            } else if !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(signature.first!) {
                // A lowercase first letter marks an extension a reader must understand ('link', 'sdir').
                throw Unsupported(message: "mandatory extension '\(String(decoding: signature, as: UTF8.self))'")
            }
            offset = data + size
        }
    }

    func path(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[index]
        return UnsafeBufferPointer(rebasing: paths[Int(entry.pathStart)..<Int(entry.pathStart + entry.pathLength)])
    }

    func id(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let offset = Int(entries[index].idOffset)
        return UnsafeBufferPointer(rebasing: bytes[offset..<(offset + Self.idSize)])
    }

    /// Lower-case hex of an object id, without `String(format:)` (50,000 ids must take microseconds).
    static func hex(_ id: UnsafeBufferPointer<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: id.count * 2) { buffer in
            for (offset, byte) in id.enumerated() {
                buffer[offset * 2] = digits[Int(byte >> 4)]
                buffer[offset * 2 + 1] = digits[Int(byte & 0x0F)]
            }
            return id.count * 2
        }
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

    private static func cacheNode(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ end: Int) throws -> (String, CacheNode) {
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

    private static func uint32(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
