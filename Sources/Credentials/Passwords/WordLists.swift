import Crypto
public import Foundation

/// Reading word lists: one entry per line, most common first; blank lines and `#` comments skipped.
public enum WordLists {
    /// The folder relative list paths resolve against: `$PHIGUARD_WORDLISTS`, else `var/wordlists`.
    public static var defaultFolder: String {
        ProcessInfo.processInfo.environment["PHIGUARD_WORDLISTS"] ?? "var/wordlists"
    }

    public static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)
    }

    public static func read(_ path: String) throws(CredentialsError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialsError(
                .wordListUnreadable, "cannot read word list `\(path)` (run `make run` or scripts/install-wordlists.sh to install the lists)")
        }
        var words: [String] = []
        words.reserveCapacity(data.count / 8)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            for index in 0...bytes.count {
                guard index == bytes.count || bytes[index] == 10 else { continue }
                var end = index
                if end > start && bytes[end - 1] == 13 { end -= 1 }
                if end > start && bytes[start] != UInt8(ascii: "#") {
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                }
                start = index + 1
            }
        }
        return words
    }
}

/// Passwords refused outright: common, breached and dictionary values, compared with the whole
/// password (never substrings, NIST SP 800-63B-4 §3.1.1.2), case-insensitively.
public struct Blocklist: Sendable {
    let entries: Lexicon
    public var count: Int { entries.count }

    public init(lists: [[String]]) {
        entries = Lexicon(lists: lists.map { Lexicon.RankedList(source: .passwords, words: $0) })
    }

    /// Loads every file named by a profile, resolving relative paths under `folder`.
    public init(files: [String], folder: String) throws(CredentialsError) {
        var lists: [[String]] = []
        for file in files { lists.append(try WordLists.read(WordLists.resolve(file, in: folder))) }
        self.init(lists: lists)
    }

    public func contains(_ password: String) -> Bool { entries.lookup(password) != nil }

    /// The same for a password already lower-cased scalar by scalar.
    public func contains(lowercased scalars: [Unicode.Scalar]) -> Bool {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.isASCII { bytes.append(UInt8(scalar.value)) } else { bytes.append(contentsOf: String(scalar).utf8) }
        }
        return entries.lookup(lowercased: bytes) != nil
    }
}

/// A breached-password file in the Pwned Passwords format (`SHA1HEX:COUNT` lines sorted by hash, as
/// downloaded by the HIBP downloader), searched in place by binary search over byte offsets, so a
/// file of tens of gigabytes costs a few dozen small reads and no memory.
public final class PwnedPasswordsFile: @unchecked Sendable {
    let descriptor: Int32
    let size: Int64
    public let path: String

    public init(path: String) throws(CredentialsError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CredentialsError(.wordListUnreadable, "cannot open breached-password file `\(path)`") }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw CredentialsError(.wordListUnreadable, "cannot read breached-password file `\(path)`")
        }
        size = Int64(status.st_size)
    }

    deinit { close(descriptor) }

    /// Upper-case hex SHA-1 of the password's UTF-8, the key of the file and the range API.
    public static func sha1Hex(_ password: String) -> String {
        Insecure.SHA1.hash(data: Data(password.utf8)).map { String(format: "%02X", $0) }.joined()
    }

    /// How many times the password appears in breaches (0 when absent).
    public func count(of password: String) throws(CredentialsError) -> Int {
        let key = Array(Self.sha1Hex(password).utf8)
        // f(o): the first line starting after offset o; its hash grows with o. Find the smallest o
        // with f(o) >= key, then compare. The file's first line (never after a newline) is checked apart.
        func hashCount(_ line: [UInt8]) throws(CredentialsError) -> (Int, Int) {
            guard line.count > 41, line[40] == UInt8(ascii: ":") else {
                throw CredentialsError(.invalidBreachFile, "`\(path)` is not a Pwned Passwords file (expected `SHA1:COUNT` lines)")
            }
            return (compare(Array(line.prefix(40)), key), Int(String(decoding: line[41...], as: UTF8.self)) ?? 1)
        }
        if let (_, first) = try line(at: 0) {
            let (order, count) = try hashCount(first)
            if order == 0 { return count }
            if order > 0 { return 0 }
        }
        var low: Int64 = 0
        var high = size
        while low < high {
            let middle = (low + high) / 2
            if let (_, line) = try line(after: middle), try hashCount(line).0 < 0 {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < size, let (_, line) = try line(after: low) else { return 0 }
        let (order, count) = try hashCount(line)
        return order == 0 ? count : 0
    }

    private func compare(_ hash: [UInt8], _ key: [UInt8]) -> Int {
        for (a, b) in zip(hash, key) {
            let upper = a >= 97 && a <= 102 ? a - 32 : a
            if upper != b { return upper < b ? -1 : 1 }
        }
        return 0
    }

    /// The first complete line starting after `offset` (skipping the partial line `offset` is in).
    private func line(after offset: Int64) throws(CredentialsError) -> (Int64, [UInt8])? {
        var position = offset
        var buffer = [UInt8](repeating: 0, count: 128)
        while position < size {
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 128, off_t(position)) }
            guard read > 0 else { throw CredentialsError(.wordListUnreadable, "cannot read `\(path)`") }
            if let newline = buffer[0..<read].firstIndex(of: 10) {
                return try line(at: position + Int64(newline) + 1)
            }
            position += Int64(read)
        }
        return nil
    }

    private func line(at start: Int64) throws(CredentialsError) -> (Int64, [UInt8])? {
        guard start < size else { return nil }
        var buffer = [UInt8](repeating: 0, count: 80)
        let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 80, off_t(start)) }
        guard read > 0 else { throw CredentialsError(.wordListUnreadable, "cannot read `\(path)`") }
        var end = buffer[0..<read].firstIndex(of: 10) ?? read
        if end > 0 && buffer[end - 1] == 13 { end -= 1 }
        return (start, Array(buffer[0..<end]))
    }
}
