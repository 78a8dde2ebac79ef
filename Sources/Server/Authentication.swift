import AccessModel
import HTTPTypes
import Hummingbird
import Store
import Synchronization

/// The API keys the service accepts, cached briefly so authentication costs no database read per
/// request. A key revoked through the API is dropped at once; one revoked with `phiguard keys
/// revoke` while the service runs stops working within `cacheSeconds`.
final class KeyRing: Sendable {
    private struct Entry {
        var key: APIKey
        var digest: [UInt8]
        var fetchedAt: ContinuousClock.Instant
    }

    private let store: any PHIGuardStore
    private let cache = Mutex<[String: Entry]>([:])
    private let cacheDuration: Duration
    private static let maximumEntries = 10_000

    init(store: any PHIGuardStore, cacheSeconds: Int = 2) {
        self.store = store
        cacheDuration = .seconds(cacheSeconds)
    }

    /// The key a bearer token names, or nil when the token is malformed, unknown, wrong or revoked.
    func authenticate(_ token: String) -> APIKey? {
        guard let (id, secret) = APIKey.parse(token) else { return nil }
        let digest = APIKey.digest(secret)
        let now = ContinuousClock.now
        var entry = cache.withLock { $0[id] }
        if entry == nil || now - entry!.fetchedAt > cacheDuration {
            guard let stored = try? store.apiKeyRecord(id: id) else { return nil }
            entry = Entry(key: stored.key, digest: stored.digest, fetchedAt: now)
            cache.withLock { cache in
                if cache.count >= Self.maximumEntries { cache.removeAll() }
                cache[id] = entry
            }
        }
        guard let entry, APIKey.constantTimeEqual(entry.digest, digest), !entry.key.isRevoked else { return nil }
        return entry.key
    }

    func invalidate(_ id: String) { _ = cache.withLock { $0.removeValue(forKey: id) } }
}

/// Slows down guessing: after `limit` failed authentications from one address within `window`,
/// that address gets 429 until the window has passed.
final class FailureThrottle: Sendable {
    private struct Window {
        var start: ContinuousClock.Instant
        var failures: Int
    }

    private let windows = Mutex<[String: Window]>([:])
    let limit: Int
    let window: Duration

    init(limit: Int = 10, window: Duration = .seconds(60)) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait when `address` is throttled, else nil.
    func retryAfter(_ address: String) -> Int? {
        let now = ContinuousClock.now
        return windows.withLock { windows in
            guard let entry = windows[address], entry.failures >= limit else { return nil }
            let elapsed = now - entry.start
            guard elapsed < window else {
                windows[address] = nil
                return nil
            }
            return max(1, Int((window - elapsed).components.seconds))
        }
    }

    func recordFailure(_ address: String) {
        let now = ContinuousClock.now
        windows.withLock { windows in
            if windows.count > 100_000 { windows = windows.filter { now - $0.value.start < window } }
            var entry = windows[address] ?? Window(start: now, failures: 0)
            if now - entry.start >= window { entry = Window(start: now, failures: 0) }
            entry.failures += 1
            windows[address] = entry
        }
    }
}

/// Requires a valid API key with one of `scopes`: 401 with `WWW-Authenticate` when the key is
/// missing or wrong, 403 when it lacks the scope, 429 after repeated failures.
struct RequireAPIKey: RouterMiddleware {
    typealias Context = ServerRequestContext
    let keys: KeyRing
    let throttle: FailureThrottle
    let metrics: ServiceMetrics
    let scopes: Set<APIKey.Scope>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let seconds = throttle.retryAfter(context.clientAddress) {
            throw APIError(
                "too_many_authentication_failures", "too many failed authentications from this address; retry later",
                headers: [.retryAfter: String(seconds)])
        }
        let challenge: HTTPFields = [.wwwAuthenticate: #"Bearer realm="phiguard""#]
        guard let header = request.headers[.authorization] else {
            throw APIError("missing_credentials", "send an API key as `Authorization: Bearer phg_…`", headers: challenge)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let key = keys.authenticate(String(parts[1])) else {
            throw failure(context, challenge)
        }
        guard !scopes.isDisjoint(with: key.scopes) else {
            throw APIError(
                "insufficient_scope",
                "this key lacks the scope this endpoint needs (\(scopes.map(\.rawValue).sorted().joined(separator: " or ")))")
        }
        var context = context
        context.apiKey = key
        return try await next(request, context)
    }

    private func failure(_ context: Context, _ challenge: HTTPFields) -> APIError {
        throttle.recordFailure(context.clientAddress)
        metrics.recordAuthenticationFailure()
        var headers = challenge
        headers[.wwwAuthenticate] = #"Bearer realm="phiguard", error="invalid_token""#
        return APIError("invalid_credentials", "the API key is malformed, unknown or revoked", headers: headers)
    }
}
