/// An error of the credentials domain: a stable code and a precise lower-case message, with the file
/// and line where there is a source. Never carries a password or other secret.
public struct CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        /// A password profile file is not valid YAML or breaks the profile schema.
        case invalidProfile = "invalid_profile"
        /// No profile with that name.
        case unknownProfile = "unknown_profile"
        /// `rotation.yaml` is not valid YAML or breaks its schema.
        case invalidRotationRules = "invalid_rotation_rules"
        /// A word list or breached-password file named by a profile cannot be read.
        case wordListUnreadable = "word_list_unreadable"
        /// A breached-password file is not in the Pwned Passwords format.
        case invalidBreachFile = "invalid_breach_file"
        /// A credential import file has a bad row; nothing was imported.
        case invalidImport = "invalid_import"
        /// A credential record breaks a rule of the inventory.
        case invalidCredential = "invalid_credential"
        /// Hashing or verifying a password-history entry failed.
        case historyHashing = "history_hashing_failed"
        /// A generated password could not satisfy the profile.
        case generationFailed = "password_generation_failed"
        /// A duration such as `30d` could not be read.
        case invalidDuration = "invalid_duration"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
