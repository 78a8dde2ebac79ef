import Foundation

/// Streams an access log (JSON lines) into the monitor in bounded memory: the file is read in
/// 4 MiB blocks and each line is parsed in place. Blank lines are skipped; the first bad line
/// stops the run with its line number (a silently skipped line could hide the one access that
/// mattered).
public enum AccessLogReader {
    public static let blockSize = 4 << 20
    /// A line longer than this is refused rather than buffered without bound.
    public static let maximumLineLength = 1 << 20

    /// Calls `body` with every record of the file at `path` (`-` reads standard input).
    public static func read(path: String, _ body: (AccessRecord) throws -> Void) throws {
        let handle: UnsafeMutablePointer<FILE>?
        if path == "-" {
            handle = fdopen(STDIN_FILENO, "rb")
        } else {
            handle = fopen(path, "rb")
        }
        guard let handle else { throw MonitoringError(.fileUnreadable, "\(path) cannot be read") }
        defer { if path != "-" { fclose(handle) } }
        let source = path == "-" ? "standard input" : path
        var buffer = [UInt8](repeating: 0, count: blockSize)
        var carry: [UInt8] = []
        var lineNumber = 0
        let lists = ListCache()
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, blockSize, handle) }
            if count == 0 {
                if ferror(handle) != 0 { throw MonitoringError(.fileUnreadable, "\(source) could not be read to the end") }
                break
            }
            try buffer.withUnsafeBufferPointer { block in
                var start = 0
                let filled = UnsafeBufferPointer(rebasing: block[0..<count])
                while let newline = filled[start...].firstIndex(of: 0x0A) {
                    lineNumber += 1
                    if carry.isEmpty {
                        try parse(UnsafeBufferPointer(rebasing: filled[start..<newline]), source: source, line: lineNumber, lists: lists, body)
                    } else {
                        carry.append(contentsOf: filled[start..<newline])
                        try carry.withUnsafeBufferPointer { try parse($0, source: source, line: lineNumber, lists: lists, body) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = newline + 1
                }
                carry.append(contentsOf: filled[start..<count])
                if carry.count > maximumLineLength {
                    throw MonitoringError(.invalidAccessRecord, "\(source):\(lineNumber + 1): the line is longer than \(maximumLineLength) bytes")
                }
            }
        }
        if !carry.isEmpty {
            lineNumber += 1
            try carry.withUnsafeBufferPointer { try parse($0, source: source, line: lineNumber, lists: lists, body) }
        }
    }

    /// Like `read`, with parsing on a second thread: the caller's thread only scores, and parsing
    /// (a third of a run's time on one core) overlaps it. Batches are handed over through a
    /// bounded queue, so memory stays bounded however fast the reader runs ahead.
    public static func readInParallel(path: String, _ body: (AccessRecord) throws -> Void) throws {
        try readInParallel(path: path, prepare: { _ in }, body)
    }

    /// `prepare` runs on the parsing thread, on each record before it is handed over.
    static func readInParallel(path: String, prepare: @escaping @Sendable (inout AccessRecord) -> Void, _ body: (AccessRecord) throws -> Void) throws
    {
        let queue = BatchQueue(capacity: 4)
        let producer = Thread {
            var batch: [AccessRecord] = []
            batch.reserveCapacity(BatchQueue.batchSize)
            do {
                try read(path: path) { record in
                    var record = record
                    prepare(&record)
                    batch.append(record)
                    if batch.count == BatchQueue.batchSize {
                        guard queue.put(.records(batch)) else { throw CancellationError() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { _ = queue.put(.records(batch)) }
                _ = queue.put(.end)
            } catch is CancellationError {
            } catch {
                _ = queue.put(.failed(error))
            }
        }
        producer.stackSize = 1 << 20
        producer.start()
        defer { queue.cancel() }
        while true {
            switch queue.take() {
            case .records(let records): for record in records { try body(record) }
            case .failed(let error): throw error
            case .end: return
            }
        }
    }

    private static func parse(
        _ line: UnsafeBufferPointer<UInt8>, source: String, line number: Int, lists: ListCache, _ body: (AccessRecord) throws -> Void
    ) throws {
        var end = line.count
        if end > 0, line[end - 1] == 0x0D { end -= 1 }  // CRLF files
        var blank = true
        for index in 0..<end where line[index] != 0x20 && line[index] != 0x09 {
            blank = false
            break
        }
        if blank { return }
        try body(try AccessRecordParser.parse(UnsafeBufferPointer(rebasing: line[0..<end]), source: source, line: number, lists: lists))
    }
}

/// A bounded hand-over of record batches from the parsing thread to the scoring thread.
final class BatchQueue: @unchecked Sendable {
    enum Item {
        case records([AccessRecord])
        case failed(any Error)
        case end
    }

    static let batchSize = 8192
    private let condition = NSCondition()
    private var items: [Item] = []
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false once the consumer has gone.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// The consumer stops: a waiting producer wakes and gives up.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
