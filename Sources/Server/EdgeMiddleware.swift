import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// The outermost layer: echoes `X-Request-ID`, turns every error into the JSON error shape with a
/// stable code (never an HTML page or an empty 500), counts responses and
/// writes one structured log line per request. Logs carry the method, the route pattern (never the
/// concrete path, which can name a principal), status and duration: no PHI, no secrets.
struct EdgeMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let metrics: ServiceMetrics
    /// The registered paths and their methods, to tell 405 from 404.
    let routeMethods: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let requestID = request.headers[.requestID].flatMap { $0.count <= 200 && $0.allSatisfy(\.isASCII) ? $0 : nil }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // Only the router throws HTTPError 404 (handlers throw APIError): no route matched.
            response = Self.unmatchedResponse(request, routeMethods: routeMethods)
        } catch {
            response = Self.errorResponse(error)
        }
        if let requestID { response.headers[.requestID] = requestID }
        let status = response.status.code
        metrics.recordResponse(status: status)
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(context.endpointPath ?? "unmatched"),
                "status": .stringConvertible(status),
                "duration_us": .stringConvertible(elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000),
                "request_id": .string(requestID ?? "-"),
            ])
        return response
    }

    /// No route matched: 405 with `Allow` when the path is known under other methods, else 404.
    static func unmatchedResponse(_ request: Request, routeMethods: RouteMethods) -> Response {
        guard let allowed = routeMethods.allowed(forPath: request.uri.path) else {
            return APIError.response(status: .notFound, code: "not_found", message: "no such endpoint; see /openapi.json")
        }
        var headers = HTTPFields()
        headers[.allow] = allowed.joined(separator: ", ")
        return APIError.response(
            status: .methodNotAllowed, code: "method_not_allowed",
            message: "\(request.method.rawValue) is not allowed on this endpoint; allowed: \(allowed.joined(separator: ", "))", headers: headers)
    }

    static func errorResponse(_ error: any Error) -> Response {
        switch error {
        case let error as APIError:
            return APIError.response(status: error.status, code: error.code, message: error.message, headers: error.headers)
        case let error as HTTPError:
            // Hummingbird's own errors, by the table's codes (and so the table's statuses).
            let code: String =
                switch error.status {
                case .methodNotAllowed: "method_not_allowed"
                case .contentTooLarge: "body_too_large"
                case .requestTimeout: "request_timeout"
                case .unsupportedMediaType: "unsupported_media_type"
                default: error.status.code < 500 ? "invalid_request" : "internal_error"
                }
            let mapped = APIError(code, error.body ?? error.status.reasonPhrase, headers: error.headers)
            return APIError.response(status: mapped.status, code: code, message: mapped.message, headers: error.headers)
        default:
            let mapped = APIError(domain: error)
            return APIError.response(status: mapped.status, code: mapped.code, message: mapped.message, headers: mapped.headers)
        }
    }
}

/// Runs `body`, or throws 408 `request_timeout` once `limit` has passed (a client that stalls
/// while sending its body).
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw APIError("request_timeout", "the request body did not arrive within the time limit")
        }
        return value
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-ID")!
}
