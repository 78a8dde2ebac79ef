/// What makes a TLS 1.2-and-earlier cipher suite weak. The raw value is the name `Policies/tls.yaml`
/// uses in `forbidden_suites`.
public enum SuiteWeakness: String, Sendable, Codable, CaseIterable, Comparable {
    /// No encryption at all (`…_WITH_NULL_…`): the data crosses the network in cleartext.
    case null
    /// No server authentication (`DH_anon`, `ECDH_anon`): any man in the middle can answer.
    case anonymous
    /// Export-grade (40/56-bit) keys, broken since the 1990s (FREAK, Logjam).
    case export
    case rc4
    /// Single DES (56-bit).
    case des
    /// Triple DES: a 64-bit block (Sweet32).
    case tripleDES = "3des"
    /// CBC with an HMAC-SHA-1 record MAC (Lucky13-class padding oracles). NIST SP 800-52r2 still
    /// permits some, so a policy forbids them by choice; otherwise they are reported apart.
    case cbcSHA1 = "cbc_sha1"

    public static func < (lhs: SuiteWeakness, rhs: SuiteWeakness) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// What a server accepting it risks, for the report.
    var risk: String {
        switch self {
        case .null: "no encryption"
        case .anonymous: "no server authentication"
        case .export: "export-grade keys"
        case .rc4: "RC4"
        case .des: "single DES"
        case .tripleDES: "a 64-bit block cipher"
        case .cbcSHA1: "CBC with SHA-1"
        }
    }
}

/// One cipher suite the probe offers: its IANA code point and name, and why it is weak.
public struct WeakSuite: Sendable, Codable, Equatable, Hashable {
    public var id: UInt16
    /// The IANA name, for example `TLS_ECDHE_ECDSA_WITH_NULL_SHA`.
    public var name: String
    /// Sorted, so reports are stable.
    public var weaknesses: [SuiteWeakness]

    init(_ id: UInt16, _ name: String) {
        self.id = id
        self.name = name
        weaknesses = Self.classify(name).sorted()
    }

    /// The classes an IANA name spells out: `_WITH_NULL_`, `_anon_`, `EXPORT`, `_RC4_`, `_DES_CBC_`
    /// or `DES40`, `3DES`, and a `_CBC_SHA` ending.
    ///
    /// A byte search, not `String.contains`: that one goes through the generic searcher of
    /// `_StringProcessing`, which made building this table 2.7 ms of every `tls check` start.
    static func classify(_ name: String) -> Set<SuiteWeakness> {
        let bytes = Array(name.utf8)
        func has(_ part: StaticString) -> Bool {
            let needle = UnsafeBufferPointer(start: part.utf8Start, count: part.utf8CodeUnitCount)
            guard needle.count <= bytes.count else { return false }
            return (0...(bytes.count - needle.count)).contains { start in (0..<needle.count).allSatisfy { bytes[start + $0] == needle[$0] } }
        }
        var classes: Set<SuiteWeakness> = []
        if has("_WITH_NULL_") { classes.insert(.null) }
        if has("_anon_") { classes.insert(.anonymous) }
        if has("EXPORT") { classes.insert(.export) }
        if has("_RC4_") { classes.insert(.rc4) }
        if has("_WITH_DES_CBC_") || has("DES40") { classes.insert(.des) }
        if has("3DES") { classes.insert(.tripleDES) }
        if bytes.count >= 8, Array(bytes.suffix(8)) == Array("_CBC_SHA".utf8) { classes.insert(.cbcSHA1) }
        return classes
    }

    /// Every TLS ≤ 1.2 suite of the IANA registry with one of the weaknesses (PSK and SRP suites
    /// included: a server only picks them when configured for them, and then they count).
    public static let all: [WeakSuite] = [
        (0x0001, "TLS_RSA_WITH_NULL_MD5"), (0x0002, "TLS_RSA_WITH_NULL_SHA"), (0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"),
        (0x0004, "TLS_RSA_WITH_RC4_128_MD5"), (0x0005, "TLS_RSA_WITH_RC4_128_SHA"), (0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5"),
        (0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA"), (0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"), (0x0009, "TLS_RSA_WITH_DES_CBC_SHA"),
        (0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"), (0x000B, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA"), (0x000C, "TLS_DH_DSS_WITH_DES_CBC_SHA"),
        (0x000D, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA"), (0x000E, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA"), (0x000F, "TLS_DH_RSA_WITH_DES_CBC_SHA"),
        (0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA"), (0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA"),
        (0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA"), (0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"),
        (0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"), (0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA"),
        (0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"), (0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5"), (0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"),
        (0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA"), (0x001A, "TLS_DH_anon_WITH_DES_CBC_SHA"),
        (0x001B, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA"), (0x002C, "TLS_PSK_WITH_NULL_SHA"), (0x002D, "TLS_DHE_PSK_WITH_NULL_SHA"),
        (0x002E, "TLS_RSA_PSK_WITH_NULL_SHA"), (0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"), (0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA"),
        (0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA"), (0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"), (0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
        (0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA"), (0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"), (0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA"),
        (0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA"), (0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"), (0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
        (0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA"), (0x003B, "TLS_RSA_WITH_NULL_SHA256"), (0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA"),
        (0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA"), (0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA"),
        (0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA"), (0x0062, "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA"),
        (0x0063, "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA"), (0x0064, "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA"),
        (0x0065, "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA"), (0x0066, "TLS_DHE_DSS_WITH_RC4_128_SHA"),
        (0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256"), (0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256"),
        (0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA"), (0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA"),
        (0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA"), (0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA"),
        (0x008A, "TLS_PSK_WITH_RC4_128_SHA"), (0x008B, "TLS_PSK_WITH_3DES_EDE_CBC_SHA"), (0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA"),
        (0x008D, "TLS_PSK_WITH_AES_256_CBC_SHA"), (0x0096, "TLS_RSA_WITH_SEED_CBC_SHA"), (0x009A, "TLS_DHE_RSA_WITH_SEED_CBC_SHA"),
        (0x009B, "TLS_DH_anon_WITH_SEED_CBC_SHA"), (0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256"),
        (0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384"), (0x00B0, "TLS_PSK_WITH_NULL_SHA256"), (0x00B1, "TLS_PSK_WITH_NULL_SHA384"),
        (0x00B4, "TLS_DHE_PSK_WITH_NULL_SHA256"), (0x00B5, "TLS_DHE_PSK_WITH_NULL_SHA384"), (0x00B8, "TLS_RSA_PSK_WITH_NULL_SHA256"),
        (0x00B9, "TLS_RSA_PSK_WITH_NULL_SHA384"), (0x00BF, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256"),
        (0x00C5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256"), (0xC001, "TLS_ECDH_ECDSA_WITH_NULL_SHA"),
        (0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA"), (0xC003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA"),
        (0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA"), (0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA"),
        (0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA"), (0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"),
        (0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"), (0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
        (0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"), (0xC00B, "TLS_ECDH_RSA_WITH_NULL_SHA"), (0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA"),
        (0xC00D, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA"), (0xC00E, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA"),
        (0xC00F, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA"), (0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA"), (0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"),
        (0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"), (0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
        (0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"), (0xC015, "TLS_ECDH_anon_WITH_NULL_SHA"), (0xC016, "TLS_ECDH_anon_WITH_RC4_128_SHA"),
        (0xC017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA"), (0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"),
        (0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA"), (0xC01A, "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA"),
        (0xC01D, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA"), (0xC01E, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA"),
        (0xC033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA"), (0xC034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA"),
        (0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA"), (0xC036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA"),
        (0xC039, "TLS_ECDHE_PSK_WITH_NULL_SHA"), (0xC03A, "TLS_ECDHE_PSK_WITH_NULL_SHA256"), (0xC03B, "TLS_ECDHE_PSK_WITH_NULL_SHA384"),
    ].map { WeakSuite($0.0, $0.1) }
}

/// Learns which weak suites a server still accepts, whatever it would negotiate with a good client:
/// ClientHellos offering only weak suites, each round dropping the suite the server chose, until it
/// refuses. Only the ServerHello is read, so suites OpenSSL no longer implements (export, RC4, DES)
/// are probed too, and no key exchange is done: a round costs one connection and two packets.
enum CipherSuiteProbe {
    enum Outcome: Equatable {
        /// The weak suites the server chose, in the order it chose them (its preference).
        case accepted([WeakSuite])
        /// The probe could not finish (connection, preamble or a reply that is not TLS); what it
        /// learned before that is kept.
        case inconclusive([WeakSuite], String)
    }

    /// At most this many rounds: a server accepting more weak suites than that is reported with the first ones.
    static let maximumRounds = 24

    /// Offers `suites` until the server refuses them all, at most `rounds` times. Suites in
    /// `onceOnly` need not be enumerated: when the server chooses one of them, all of them leave the
    /// offer (the server is known to accept that class, and which it prefers).
    static func run(
        _ endpoint: Endpoint, serverName: String?, suites: [WeakSuite], onceOnly: Set<UInt16> = [], timeout: Double,
        rounds: Int = maximumRounds, isCancelled: () -> Bool = { false }
    ) -> Outcome {
        var remaining = suites
        var accepted: [WeakSuite] = []
        let peer = "\(endpoint.host):\(endpoint.port)"
        for _ in 0..<min(rounds, maximumRounds) where !remaining.isEmpty && !isCancelled() {
            do throws(TLSCheckError) {
                let hello = ClientHello.bytes(suites: remaining.map(\.id), serverName: serverName, alpn: endpoint.databaseProtocol.alpn)
                guard let chosen = try offer(hello, to: endpoint, timeout: timeout)?.suite else { return .accepted(accepted) }
                guard let index = remaining.firstIndex(where: { $0.id == chosen }) else {
                    return .inconclusive(accepted, "\(peer) chose cipher suite 0x\(String(chosen, radix: 16)), which the probe did not offer")
                }
                let chosenSuite = remaining.remove(at: index)
                accepted.append(chosenSuite)
                if onceOnly.contains(chosenSuite.id) { remaining.removeAll { onceOnly.contains($0.id) } }
            } catch {
                return .inconclusive(accepted, error.message)
            }
        }
        return .accepted(accepted)
    }

    /// Connects, runs the protocol's preamble, sends `hello` and reads up to the ServerHello. Nil
    /// when the server refuses (an alert, a closed connection) or does not offer TLS at all.
    static func offer(_ hello: [UInt8], to endpoint: Endpoint, timeout: Double) throws(TLSCheckError) -> (suite: UInt16, version: UInt16)? {
        let peer = "\(endpoint.host):\(endpoint.port)"
        let connection = try TCPConnection(host: endpoint.host, port: endpoint.port, deadline: Deadline(secondsFromNow: timeout))
        guard case .startTLS = try Preamble.run(endpoint.databaseProtocol, on: connection, peer: peer) else { return nil }
        return try exchange(hello, over: connection, protocol: endpoint.databaseProtocol, peer: peer)
    }

    /// Sends the ClientHello (in a PRELOGIN packet for TDS 7.x) and reads up to the ServerHello's
    /// cipher suite and version. Nil when the server refuses: an alert, or a closed connection.
    private static func exchange(_ hello: [UInt8], over connection: TCPConnection, protocol databaseProtocol: DatabaseProtocol, peer: String)
        throws(TLSCheckError) -> (suite: UInt16, version: UInt16)?
    {
        let wrapped = databaseProtocol == .tds
        try connection.send(wrapped ? Preamble.tdsPacket(type: Preamble.tdsPreloginType, payload: hello, packetID: 2) : hello)
        var records = TLSRecordReader()
        do {
            while true {
                let bytes =
                    wrapped
                    ? try Preamble.readTDSPacket(connection, expected: [Preamble.tdsPreloginType, Preamble.tdsResponseType], peer: peer)
                    : try connection.receive(upTo: 16_384)
                switch try records.feed(bytes, peer: peer) {
                case .needMore: continue
                case .refused: return nil
                case .chose(let suite, let version):
                    // A fatal user_canceled alert: we never finish this handshake.
                    let alert: [UInt8] = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 90]
                    try? connection.send(wrapped ? Preamble.tdsPacket(type: Preamble.tdsPreloginType, payload: alert, packetID: 3) : alert)
                    return (suite, version)
                }
            }
        } catch  where error.code == .connectionClosed {
            return nil
        }
    }
}

/// Reads TLS records up to the cipher suite of a ServerHello, across record and packet boundaries.
struct TLSRecordReader {
    enum Progress: Equatable {
        case needMore
        case refused
        /// The ServerHello's cipher suite and protocol version (`0x0301` TLS 1.0 … `0x0303` TLS 1.2).
        case chose(suite: UInt16, version: UInt16)
    }

    private var buffered: [UInt8] = []
    private var handshake: [UInt8] = []

    mutating func feed(_ bytes: [UInt8], peer: String) throws(TLSCheckError) -> Progress {
        buffered += bytes
        while buffered.count >= 5 {
            let type = buffered[0]
            let length = Int(buffered[3]) << 8 | Int(buffered[4])
            guard buffered[1] == 0x03, length <= 18_432 else {
                throw TLSCheckError(.protocolError, "\(peer) answered a ClientHello with bytes that are not a TLS record")
            }
            if type == 0x15 { return .refused }
            guard type == 0x16 else {
                throw TLSCheckError(.protocolError, "\(peer) answered a ClientHello with TLS record type \(type), not a handshake")
            }
            guard buffered.count >= 5 + length else { return .needMore }
            handshake += buffered[5..<5 + length]
            buffered.removeFirst(5 + length)
            if let suite = try serverHelloSuite(peer: peer) { return .chose(suite: suite, version: UInt16(handshake[4]) << 8 | UInt16(handshake[5])) }
        }
        if handshake.count + buffered.count > 65_536 {
            throw TLSCheckError(.responseTooLarge, "\(peer) sent more than 64 KiB without a ServerHello")
        }
        return .needMore
    }

    /// The cipher suite once enough of the ServerHello has arrived: type 2, length (3), version (2),
    /// random (32), session id (1 + n), cipher suite (2).
    private func serverHelloSuite(peer: String) throws(TLSCheckError) -> UInt16? {
        guard let type = handshake.first else { return nil }
        guard type == 2 else {
            throw TLSCheckError(.protocolError, "\(peer) answered a ClientHello with handshake message \(type), not a ServerHello")
        }
        guard handshake.count >= 39 else { return nil }
        let sessionIDLength = Int(handshake[38])
        guard sessionIDLength <= 32 else {
            throw TLSCheckError(.protocolError, "\(peer) sent a ServerHello with a \(sessionIDLength)-byte session id")
        }
        let suiteAt = 39 + sessionIDLength
        guard handshake.count >= suiteAt + 2 else { return nil }
        return UInt16(handshake[suiteAt]) << 8 | UInt16(handshake[suiteAt + 1])
    }
}

/// A TLS 1.2 ClientHello built byte by byte, so it can offer suites OpenSSL no longer implements.
enum ClientHello {
    /// - Parameter clientVersion: `0x0303` (TLS 1.2), or `0x0302` to offer TLS 1.1 and below only.
    static func bytes(suites: [UInt16], serverName: String?, alpn: String?, clientVersion: UInt16 = 0x0303) -> [UInt8] {
        func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        func extensionBlock(_ type: Int, _ body: [UInt8]) -> [UInt8] { u16(type) + u16(body.count) + body }

        var extensions: [UInt8] = []
        if let serverName, !TLSChecker.isAddress(serverName) {
            let name = Array(serverName.utf8)
            extensions += extensionBlock(0x0000, u16(name.count + 3) + [0x00] + u16(name.count) + name)
        }
        // x25519, secp256r1, secp384r1, secp521r1, ffdhe2048: ECDHE suites need a group in common.
        let groups: [UInt16] = [0x001D, 0x0017, 0x0018, 0x0019, 0x0100]
        extensions += extensionBlock(0x000A, u16(groups.count * 2) + groups.flatMap { u16(Int($0)) })
        extensions += extensionBlock(0x000B, [0x01, 0x00])  // uncompressed points
        // ECDSA, RSA-PSS, RSA PKCS#1 and Ed25519 with SHA-2, then SHA-1 last: any certificate will do.
        let signatures: [UInt16] = [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0807, 0x0203, 0x0201]
        // signature_algorithms exists from TLS 1.2 on; a client offering less must not send it (RFC 5246 §7.4.1.4.1).
        if clientVersion >= 0x0303 {
            extensions += extensionBlock(0x000D, u16(signatures.count * 2) + signatures.flatMap { u16(Int($0)) })
        }
        extensions += extensionBlock(0x0017, [])  // extended master secret
        if let alpn {
            let protocolName = Array(alpn.utf8)
            extensions += extensionBlock(0x0010, u16(protocolName.count + 1) + [UInt8(protocolName.count)] + protocolName)
        }

        // TLS_EMPTY_RENEGOTIATION_INFO_SCSV last, as clients send it.
        let offered = suites + [0x00FF]
        var random = [UInt8](repeating: 0, count: 32)
        for index in random.indices { random[index] = UInt8.random(in: 0...255) }
        var body: [UInt8] = u16(Int(clientVersion)) + random + [0x00]  // client_version, random, no session id
        body += u16(offered.count * 2) + offered.flatMap { u16(Int($0)) }
        body += [0x01, 0x00]  // null compression
        body += u16(extensions.count) + extensions
        let handshake: [UInt8] = [0x01, UInt8(body.count >> 16), UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)] + body
        // Record version 1.0 in the first record, as OpenSSL and browsers send, for old servers' sake.
        return [0x16, 0x03, 0x01] + u16(handshake.count) + handshake
    }
}

/// Whether a server still accepts TLS 1.0 or 1.1 (or SSL 3): one ClientHello offering at most
/// TLS 1.1, with every suite those versions have (all of them are in `WeakSuite.all`: before TLS 1.2
/// every suite is CBC with SHA-1, RC4, 3DES, DES, NULL, export or anonymous). Only the ServerHello's
/// version is read, so no legacy handshake is completed, by either side.
enum LegacyProtocolProbe {
    enum Outcome: Equatable {
        case accepted(String)
        case refused
        /// The probe could not run (connection, preamble or a reply that is not TLS).
        case inconclusive
    }

    static func run(_ endpoint: Endpoint, serverName: String?, timeout: Double) -> Outcome {
        let hello = ClientHello.bytes(
            suites: WeakSuite.all.map(\.id), serverName: serverName, alpn: endpoint.databaseProtocol.alpn, clientVersion: 0x0302)
        do throws(TLSCheckError) {
            guard let chosen = try CipherSuiteProbe.offer(hello, to: endpoint, timeout: timeout) else { return .refused }
            switch chosen.version {
            case 0x0300: return .accepted("SSLv3")
            case 0x0301: return .accepted("TLSv1")
            case 0x0302: return .accepted("TLSv1.1")
            // A server answering a TLS 1.1 hello with TLS 1.2 breaks the protocol, and no legacy session follows.
            default: return .refused
            }
        } catch {
            return .inconclusive
        }
    }
}
