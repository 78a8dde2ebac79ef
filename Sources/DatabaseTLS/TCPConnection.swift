#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A monotonic point in time by which a whole check must be done.
struct Deadline {
    private let nanoseconds: UInt64

    init(secondsFromNow seconds: Double) {
        nanoseconds = Self.now() &+ UInt64(max(0, seconds) * 1e9)
    }

    /// Milliseconds left, at least 0, for `poll`.
    var remainingMilliseconds: Int32 {
        let now = Self.now()
        guard nanoseconds > now else { return 0 }
        return Int32(clamping: (nanoseconds - now) / 1_000_000)
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}

/// A blocking-free TCP client socket: every wait goes through `poll` against one deadline,
/// so a peer that stalls or trickles bytes cannot hold a check past its timeout.
final class TCPConnection {
    private let descriptor: Int32
    private let deadline: Deadline
    private let peer: String
    /// Bytes received so far, to stop peers that stream an endless handshake.
    private(set) var bytesReceived = 0
    static let maximumBytesReceived = 1 << 20

    /// Resolves `host` and connects to the first address that answers, before the deadline.
    init(host: String, port: Int, deadline: Deadline) throws(TLSCheckError) {
        self.deadline = deadline
        self.peer = "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            throw TLSCheckError(.unresolvableHost, "cannot resolve `\(host)`: \(reason.lowercased())")
        }
        defer { freeaddrinfo(list) }

        var lastError = TLSCheckError(.unreachable, "no address of `\(host)` answered on port \(port)")
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let socketDescriptor = socket(
                address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue),
                address.pointee.ai_protocol)
            guard socketDescriptor >= 0 else { continue }
            do throws(TLSCheckError) {
                try Self.connect(socketDescriptor, to: address.pointee, deadline: deadline, peer: peer)
                descriptor = socketDescriptor
                var noDelay: Int32 = 1
                setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
                return
            } catch {
                close(socketDescriptor)
                lastError = error
                if error.code == .timeout { break }
            }
        }
        throw lastError
    }

    deinit {
        close(descriptor)
    }

    private static func connect(_ descriptor: Int32, to address: addrinfo, deadline: Deadline, peer: String) throws(TLSCheckError) {
        if Glibc.connect(descriptor, address.ai_addr, address.ai_addrlen) == 0 { return }
        guard errno == EINPROGRESS else { throw connectError(errno, peer: peer) }
        var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&entry, 1, deadline.remainingMilliseconds)
        guard ready > 0 else { throw TLSCheckError(.timeout, "connecting to \(peer) timed out") }
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &length)
        if socketError != 0 { throw connectError(socketError, peer: peer) }
    }

    private static func connectError(_ code: Int32, peer: String) -> TLSCheckError {
        let reason = String(cString: strerror(code)).lowercased()
        return code == ECONNREFUSED
            ? TLSCheckError(.connectionRefused, "\(peer) refused the connection")
            : TLSCheckError(.unreachable, "cannot connect to \(peer): \(reason)")
    }

    /// Sends every byte, waiting for the socket to drain when the kernel buffer is full.
    func send(_ bytes: [UInt8]) throws(TLSCheckError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                try wait(for: POLLOUT, doing: "sending to")
            } else {
                throw TLSCheckError(.connectionClosed, "\(peer) closed the connection while we were sending")
            }
        }
    }

    /// Receives at least one and at most `maximum` bytes.
    func receive(upTo maximum: Int) throws(TLSCheckError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, maximum, 0) }
            if count > 0 {
                bytesReceived += count
                guard bytesReceived <= Self.maximumBytesReceived else {
                    throw TLSCheckError(
                        .responseTooLarge, "\(peer) sent more than \(Self.maximumBytesReceived / 1024) KiB before the handshake ended")
                }
                return Array(buffer.prefix(count))
            }
            if count == 0 {
                throw TLSCheckError(.connectionClosed, "\(peer) closed the connection")
            }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else {
                throw TLSCheckError(.connectionClosed, "\(peer) reset the connection")
            }
            try wait(for: POLLIN, doing: "waiting for")
        }
    }

    /// Receives exactly `count` bytes.
    func receive(exactly count: Int) throws(TLSCheckError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            bytes += try receive(upTo: count - bytes.count)
        }
        return bytes
    }

    /// Whether the peer has sent bytes we have not read (checked without waiting).
    var hasUnreadBytes: Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 0) > 0 else { return false }
        var probe: UInt8 = 0
        return recv(descriptor, &probe, 1, Int32(MSG_PEEK)) > 0
    }

    private func wait(for event: Int32, doing action: String) throws(TLSCheckError) {
        var entry = pollfd(fd: descriptor, events: Int16(event), revents: 0)
        let remaining = deadline.remainingMilliseconds
        guard remaining > 0, poll(&entry, 1, remaining) > 0 else {
            throw TLSCheckError(.timeout, "timed out \(action) \(peer)")
        }
    }
}
