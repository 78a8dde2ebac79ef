import AccessModel
import Cedar
import Credentials
import HTTPTypes
import Hummingbird
import NIOCore
import Operations
import Store

/// Limits on what a client may send.
public struct RequestLimits: Sendable {
    public var maximumBodyBytes = 1_048_576
    public var maximumJSONDepth = 32
    public var maximumBatch = 1_000
    public var maximumPageSize = 1_000
    /// How long a client may take to send its body.
    public var bodyTimeout: Duration = .seconds(10)

    public init() {}
}

/// Reading request bodies: size, UTF-8, JSON syntax and depth are checked before any field is.
enum JSONBody {
    static func object(_ request: Request, limits: RequestLimits) async throws -> JSONObject {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIError("unsupported_media_type", "send `Content-Type: application/json`")
        }
        let buffer: ByteBuffer
        do {
            let maximum = limits.maximumBodyBytes
            buffer = try await withTimeout(limits.bodyTimeout) { try await request.body.collect(upTo: maximum) }
        } catch is NIOTooManyBytesError {
            throw APIError("body_too_large", "the body is larger than \(limits.maximumBodyBytes) bytes")
        } catch let error as APIError {
            throw error
        } catch {
            // The HTTP parser refused the body's framing (a chunk size of `zz`, `-1` or one beyond
            // any length): the client's fault, never a 500.
            throw APIError.badRequest("malformed_body", "the request body is not well-formed HTTP/1.1 (chunked encoding or length)")
        }
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { throw APIError.badRequest("empty_body", "the request needs a JSON object body") }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw APIError.badRequest("invalid_utf8", "the body is not valid UTF-8")
        }
        let json: JSON
        do {
            json = try JSON.parse(bytes)
        } catch {
            throw APIError.badRequest("invalid_json", "the body is not valid JSON: \(error.description)")
        }
        guard depth(json) <= limits.maximumJSONDepth else {
            throw APIError.badRequest("json_too_deep", "the body nests deeper than \(limits.maximumJSONDepth) levels")
        }
        guard case .object(let object) = json else { throw APIError.badRequest("invalid_request", "the body must be a JSON object") }
        return object
    }

    static func depth(_ json: JSON) -> Int {
        switch json {
        case .array(let items): 1 + (items.map(depth).max() ?? 0)
        case .object(let object): 1 + (object.members.map { depth($0.value) }.max() ?? 0)
        default: 0
        }
    }
}

/// Typed field access with errors that name the field.
extension JSONObject {
    func string(_ key: String, in path: String = "") throws(APIError) -> String? {
        guard let value = self[key], value != .null else { return nil }
        guard case .string(let text) = value else { throw APIError.badRequest("invalid_field", "`\(path)\(key)` must be a string") }
        return text
    }

    func requiredString(_ key: String, in path: String = "") throws(APIError) -> String {
        guard let text = try string(key, in: path), !text.isEmpty else {
            throw APIError.badRequest("missing_field", "`\(path)\(key)` is required")
        }
        return text
    }

    func object(_ key: String, in path: String = "") throws(APIError) -> JSONObject? {
        guard let value = self[key], value != .null else { return nil }
        guard case .object(let object) = value else { throw APIError.badRequest("invalid_field", "`\(path)\(key)` must be an object") }
        return object
    }

    func strings(_ key: String, in path: String = "") throws(APIError) -> [String] {
        guard let value = self[key], value != .null else { return [] }
        guard case .array(let items) = value, items.allSatisfy({ $0.stringValue != nil }) else {
            throw APIError.badRequest("invalid_field", "`\(path)\(key)` must be an array of strings")
        }
        return items.compactMap(\.stringValue)
    }

    func bool(_ key: String, in path: String = "") throws(APIError) -> Bool? {
        guard let value = self[key], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw APIError.badRequest("invalid_field", "`\(path)\(key)` must be a boolean") }
        return flag
    }

    func int(_ key: String, in path: String = "") throws(APIError) -> Int? {
        guard let value = self[key], value != .null else { return nil }
        guard case .number(let text) = value, let number = Int(text) else {
            throw APIError.badRequest("invalid_field", "`\(path)\(key)` must be an integer")
        }
        return number
    }

    func time(_ key: String, in path: String = "") throws(APIError) -> Timestamp? {
        guard let text = try string(key, in: path) else { return nil }
        guard let time = Timestamp(parsing: text) else {
            throw APIError.badRequest("invalid_time", "`\(path)\(key)` must be an RFC 3339 time such as 2026-01-31T08:00:00Z")
        }
        return time
    }

    func codes<Code: RawRepresentable & CaseIterable>(_ key: String, _: Code.Type) throws(APIError) -> [Code] where Code.RawValue == String {
        try strings(key).map { (text: String) throws(APIError) -> Code in try parseCode(text, Code.self, field: key) }
    }
}

func parseCode<Code: RawRepresentable & CaseIterable>(_ text: String, _: Code.Type, field: String) throws(APIError) -> Code
where Code.RawValue == String {
    guard let code = Code(rawValue: text) else {
        throw APIError.badRequest(
            "unknown_code", "unknown value `\(text)` for `\(field)`; known: \(Code.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return code
}

/// Responses with a JSON body.
extension Response {
    static func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.serializedBytes)))
    }
}

extension APIError {
    /// Maps the modules' errors to HTTP through the error table. Storage failures keep their
    /// details (paths, SQLite codes) for the operator's log, not for the client.
    init(domain error: any Error) {
        if let error = error as? APIError {
            self = error
            return
        }
        let mapped = OperationError(error)
        if mapped.code == "internal_error" {
            self.init("internal_error", "an internal error occurred")
        } else if ["database_error", "database_corrupted", "key_file_error"].contains(mapped.code) {
            self.init(mapped.code, "the store is unavailable")
        } else {
            self.init(mapped.code, mapped.message)
        }
    }
}
