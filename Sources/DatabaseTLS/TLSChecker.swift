internal import COpenSSL
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The result of one check on one endpoint.
public struct CheckResult: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        case pass, fail, skipped
    }

    public var check: CheckID
    public var outcome: Outcome
    public var severity: Severity
    public var message: String
}

/// Facts about the TLS session itself.
public struct SessionFacts: Sendable, Codable, Equatable {
    public var protocolVersion: String
    public var cipher: String
    public var cipherBits: Int
    public var alpn: String?
    public var ocspStapled: Bool

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol_version"
        case cipher
        case cipherBits = "cipher_bits"
        case alpn
        case ocspStapled = "ocsp_stapled"
    }
}

/// Everything `phiguard tls check` learned about one endpoint.
public struct EndpointReport: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Every check at or above `fail_at` passed.
        case passed
        /// A check at or above `fail_at` failed (exit 1).
        case failed
        /// The endpoint could not be checked (exit 2).
        case error
    }

    public var endpoint: Endpoint
    public var status: Status
    public var checks: [CheckResult]
    public var error: TLSCheckError?
    public var session: SessionFacts?
    /// The certificates the server presented, leaf first.
    public var certificates: [CertificateFacts]
    /// The path chain verification built, leaf first and anchor last, with what came from the trust
    /// store; nil when no path to an anchor verified.
    public var verifiedPath: [CertificateFacts]?
    /// The weak suites the server accepted in the suite probe, in its order of preference; nil when
    /// the probe did not run.
    public var weakSuitesAccepted: [WeakSuite]?
    public var milliseconds: Double

    enum CodingKeys: String, CodingKey {
        case endpoint, status, checks, error, session, certificates
        case verifiedPath = "verified_path"
        case weakSuitesAccepted = "weak_suites_accepted"
        case milliseconds
    }

    /// The report for a URL that does not parse: it could not be checked.
    public static func unparsable(_ text: String, error: TLSCheckError) -> EndpointReport {
        let endpoint = Endpoint(url: ConnectionStringMasking.mask(text), host: "", port: 0, databaseProtocol: .directTLS)
        return EndpointReport(endpoint: endpoint, status: .error, checks: [], error: error, session: nil, certificates: [], milliseconds: 0)
    }

    /// The failed checks that decide the status, worst first.
    public func failures(at threshold: Severity) -> [CheckResult] {
        checks.filter { $0.outcome == .fail && $0.severity >= threshold }.sorted { $0.severity > $1.severity }
    }
}

extension TLSCheckError: Codable {
    enum CodingKeys: String, CodingKey { case code, message }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(Code(rawValue: try container.decode(String.self, forKey: .code)), try container.decode(String.self, forKey: .message))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code.rawValue, forKey: .code)
        try container.encode(message, forKey: .message)
    }
}

/// Options shared by every endpoint of one run.
public struct CheckOptions: Sendable {
    public var anchors: TrustAnchors
    public var policy: TLSPolicy
    /// The name to send as SNI and match against the certificate, instead of the URL's host.
    public var serverName: String?
    /// Accepted `sha256/BASE64` SPKI pins; empty means the pin check is skipped.
    public var pins: [String] = []
    public var timeoutSeconds: Double = 5
    /// The time certificates are judged at, in seconds since 1970 (now, unless a test fixes it).
    public var now: Int64?

    public init(anchors: TrustAnchors, policy: TLSPolicy) {
        self.anchors = anchors
        self.policy = policy
    }

    /// Validates one `--pin` value: `sha256/` and 44 characters of base64 (a 32-byte digest).
    public static func validatePin(_ pin: String) throws(TLSCheckError) -> String {
        let body = pin.hasPrefix("sha256/") ? pin.dropFirst(7) : ""
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
        guard body.count == 44, body.hasSuffix("="), body.allSatisfy(alphabet.contains) else {
            throw TLSCheckError(.invalidPin, "`\(pin)` is not an SPKI pin: expected sha256/ followed by 44 base64 characters")
        }
        return pin
    }
}

/// Checks database endpoints' TLS: one OpenSSL handshake for the certificate and session, and, on
/// connections of their own alongside it, the legacy-protocol probe and the weak-suite probe's rounds
/// (raw ClientHellos read up to the ServerHello, `CipherSuiteProbe.swift`). Blocking, bounded by the
/// timeout; run endpoints concurrently with `checkAll`.
public enum TLSChecker {
    public static func check(_ endpoint: Endpoint, options: CheckOptions) -> EndpointReport {
        let started = Deadline.now()
        var report = EndpointReport(endpoint: endpoint, status: .error, checks: [], session: nil, certificates: [], milliseconds: 0)
        do throws(TLSCheckError) {
            try run(endpoint, options: options, into: &report)
            report.status = report.failures(at: options.policy.failAt).isEmpty ? .passed : .failed
        } catch {
            report.error = error
            report.status = .error
        }
        report.milliseconds = Double(Deadline.now() - started) / 1e6
        return report
    }

    private static func run(_ endpoint: Endpoint, options: CheckOptions, into report: inout EndpointReport) throws(TLSCheckError) {
        let policy = options.policy
        func record(_ check: CheckID, _ passed: Bool, _ message: String) {
            report.checks.append(CheckResult(check: check, outcome: passed ? .pass : .fail, severity: policy.severity(of: check), message: message))
        }
        func skip(_ check: CheckID, _ reason: String) {
            report.checks.append(CheckResult(check: check, outcome: .skipped, severity: policy.severity(of: check), message: reason))
        }

        let expectedName = options.serverName ?? endpoint.host
        // The certificate handshake's connection first: PostgreSQL's postmaster forks one backend at a
        // time, in the order connections arrive, and this one is on the critical path. An endpoint
        // that cannot be reached fails here, before any probe starts.
        let mainConnection = try TCPConnection(
            host: endpoint.host, port: endpoint.port, deadline: Deadline(secondsFromNow: options.timeoutSeconds))
        // The probes need connections of their own: run them alongside the main handshake.
        let legacy = Background<LegacyProtocolProbe.Outcome>(.inconclusive)
        if policy.probeLegacyProtocols {
            legacy.start { LegacyProtocolProbe.run(endpoint, serverName: expectedName, timeout: options.timeoutSeconds) }
        }
        // The suite probe: every accepted suite of a forbidden class is enumerated (a round each,
        // until the server refuses); of the classes only reported (CBC with SHA-1 by default) the
        // server's first choice is enough, so they leave the offer once one is chosen.
        let suites = Background<CipherSuiteProbe.Outcome>(.accepted([]))
        if policy.probeCipherSuites {
            let reportedIDs = Set(WeakSuite.all.filter { policy.forbiddenSuites.isDisjoint(with: $0.weaknesses) }.map(\.id))
            suites.start {
                CipherSuiteProbe.run(
                    endpoint, serverName: expectedName, suites: WeakSuite.all, onceOnly: reportedIDs, timeout: options.timeoutSeconds
                ) {
                    suites.cancelled
                }
            }
        }
        // Never return while a probe still runs: it writes into its box, and its sessions share the process's SSL_CTX.
        // A main connection that failed cancels the suite probe's further rounds.
        defer {
            suites.cancelled = true
            legacy.wait()
            suites.wait()
        }
        let peer = "\(endpoint.host):\(endpoint.port)"
        let connection: TCPConnection
        let session: ClientSession
        switch try handshake(endpoint, over: mainConnection, expectedName: expectedName) {
        case .tlsNotOffered(let why):
            record(.tlsOffered, false, "\(why); any client connecting here talks in cleartext")
            return
        case .established(let established, let over, let endedEarly):
            if let endedEarly {
                record(
                    .tlsOffered, true,
                    "the server agreed to TLS and presented its certificate, then ended the handshake (\(endedEarly)); it probably requires a client certificate"
                )
            } else {
                record(.tlsOffered, true, "the server agreed to TLS")
            }
            (session, connection) = (established, over)
        }
        let cipher = session.cipher ?? ("unknown", 0)
        report.session = SessionFacts(
            protocolVersion: session.protocolVersion, cipher: cipher.name, cipherBits: cipher.bits, alpn: session.selectedALPN,
            ocspStapled: session.ocspStapled)
        let chain = session.peerChain
        report.certificates = chain.map(\.facts)
        guard let leaf = chain.first, let leafFacts = report.certificates.first else {
            throw TLSCheckError(.protocolError, "\(peer) completed a handshake without presenting a certificate")
        }
        say(goodbye: session, over: connection)

        // Chain and host.
        let now = options.now ?? Int64(time(nil))
        let verification = leaf.verifyChain(untrusted: session.peerChainStack, anchors: options.anchors, at: now)
        if let problem = verification.problem {
            record(.chainTrusted, false, "the chain does not lead to a trusted CA: \(problem)")
        } else {
            record(.chainTrusted, true, "the chain leads to a trusted CA (\(options.anchors.sources.count) anchor source(s))")
        }
        report.verifiedPath = verification.path.isEmpty ? nil : verification.path.map(\.facts)
        if leaf.matches(host: expectedName) {
            record(.hostMatches, true, "the certificate names \(expectedName)")
        } else {
            let names = (leafFacts.dnsNames.map { "DNS:\($0)" } + leafFacts.ipAddresses.map { "IP:\($0)" }).joined(separator: ", ")
            record(
                .hostMatches, false,
                "the certificate does not name \(expectedName) (SAN: \(names.isEmpty ? "none" : names)); clients that check the host will refuse it")
        }

        // Dates: every certificate of the verified path, intermediates and the anchor from the trust
        // store included, as a client checks them; the certificates the server sent when no path verified.
        let dated = report.verifiedPath ?? report.certificates
        let early = dated.filter { $0.notBefore > now }
        record(
            .notYetValid, early.isEmpty,
            early.isEmpty
                ? "every certificate is already valid" : "not valid until \(isoDate(early[0].notBefore)): \(early[0].subject) (X509 error 9)")
        let lapsed = dated.filter { $0.notAfter < now }
        record(
            .expired, lapsed.isEmpty,
            lapsed.isEmpty
                ? "no certificate of the \(report.verifiedPath == nil ? "presented chain" : "verified path") has expired"
                : "expired on \(isoDate(lapsed[0].notAfter)): \(lapsed[0].subject)\(isAnchor(lapsed[0], in: report) ? " (a trust anchor)" : "") (X509 error 10)"
        )
        let soonest = dated.min { $0.notAfter < $1.notAfter }!
        let daysLeft = (soonest.notAfter - now) / 86_400
        if lapsed.isEmpty {
            record(
                .expiringSoon, daysLeft >= policy.minimumDays,
                "\(daysLeft) day(s) left until \(isoDate(soonest.notAfter)) on \(soonest.subject) (minimum \(policy.minimumDays))")
        } else {
            skip(.expiringSoon, "already expired")
        }

        // Keys and signatures. A self-issued certificate at the end of the chain is a trust anchor,
        // whose own signature nobody relies on.
        let weakKeys = report.certificates.filter { !isStrong(key: $0, policy: policy) }
        record(
            .keyStrength, weakKeys.isEmpty,
            weakKeys.isEmpty
                ? "\(leafFacts.keyType) \(leafFacts.keyBits)-bit leaf key; every key meets the minimum"
                : "\(weakKeys[0].keyType) \(weakKeys[0].keyBits)-bit key on \(weakKeys[0].subject) (minimum RSA \(policy.minimumRSABits), EC \(policy.minimumECBits))"
        )
        let signed = report.certificates.enumerated().filter {
            !($0.element.selfIssued && $0.offset == report.certificates.count - 1 && $0.offset > 0)
        }
        let weakSignatures = signed.map(\.element).filter { $0.signatureDigest.map(policy.weakDigests.contains) ?? false }
        record(
            .signatureAlgorithm, weakSignatures.isEmpty,
            weakSignatures.isEmpty
                ? "signed with \(leafFacts.signatureAlgorithm)"
                : "\(weakSignatures[0].subject) is signed with \(weakSignatures[0].signatureAlgorithm); \(weakSignatures[0].signatureDigest ?? "") collisions are practical"
        )

        // The session.
        let weakCipher = cipher.bits < policy.minimumCipherBits || Self.isWeak(cipherName: cipher.name)
        record(.cipherStrength, !weakCipher, "negotiated \(session.protocolVersion) \(cipher.name) (\(cipher.bits) bits)")
        if options.pins.isEmpty {
            skip(.spkiPin, "no --pin given")
        } else {
            let matched = report.certificates.contains { options.pins.contains($0.spkiPin) }
            record(
                .spkiPin, matched,
                matched ? "a certificate of the chain has a pinned key" : "no certificate of the chain has a pinned key (leaf: \(leafFacts.spkiPin))")
        }
        record(
            .ocspStapling, session.ocspStapled,
            session.ocspStapled ? "the server staples an OCSP response" : "the server does not staple an OCSP response")

        if policy.probeLegacyProtocols {
            switch legacy.wait() {
            case .accepted(let version): record(.legacyProtocols, false, "the server still accepts \(version); clients can be downgraded")
            case .refused: record(.legacyProtocols, true, "the server refuses TLS 1.0 and 1.1")
            case .inconclusive: skip(.legacyProtocols, "the probe could not reach the server a second time")
            }
        } else {
            skip(.legacyProtocols, "probe_legacy_protocols is false in the policy")
        }

        if policy.probeCipherSuites {
            func split(_ outcome: CipherSuiteProbe.Outcome) -> ([WeakSuite], String?) {
                switch outcome {
                case .accepted(let accepted): (accepted, nil)
                case .inconclusive(let accepted, let why): (accepted, why)
                }
            }
            let (accepted, trouble) = split(suites.wait())
            let forbiddenAccepted = accepted.filter { !policy.forbiddenSuites.isDisjoint(with: $0.weaknesses) }
            let reportedAccepted = accepted.filter { policy.forbiddenSuites.isDisjoint(with: $0.weaknesses) }
            let (forbiddenTrouble, reportedTrouble) = (trouble, reportedAccepted.isEmpty ? trouble : nil)
            report.weakSuitesAccepted = accepted
            let described = forbiddenAccepted.map { "\($0.name) (\($0.weaknesses.map(\.risk).joined(separator: ", ")))" }.joined(separator: ", ")
            let classes = policy.forbiddenSuites.sorted().map(\.rawValue).joined(separator: ", ")
            if !forbiddenAccepted.isEmpty {
                record(.forbiddenSuites, false, "the server still accepts \(forbiddenAccepted.count) forbidden suite(s): \(described)")
            } else if let forbiddenTrouble {
                skip(.forbiddenSuites, "the suite probe could not finish: \(forbiddenTrouble)")
            } else {
                record(.forbiddenSuites, true, "the server refuses every suite of the forbidden classes (\(classes))")
            }
            if policy.forbiddenSuites.contains(.cbcSHA1) {
                skip(.cbcSHA1Suites, "cbc_sha1 is forbidden by the policy and judged by forbidden_suites")
            } else if let first = reportedAccepted.first {
                record(
                    .cbcSHA1Suites, false,
                    "the server accepts CBC suites with SHA-1 MACs (its first choice: \(first.name)); add cbc_sha1 to forbidden_suites to list and fail them all"
                )
            } else if let reportedTrouble {
                skip(.cbcSHA1Suites, "the suite probe could not finish: \(reportedTrouble)")
            } else {
                record(.cbcSHA1Suites, true, "the server refuses CBC suites with SHA-1 MACs")
            }
        } else {
            skip(.forbiddenSuites, "probe_cipher_suites is false in the policy")
            skip(.cbcSHA1Suites, "probe_cipher_suites is false in the policy")
        }
    }

    /// A probe's answer, written on a Dispatch thread before `group` is left and read after `wait()`.
    private final class Background<Value>: @unchecked Sendable {
        private let group = DispatchGroup()
        private var value: Value
        /// Set when the check ends early, so that a probe of many rounds stops at the next one.
        var cancelled: Bool {
            get { isCancelled.withLock { $0 } }
            set { isCancelled.withLock { $0 = newValue } }
        }
        private let isCancelled = Mutex(false)

        init(_ initial: Value) { value = initial }

        func start(_ work: @escaping @Sendable () -> Value) {
            DispatchQueue.global().async(group: group) { self.value = work() }
        }

        @discardableResult
        func wait() -> Value {
            group.wait()
            return value
        }
    }

    private enum Connection {
        case tlsNotOffered(String)
        /// `endedEarly`: why the handshake ended after the server's certificate arrived.
        case established(ClientSession, TCPConnection, endedEarly: String?)
    }

    /// Connects, runs the protocol's cleartext preamble and the TLS handshake, all before one deadline.
    private static func handshake(_ endpoint: Endpoint, over connection: TCPConnection, expectedName: String) throws(TLSCheckError)
        -> Connection
    {
        let peer = "\(endpoint.host):\(endpoint.port)"
        if case .tlsNotOffered(let why) = try Preamble.run(endpoint.databaseProtocol, on: connection, peer: peer) {
            return .tlsNotOffered(why)
        }
        let session = try ClientSession(
            capAtTLS12: endpoint.databaseProtocol.capsAtTLS12, serverName: isAddress(expectedName) ? nil : expectedName,
            alpn: endpoint.databaseProtocol.alpn)
        do {
            try handshake(session, over: connection, protocol: endpoint.databaseProtocol, peer: peer)
        } catch  where error.code == .tlsNotOffered {
            return .tlsNotOffered(error.message)
        } catch  where (error.code == .handshakeFailed || error.code == .connectionClosed) && !session.peerChain.isEmpty {
            // The certificate arrived and the handshake ended later, typically on a server that
            // requires a client certificate (TLS 1.2 ends before the client's Finished): the
            // certificate is what a client would have judged, so judge it.
            return .established(session, connection, endedEarly: error.message)
        }
        return .established(session, connection, endedEarly: nil)
    }

    /// Sends a close_notify, so the server logs a clean goodbye rather than a dropped connection.
    private static func say(goodbye session: ClientSession, over connection: TCPConnection) {
        session.shutdown()
        try? connection.send(session.takeOutput())
    }

    /// Drives the handshake through the memory BIOs, wrapping flights in PRELOGIN packets for TDS 7.x.
    private static func handshake(_ session: ClientSession, over connection: TCPConnection, protocol databaseProtocol: DatabaseProtocol, peer: String)
        throws(TLSCheckError)
    {
        let wrapped = databaseProtocol == .tds
        var packetID: UInt8 = 1
        var firstFlight = true
        while true {
            let step = try session.handshakeStep()
            let output = session.takeOutput()
            if !output.isEmpty {
                if wrapped {
                    // 4,088-byte payloads keep every packet within SQL Server's default 4,096-byte packet size.
                    var offset = 0
                    while offset < output.count {
                        let end = min(offset + 4088, output.count)
                        packetID &+= 1
                        try connection.send(
                            Preamble.tdsPacket(type: Preamble.tdsPreloginType, payload: Array(output[offset..<end]), packetID: packetID))
                        offset = end
                    }
                } else {
                    try connection.send(output)
                }
            }
            if step == .done { return }
            if wrapped {
                let payload = try Preamble.readTDSPacket(connection, expected: [Preamble.tdsPreloginType, Preamble.tdsResponseType], peer: peer)
                session.give(payload)
            } else if firstFlight {
                firstFlight = false
                let reply: [UInt8]
                do {
                    reply = try connection.receive(upTo: 16_384)
                } catch  where error.code == .connectionClosed && databaseProtocol == .tdsStrict {
                    throw TLSCheckError(
                        .tlsNotOffered,
                        "the server closed the connection on a TLS ClientHello: it does not offer TDS 8 strict encryption (SQL Server 2022 or later with Force Strict Encryption)"
                    )
                }
                try judgeFirstReply(reply, protocol: databaseProtocol, peer: peer)
                session.give(reply)
            } else {
                session.give(try connection.receive(upTo: 16_384))
            }
        }
    }

    /// A server of a TLS-first protocol that answers the ClientHello in its cleartext protocol does
    /// not offer TLS there: TDS packets from a SQL Server without strict encryption, an ErrorResponse
    /// from a PostgreSQL before 17 that does not know direct TLS.
    private static func judgeFirstReply(_ reply: [UInt8], protocol databaseProtocol: DatabaseProtocol, peer: String) throws(TLSCheckError) {
        guard let first = reply.first, !(0x14...0x17).contains(first) else { return }
        switch (databaseProtocol, first) {
        case (.tdsStrict, Preamble.tdsResponseType), (.tdsStrict, Preamble.tdsPreloginType):
            throw TLSCheckError(.tlsNotOffered, "the server answered a TLS ClientHello with a TDS packet: it does not offer TDS 8 strict encryption")
        case (.postgresDirect, UInt8(ascii: "E")):
            throw TLSCheckError(
                .tlsNotOffered, "the server answered a direct TLS ClientHello with an error: it does not offer direct TLS (PostgreSQL 17 or later)")
        default:
            return
        }
    }

    private static func isStrong(key: CertificateFacts, policy: TLSPolicy) -> Bool {
        switch key.keyType {
        case "RSA", "DSA": key.keyBits >= policy.minimumRSABits
        case "EC": key.keyBits >= policy.minimumECBits
        case "ED25519", "ED448": true
        default: false
        }
    }

    /// Whether an OpenSSL or IANA cipher name has a broken or absent part: `DES-CBC3-SHA`, `EXP-RC4-MD5`,
    /// `NULL-SHA256`, `ADH-AES128-SHA`, `TLS_DH_anon_WITH_AES_128_CBC_SHA`.
    public static func isWeak(cipherName: String) -> Bool {
        let weakParts = ["NULL", "MD5", "ANON", "ADH", "AECDH"]
        return cipherName.uppercased().split { $0 == "-" || $0 == "_" }.contains { part in
            part.hasPrefix("EXP") || part.hasPrefix("DES") || part.hasPrefix("3DES") || part.hasPrefix("RC4")
                || weakParts.contains { part == $0 }
        }
    }

    /// Whether `certificate` is the anchor of the verified path, which the server never sends.
    private static func isAnchor(_ certificate: CertificateFacts, in report: EndpointReport) -> Bool {
        report.verifiedPath?.last == certificate && certificate.selfIssued
    }

    static func isAddress(_ host: String) -> Bool {
        host.contains(":") || (!host.isEmpty && host.allSatisfy { $0.isNumber || $0 == "." })
    }

    /// `2026-11-22` from seconds since 1970.
    static func isoDate(_ seconds: Int64) -> String {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        func pad(_ number: Int32, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
    }
}
