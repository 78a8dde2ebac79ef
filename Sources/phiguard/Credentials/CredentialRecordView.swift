import AccessModel
import Cedar
import Credentials
import DatabaseTLS
import Operations
import Store

/// A credential with its due date under the rotation rules, as the commands print it.
struct CredentialRecordView {
    var record: CredentialRecord
    var dueAt: Timestamp?

    init(_ record: CredentialRecord, rules: RotationRules?) {
        self.record = record
        dueAt = record.dueAt(rules?.classes[record.rotationClass])
    }

    var json: String { record.json(dueAt: dueAt).serialized }

    var text: String {
        var fields = [record.id, record.kind.rawValue, "owner=\(record.owner)", "class=\(record.rotationClass)", "state=\(record.state.rawValue)"]
        fields.append("last_rotated=\(record.lastRotatedAt?.description ?? "never")")
        if let expires = record.expiresAt { fields.append("expires=\(expires)") }
        fields.append("due=\(dueAt?.description ?? "never")")
        if let target = record.target { fields.append("target=\(ConnectionStringMasking.mask(target))") }
        if let username = record.username { fields.append("username=\(username)") }
        if record.failedAttempts > 0 { fields.append("failed_attempts=\(record.failedAttempts)") }
        return fields.joined(separator: "\t")
    }
}
