import HTTPTypes
import Hummingbird
import Synchronization

/// Which methods each registered path answers, so that a known path asked with another method is
/// `405 method_not_allowed` with an `Allow` header (RFC 9110 §15.5.6) instead of the router's 404.
/// Filled once from the finished router (the edge middleware must be added before the routes it
/// wraps, so it holds this and the table arrives later); consulted only on the unmatched path.
final class RouteMethods: Sendable {
    private let routes = Mutex<[(path: RouterPath, methods: [String])]>([])

    func record(_ descriptions: [Router<ServerRequestContext>.RouteDescription]) {
        var byPath: [String: (path: RouterPath, methods: [String])] = [:]
        var order: [String] = []
        for route in descriptions {
            let key = route.path.description
            if byPath[key] == nil {
                byPath[key] = (route.path, [])
                order.append(key)
            }
            byPath[key]!.methods.append(route.method.rawValue)
        }
        let table = order.map { key in
            let entry = byPath[key]!
            return (path: entry.path, methods: Array(Set(entry.methods)).sorted())
        }
        routes.withLock { $0 = table }
    }

    /// The methods the path answers, or nil when no route has this path.
    func allowed(forPath path: String) -> [String]? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods: Set<String> = []
        for route in routes.withLock({ $0 }) where route.path.components.count == components.count {
            if zip(route.path.components, components).allSatisfy({ element, component in element ~= component }) {
                methods.formUnion(route.methods)
            }
        }
        return methods.isEmpty ? nil : methods.sorted()
    }
}
