/// PHIGuard's own release version (semantic versioning).
enum PHIGuardVersion {
    static let current = "0.1.0"
}
