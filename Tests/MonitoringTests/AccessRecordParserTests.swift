import Foundation
import Testing

@testable import Monitoring

@Suite("Access records: the documented shape, its spellings and its refusals")
struct AccessRecordParserTests {
    @Test("Every field of the documented shape is read")
    func documentedShape() throws {
        let record = try AccessRecordParser.parse(
            #"{"id":42,"time":"2026-03-02T14:05:11Z","actor":"u1042","actor_roles":["nurse"],"actor_departments":["cardiology"],"patient":"p88123","patient_departments":["icu"],"record_labels":["PSY"],"record_categories":["note"],"purpose":"TREAT","decision":"permit","grant_id":"g-77","grant_kind":"relationship","break_glass":false,"extra":{"nested":[1,2,{"a":null}]}}"#
        )
        #expect(record.time == RFC3339.seconds("2026-03-02T14:05:11Z"))
        #expect(record.actor == "u1042" && record.patient == "p88123")
        #expect(record.actorRoles == ["nurse"] && record.actorDepartments == ["cardiology"] && record.patientDepartments == ["icu"])
        #expect(record.labels == ["PSY"] && record.categories == ["note"] && record.purpose == "TREAT")
        #expect(record.permitted && record.grantID == "g-77" && record.grantKind == .relationship && !record.breakGlass)
        #expect(record.recordID == "42")
    }

    @Test("Other spellings: user, roles, labels, outcome, epoch times, a BTG purpose")
    func spellings() throws {
        let record = try AccessRecordParser.parse(
            #"{"timestamp":1772460311000,"user":"u1","roles":"physician","patient_id":"p1","outcome":"DENIED","purpose_of_use":"BTG","seq":"7"}"#)
        #expect(record.time == 1_772_460_311)
        #expect(record.actor == "u1" && record.actorRoles == ["physician"] && record.patient == "p1")
        #expect(!record.permitted && record.breakGlass && record.grantKind == .btg && record.recordID == "7")
        let boolean = try AccessRecordParser.parse(#"{"time":"2026-03-02","actor":"a","patient":"p","decision":true}"#)
        #expect(boolean.permitted && boolean.time == RFC3339.seconds("2026-03-02T00:00:00Z"))
    }

    @Test("Escapes, offsets and fractions")
    func escapesAndOffsets() throws {
        let record = try AccessRecordParser.parse(
            #"{"time":"2026-03-02T16:05:11.250+02:00","act\u006fr":"D\u00fcrer \"A\"","patient":"p\ud83d\ude00","decision":"allow"}"#)
        #expect(record.time == RFC3339.seconds("2026-03-02T14:05:11Z"))
        #expect(record.actor == "Dürer \"A\"" && record.patient == "p😀")
    }

    @Test(
        "Refusals name the field and never the value",
        arguments: [
            (#"{"actor":"a","patient":"p","decision":"permit"}"#, "`time` is missing"),
            (#"{"time":"yesterday","actor":"a","patient":"p","decision":"permit"}"#, "`time` is not an RFC 3339 time"),
            (#"{"time":"2026-13-02T00:00:00Z","actor":"a","patient":"p","decision":"permit"}"#, "`time` is not an RFC 3339 time"),
            (#"{"time":"2026-03-02T00:00:00Z","actor":"secret-name","patient":"p","decision":"maybe"}"#, "`decision` must be permit or deny"),
            (#"{"time":"2026-03-02T00:00:00Z","actor":"a","patient":"p","decision":"permit","grant_kind":"wide"}"#, "`grant_kind` is not"),
            (#"{"time":"2026-03-02T00:00:00Z","actor":"a","patient":"p","decision":"permit","record_labels":[1]}"#, "every item of `record_labels`"),
            (#"{"time":"2026-03-02T00:00:00Z","actor":"","patient":"p","decision":"permit"}"#, "`actor` is missing or empty"),
            (#"{"time":"2026-03-02T00:00:00Z","actor":"a","patient":"p","decision":"permit"} x"#, "text follows"),
            (#"["not","an","object"]"#, "expected a JSON object"),
            (#"{"time":"2026-03-02T00:00:00Z","actor":"a","patient":"p","decision":"permit""#, "not closed"),
            (#"{"time":"2026-03-02T00:00:00Z","actor":"a\u12","patient":"p","decision":"permit"}"#, "short \\u escape"),
            (#"{"time":"2026-03-02T00:00:00Z","actor":"a\ud800","patient":"p","decision":"permit"}"#, "unpaired surrogate"),
        ])
    func refusals(line: String, message: String) {
        do {
            _ = try AccessRecordParser.parse(line, source: "log.jsonl", line: 9)
            Issue.record("accepted: \(line)")
        } catch {
            #expect(error.code == .invalidAccessRecord)
            #expect(error.message.hasPrefix("log.jsonl:9: "), "\(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
            #expect(!error.message.contains("secret-name"))
        }
    }

    @Test("Invalid UTF-8 and deep nesting are refused, not trapped on")
    func hostileBytes() {
        let invalid: [UInt8] =
            Array(#"{"time":"2026-03-02T00:00:00Z","actor":""#.utf8) + [0xC3, 0x28] + Array(#"","patient":"p","decision":"permit"}"#.utf8)
        #expect(throws: MonitoringError.self) { try invalid.withUnsafeBufferPointer { try AccessRecordParser.parse($0, source: "x", line: 1) } }
        let deep = #"{"x":"# + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + #","time":"2026-03-02T00:00:00Z"}"#
        #expect(throws: MonitoringError.self) { try AccessRecordParser.parse(deep) }
    }

    @Test("RFC 3339 formatting and parsing agree across centuries and leap days")
    func rfc3339RoundTrip() {
        for seconds: Int64 in [0, 951_782_400, 1_709_164_800, 4_107_542_399, 1_772_460_311] {
            #expect(RFC3339.seconds(RFC3339.format(seconds)) == seconds)
        }
        #expect(RFC3339.format(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(RFC3339.seconds("2026-03-02T14:05:11") == nil)  // an offset is required
    }
}

@Suite("Access logs are streamed in bounded memory, with line numbers on errors")
struct AccessLogReaderTests {
    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "phiguard-monitor-\(UUID().uuidString).jsonl"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("Blank lines and CRLF are accepted; a bad line stops the run with its number")
    func linesAndErrors() throws {
        let good = #"{"time":"2026-03-02T00:00:00Z","actor":"a","patient":"p","decision":"permit"}"#
        let path = try Self.write("\(good)\r\n\n   \n\(good)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var count = 0
        try AccessLogReader.read(path: path) { _ in count += 1 }
        #expect(count == 2)

        let bad = try Self.write("\(good)\n\(good)\n{\"time\":1}\n")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        #expect {
            try AccessLogReader.readInParallel(path: bad) { _ in }
        } throws: { error in
            (error as? MonitoringError)?.message.contains(":3: ") == true
        }
        #expect(throws: MonitoringError.self) { try AccessLogReader.read(path: "/nonexistent/log.jsonl") { _ in } }
    }

    @Test("The parallel reader hands over every record in order, across batches and blocks")
    func parallelMatchesSequential() throws {
        var lines: [String] = []
        for index in 0..<20_000 {
            lines.append(#"{"time":\#(1_772_460_311 + index),"actor":"a\#(index % 97)","patient":"p\#(index)","decision":"permit"}"#)
        }
        let path = try Self.write(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var sequential: [String] = []
        try AccessLogReader.read(path: path) { sequential.append($0.patient) }
        var parallel: [String] = []
        try AccessLogReader.readInParallel(path: path) { parallel.append($0.patient) }
        #expect(sequential.count == 20_000 && parallel == sequential)
    }

    @Test("A consumer that fails stops the reading thread")
    func consumerFailureStops() throws {
        let line = #"{"time":1772460311,"actor":"a","patient":"p","decision":"permit"}"#
        let path = try Self.write(Array(repeating: line, count: 100_000).joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try AccessLogReader.readInParallel(path: path) { _ in
                seen += 1
                if seen == 10 { throw Stop() }
            }
        }
    }
}
