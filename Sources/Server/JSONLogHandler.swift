import AccessModel
import Cedar
import Foundation
public import Logging
import Store

/// One JSON object per line on standard error: `{"ts","level","label","msg", …metadata}`, written by
/// a thread of its own (`LogSink`) so that logging never blocks a request.
/// Callers put only non-PHI values in metadata (route patterns, key ids, codes, counts).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object = JSONObject()
        object.append("ts", .string(Timestamp.now.description))
        object.append("level", .string(event.level.rawValue))
        object.append("label", .string(label))
        object.append("msg", .string(event.message.description))
        let merged = metadata.isEmpty ? event.metadata ?? [:] : metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            object.append(key, .string(value.description))
        }
        // Serialized as bytes and queued as is: one line per request, so no detour through `String`.
        var line = JSON.object(object).serializedBytes
        line.append(0x0A)
        LogSink.standardError.write(line)
    }

    /// Waits until every line logged so far is written (call before the process exits).
    public static func flush() { LogSink.standardError.flush() }
}
