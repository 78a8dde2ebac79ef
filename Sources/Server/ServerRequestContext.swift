public import Hummingbird
import Logging
import NIOCore
import Operations
import Store

/// Per-request state: who called (the authenticated API key) and from where.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, for throttling repeated authentication failures.
    public let clientAddress: String
    var apiKey: APIKey?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies are read by `JSONBody` against the configured limit; this is only a backstop.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }

    /// The audit actor of an admin change: the key, never its secret.
    var actor: String { apiKey.map { "key:\($0.id)" } ?? "anonymous" }
    /// The caller as the operations layer sees it; the key middleware guarantees a key on admin routes.
    var operationsActor: Caller {
        get throws(APIError) {
            guard let apiKey else { throw APIError("missing_credentials", "an API key is required") }
            return .key(apiKey)
        }
    }
}
