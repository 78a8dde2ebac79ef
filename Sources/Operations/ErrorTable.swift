/// The one table of error codes: every code the operations layer, the HTTP service or the command
/// line reports, with the HTTP status and the exit code both edges render it with. A code is added
/// here before anything reports it; `ErrorTableTests` checks that every code the sources use is
/// listed and that docs/server.md and docs/cli.md list every one.
public enum ErrorTable {
    /// One code: what it means and how each edge reports it.
    public struct Entry: Sendable, Hashable {
        public let code: String
        /// The HTTP status of the error response.
        public let httpStatus: Int
        /// The command line's exit status.
        public let exitCode: Int32
        public let meaning: String
    }

    /// Exit statuses of the command line (sysexits where one fits).
    public enum Exit {
        /// The input or the request was refused: fix it and run again.
        public static let refused: Int32 = 1
        /// A store, the audit log or a peer is unavailable now: the same command may succeed later (EX_TEMPFAIL).
        public static let unavailable: Int32 = 75
        /// A defect in PHIGuard (EX_SOFTWARE).
        public static let internalError: Int32 = 70
    }

    private static func refused(_ code: String, _ status: Int, _ meaning: String) -> Entry {
        Entry(code: code, httpStatus: status, exitCode: Exit.refused, meaning: meaning)
    }

    private static func unavailable(_ code: String, _ meaning: String) -> Entry {
        Entry(code: code, httpStatus: 503, exitCode: Exit.unavailable, meaning: meaning)
    }

    /// Every code, grouped by status.
    public static let entries: [Entry] = [
        // 400: the request or input is malformed.
        refused("invalid_json", 400, "the body or input is not valid JSON"),
        refused("invalid_utf8", 400, "the body or input file is not valid UTF-8"),
        refused("json_too_deep", 400, "the JSON nests deeper than the configured limit"),
        refused("empty_body", 400, "the request needs a JSON object body"),
        refused("malformed_body", 400, "the HTTP body framing (chunked encoding or length) is broken"),
        refused("invalid_request", 400, "the request is not the shape the endpoint or command takes"),
        refused("missing_field", 400, "a required field is absent"),
        refused("invalid_field", 400, "a field has the wrong type or shape"),
        refused("unknown_code", 400, "a code (purpose, category, label, state, …) is not one PHIGuard knows"),
        refused("unknown_subject_type", 400, "the AuthZEN subject type is not `user` or `service-account`"),
        refused("unknown_resource_type", 400, "the AuthZEN resource type is not `Patient` or `Record`"),
        refused("batch_too_large", 400, "a batch has more items than the configured limit"),
        refused("invalid_page", 400, "a page limit or offset is out of range"),
        refused("invalid_page_token", 400, "a page token was not returned by this search"),
        refused("invalid_query", 400, "a query parameter is not valid"),
        refused("invalid_header", 400, "a header value is not valid (such as `PHIGuard-Min-Revision`)"),
        refused("invalid_time", 400, "a time is not RFC 3339 (or a date)"),
        refused("invalid_duration", 400, "a duration is not valid (`30d`, `12h`)"),
        refused("invalid_grantee", 400, "a grantee is not `principal:ID` or `role:ID`"),
        refused("invalid_subject", 400, "a subject is not `user:ID` or `service-account:ID`"),
        refused("invalid_resource", 400, "a resource is not `Patient:ID` or `Record:ID`, or its description is inconsistent"),
        refused("invalid_principal", 400, "a principal reference is not valid"),
        refused("invalid_option", 400, "a command-line option value is not valid"),
        refused("invalid_input", 400, "the input is not valid for this command"),
        refused("invalid_format", 400, "the input file format is not valid"),
        refused("invalid_witness", 400, "a witness file line is not a checkpoint `audit checkpoint --export` wrote"),
        refused("no_input", 400, "the command needs input and got none"),
        refused("file_not_readable", 400, "a file named on the command line cannot be read"),
        refused("file_unreadable", 400, "a file named on the command line cannot be read"),
        refused("file_unwritable", 400, "a file named on the command line cannot be written"),
        refused("password_in_url", 400, "a password was given inside a URL; give it through the environment or a file"),
        // Cedar inputs of `phiguard cedar …` and the policy folder.
        refused("policy_parse_error", 400, "a Cedar policy file does not parse"),
        refused("schema_error", 400, "a Cedar schema does not parse or is inconsistent"),
        refused("invalid_entities", 400, "a Cedar entities file is not valid"),
        refused("duplicate_entity", 400, "an entity appears twice"),
        refused("parent_cycle", 400, "the entity hierarchy has a cycle"),
        refused("duplicate_policy_id", 400, "two policies or templates have the same id"),
        refused("invalid_links", 400, "a template-links file is not valid"),
        refused("unknown_template", 400, "a link names a template that does not exist"),
        refused("missing_slot_value", 400, "a link leaves a template slot without a value"),
        refused("unexpected_slot_value", 400, "a link gives a value for a slot the template does not have"),
        refused("impossible_policy", 400, "a policy can never apply under the schema"),
        refused("suspicious_string", 400, "a string holds characters that can mislead a reader (bidirectional or invisible)"),
        // 401, 403: who is asking.
        refused("missing_credentials", 401, "no API key was sent"),
        refused("invalid_credentials", 401, "the API key is malformed, unknown or revoked"),
        refused("forbidden", 403, "the caller may not perform this operation (Policies/service/)"),
        refused("insufficient_scope", 403, "the API key lacks the scope this endpoint needs"),
        // 404, 405, 408: what is asked for.
        refused("not_found", 404, "no such record (principal, role, grant, review, key, credential) or endpoint"),
        refused("method_not_allowed", 405, "the endpoint does not answer this method; `Allow` lists the ones it does"),
        refused("request_timeout", 408, "the client did not send its body within the configured time"),
        // 409: conflicts with stored records.
        refused("duplicate_id", 409, "a record with this id already exists"),
        refused("already_revoked", 409, "the grant or key was already revoked"),
        refused("conflict", 409, "the change conflicts with stored data"),
        // 413, 415.
        refused("body_too_large", 413, "the body is larger than the configured limit"),
        refused("unsupported_media_type", 415, "send `Content-Type: application/json`"),
        // 422: well-formed, but against a rule of the access model or the credentials domain.
        refused("invalid_identifier", 422, "an identifier has characters PHIGuard does not allow"),
        refused("identifier_looks_like_phi", 422, "an identifier looks like PHI (an SSN, MRN, date of birth, phone or e-mail)"),
        refused("invalid_time_window", 422, "a window ends before or when it starts"),
        refused("invalid_grant", 422, "a grant breaks a rule (no action, no purpose, no approver or justification, scope)"),
        refused("self_approval", 422, "the approver is the grantee or holds the granted role"),
        refused("role_cycle", 422, "the role would include itself"),
        refused("invalid_state", 422, "the record's state does not allow this (a terminated principal, a closed review, …)"),
        refused("policy_set_invalid", 422, "the policy folder was refused; the last good set keeps serving"),
        refused("invalid_policies", 422, "the policy folder does not parse or validate"),
        refused("policy_folder_not_found", 422, "the policy folder does not exist"),
        refused("schema_not_found", 422, "the policy folder has no schema"),
        refused("invalid_configuration", 422, "a setting is not valid"),
        refused("invalid_profile", 422, "a password profile is not valid"),
        refused("unknown_profile", 422, "no password profile has this name"),
        refused("invalid_rotation_rules", 422, "Policies/rotation.yaml is not valid"),
        refused("invalid_breach_file", 422, "the breached-password file is not valid"),
        refused("invalid_credential", 422, "a credential record breaks a rule"),
        refused("invalid_import", 422, "an import has an invalid item; nothing was imported"),
        refused("not_rotatable", 422, "the credential cannot be rotated by PHIGuard"),
        refused("insecure_target", 422, "the rotation or scan target does not verify TLS (plain connections only to loopback)"),
        refused("tls_verification_failed", 422, "the database failed PHIGuard's TLS verification, so no password was sent"),
        refused("invalid_baseline", 422, "a `db scan` baseline file is not valid"),
        refused("invalid_scan_rules", 422, "a `db scan --rules` file is not valid"),
        refused("invalid_access_record", 422, "a line of an access log is not an access record (docs/monitoring.md)"),
        refused("invalid_monitoring_settings", 422, "Policies/monitoring.yaml (or --settings) is not valid"),
        refused("invalid_facts", 422, "a monitoring facts file is not valid"),
        refused("invalid_target", 422, "the rotation or scan target URL is not valid"),
        refused("invalid_sink", 422, "the password sink is not valid"),
        refused("invalid_webhook", 422, "the webhook URL is not valid"),
        refused("invalid_mailer", 422, "the mailer settings are not valid"),
        refused("role_not_found", 422, "the database role to rotate does not exist"),
        refused("no_endpoints", 422, "no endpoint was given"),
        // 429.
        refused("too_many_authentication_failures", 429, "too many failed authentications from this address; wait"),
        // 503: unavailable now; the same request may succeed later.
        unavailable(
            "stale_directory", "the directory may be out of date here (the change feed is unreadable, or a revision asked for is not here yet)"),
        unavailable("audit_unavailable", "the audit log cannot be written, so no decision is returned"),
        unavailable("shutting_down", "the service is shutting down"),
        unavailable("database_error", "the store is unavailable"),
        unavailable("database_corrupted", "the database file is not a PHIGuard database or is corrupted"),
        unavailable("key_file_error", "an audit key file cannot be read or written"),
        unavailable("rotation_rules_unavailable", "the rotation rules cannot be read"),
        unavailable("word_list_unreadable", "a password word list cannot be read"),
        unavailable("history_hashing_failed", "the password history could not be hashed"),
        unavailable("password_generation_failed", "a password could not be generated"),
        unavailable("run_in_progress", "another reminder run holds the lock"),
        unavailable("lock_failed", "the run lock could not be taken"),
        unavailable("connect_failed", "a database could not be reached"),
        unavailable("alter_failed", "the password change was refused by the database"),
        unavailable("verify_failed", "the new password could not be verified"),
        unavailable("cannot_read_verifier", "the stored password verifier could not be read"),
        unavailable("record_failed", "the rotation could not be recorded"),
        unavailable("sink_failed", "the password sink could not be written"),
        unavailable("webhook_failed", "the webhook did not accept the notice"),
        unavailable("mailer_failed", "the mailer did not accept the notice"),
        // 500.
        Entry(code: "internal_error", httpStatus: 500, exitCode: Exit.internalError, meaning: "a defect in PHIGuard; the log has details"),
    ]

    private static let byCode: [String: Entry] = Dictionary(entries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The entry of `code`; a code missing from the table is reported as `internal_error`.
    public static func entry(_ code: String) -> Entry { byCode[code] ?? byCode["internal_error"]! }

    public static func contains(_ code: String) -> Bool { byCode[code] != nil }
}
