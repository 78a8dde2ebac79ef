public import AccessModel

/// One entry of the directory change feed: what created `revision`. A follower applies `change`
/// to its engine; `reload` asks it to read the whole directory again (an import); an API key entry
/// asks it to drop that key from its cache.
public struct FeedEntry: Sendable {
    public static let apiKeyEntity = "api_key"

    public var revision: Int64
    /// `principal`, `role`, `assignment`, `grant`, `directory` or `api_key`.
    public var entity: String
    public var entityID: String
    public var change: DirectoryChange?
    public var reload: Bool

    public init(revision: Int64, entity: String, entityID: String, change: DirectoryChange?, reload: Bool) {
        self.revision = revision
        self.entity = entity
        self.entityID = entityID
        self.change = change
        self.reload = reload
    }
}

extension AccessEngine {
    /// Applies feed entries in revision order, each incrementally. False when one cannot be: an
    /// import, or a change that does not fit this engine's directory (it always should, since the
    /// store checked it against the same directory); the caller then loads the directory again.
    public mutating func follow(_ entries: [FeedEntry], at now: Timestamp) -> Bool {
        for entry in entries {
            if entry.reload { return false }
            guard let change = entry.change else { continue }  // an API key entry
            do {
                try apply(change, at: now)
            } catch {
                return false
            }
        }
        return true
    }
}
