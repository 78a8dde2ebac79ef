import Cedar
import Foundation
public import HTTPTypes
public import Hummingbird
import Operations

/// Every error the service answers: a stable lower-case `code` of `ErrorTable` (which gives the
/// status) and a message for people. The body is always `{"error":{"code","message"}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var code: String
    public var message: String
    public var headers: HTTPFields

    /// The status the error table gives `code`.
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: ErrorTable.entry(code).httpStatus) }

    public init(_ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.code = code
        self.message = message
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Self.response(status: status, code: code, message: message, headers: headers)
    }

    static func response(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) -> Response {
        let body = JSON.object(
            JSONObject([("error", .object(JSONObject([("code", .string(code)), ("message", .string(message))])))])
        ).serialized
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(code, message) }
    static func notFound(_ message: String) -> APIError { APIError("not_found", message) }
}
