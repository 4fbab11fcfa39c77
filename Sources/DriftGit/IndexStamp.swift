import Foundation

/// Identity of an index file's contents: its trailing checksum plus stat data.
///
/// git writes the index to a lock file and renames it, and ends it with a hash of everything
/// before; the hash alone identifies the contents unless `index.skipHash` zeroes it, and stat
/// data (inode, size, nanosecond times) covers that case.
struct IndexStamp: Hashable {
    var size: Int64
    var inode: UInt64
    var modified: Int64
    var changed: Int64
    var trailer: [UInt8]

    static let missing = IndexStamp(size: -1, inode: 0, modified: 0, changed: 0, trailer: [])

    init(size: Int64, inode: UInt64, modified: Int64, changed: Int64, trailer: [UInt8]) {
        self.size = size
        self.inode = inode
        self.modified = modified
        self.changed = changed
        self.trailer = trailer
    }

    /// nil when the file does not exist or cannot be read.
    init?(path: String) {
        // O_NONBLOCK: a FIFO put where the index should be must not block the open.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        size = Int64(info.st_size)
        inode = UInt64(info.st_ino)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        // 32 bytes covers a SHA-256 trailer; for SHA-1 it also covers 12 bytes of content.
        let size = self.size
        let length = Int(min(size, 32))
        var bytes = [UInt8](repeating: 0, count: length)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, length, off_t(size) - off_t(length)) }
        trailer = read == length ? bytes : []
    }
}
