import GRDB

/// Versioned schema migrations. A migration is never edited once shipped: changes come as new ones.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: directory, audit log, checkpoints, reviews") { db in
            // The directory: each record as JSON (the model's Codable form) plus indexed columns.
            try db.execute(
                sql: """
                    -- Id lists are comma-separated (identifier hygiene forbids commas in ids); code lists are
                    -- bitmasks over the code's cases in declaration order, which is append-only.
                    CREATE TABLE principals (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        display_name TEXT NOT NULL,
                        departments TEXT NOT NULL,
                        status TEXT NOT NULL,
                        mfa_enrolled INTEGER NOT NULL,
                        break_glass_eligible INTEGER NOT NULL,
                        credential_state TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_active_at INTEGER
                    );
                    CREATE TABLE roles (
                        id TEXT PRIMARY KEY NOT NULL,
                        description TEXT NOT NULL,
                        includes TEXT NOT NULL
                    );
                    CREATE TABLE role_assignments (
                        principal_id TEXT NOT NULL REFERENCES principals(id),
                        role_id TEXT NOT NULL REFERENCES roles(id),
                        valid_from INTEGER,
                        valid_until INTEGER,
                        assigned_by TEXT NOT NULL,
                        assigned_at INTEGER NOT NULL,
                        PRIMARY KEY (principal_id, role_id)
                    );
                    CREATE TABLE grants (
                        id TEXT PRIMARY KEY NOT NULL,
                        grantee_kind TEXT NOT NULL,
                        grantee_id TEXT NOT NULL,
                        actions INTEGER NOT NULL,          -- bit i set: PHIAction.allCases[i]
                        departments TEXT NOT NULL,
                        patient TEXT,
                        categories INTEGER NOT NULL,       -- bitmask over RecordCategory.allCases
                        labels INTEGER NOT NULL,           -- bitmask over SensitivityLabel.allCases
                        confidentiality INTEGER NOT NULL,  -- bitmask over Confidentiality.allCases
                        purposes INTEGER NOT NULL,         -- bitmask over PurposeOfUse.allCases
                        valid_from INTEGER NOT NULL,
                        valid_until INTEGER,
                        approver TEXT NOT NULL,
                        justification TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        revoked_by TEXT,
                        revoked_at INTEGER,
                        revocation_reason TEXT
                    );
                    CREATE INDEX grants_grantee ON grants(grantee_kind, grantee_id);
                    CREATE INDEX grants_valid_until ON grants(valid_until) WHERE revoked_at IS NULL;

                    -- The audit hash chain: seq is dense from 1; data is the record's canonical JSON.
                    CREATE TABLE audit_log (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        recorded_at INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        target TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        patient_ref TEXT,
                        data TEXT NOT NULL,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    );
                    CREATE INDEX audit_log_actor ON audit_log(actor, seq);
                    CREATE INDEX audit_log_patient ON audit_log(patient_ref, seq);
                    CREATE TABLE audit_checkpoints (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        hash TEXT NOT NULL,
                        signed_at INTEGER NOT NULL,
                        key_id TEXT NOT NULL,
                        signature TEXT NOT NULL
                    );

                    -- Break-the-glass accesses awaiting post-hoc review.
                    CREATE TABLE review_items (
                        id TEXT PRIMARY KEY NOT NULL,
                        audit_seq INTEGER NOT NULL,
                        principal_id TEXT NOT NULL,
                        opened_at INTEGER NOT NULL,
                        due_at INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        outcome TEXT,
                        closed_by TEXT,
                        closed_at INTEGER,
                        notes TEXT
                    );
                    CREATE INDEX review_items_status ON review_items(status, opened_at);
                    """)
        }
        migrator.registerMigration("v2: API keys of the HTTP service") { db in
            try db.execute(
                sql: """
                    -- Keys the HTTP service accepts; only the SHA-256 of each secret is kept.
                    CREATE TABLE api_keys (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        scopes TEXT NOT NULL,
                        secret_sha256 BLOB NOT NULL,
                        created_at INTEGER NOT NULL,
                        created_by TEXT NOT NULL,
                        revoked_at INTEGER,
                        revoked_by TEXT
                    );
                    """)
        }
        migrator.registerMigration("v3: credential inventory, rotation reminders, password history") { db in
            try db.execute(
                sql: """
                    -- Credentials of every kind; never the secret. age_base_at is the last rotation (or the
                    -- creation) so that "due by age" is a range scan per rotation class.
                    CREATE TABLE credentials (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        owner TEXT NOT NULL,
                        contact TEXT,
                        rotation_class TEXT NOT NULL,
                        principal_id TEXT,
                        last_rotated_at INTEGER,
                        age_base_at INTEGER NOT NULL,
                        expires_at INTEGER,
                        target TEXT,
                        username TEXT,
                        state TEXT NOT NULL,
                        failed_attempts INTEGER NOT NULL,
                        locked_until INTEGER,
                        compromised_at INTEGER,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX credentials_due_by_age ON credentials(rotation_class, age_base_at) WHERE state IN ('active', 'locked');
                    CREATE INDEX credentials_due_by_expiry ON credentials(expires_at) WHERE expires_at IS NOT NULL AND state IN ('active', 'locked');
                    CREATE INDEX credentials_compromised ON credentials(compromised_at) WHERE state = 'compromised';
                    CREATE INDEX credentials_principal ON credentials(principal_id) WHERE principal_id IS NOT NULL;

                    -- Each notice is sent once per credential, due date and stage: pending until a sink took it.
                    CREATE TABLE rotation_reminders (
                        credential_id TEXT NOT NULL,
                        due_at INTEGER NOT NULL,
                        stage TEXT NOT NULL,
                        recipient TEXT NOT NULL,
                        status TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        last_error TEXT,
                        created_at INTEGER NOT NULL,
                        sent_at INTEGER,
                        PRIMARY KEY (credential_id, due_at, stage)
                    );
                    CREATE INDEX rotation_reminders_pending ON rotation_reminders(status) WHERE status = 'pending';

                    -- Password history: Argon2id PHC strings over a peppered input (the pepper is a file).
                    CREATE TABLE password_history (
                        id INTEGER PRIMARY KEY,
                        user TEXT NOT NULL,
                        phc TEXT NOT NULL,
                        pepper_id TEXT NOT NULL,
                        changed_at INTEGER NOT NULL
                    );
                    CREATE INDEX password_history_user ON password_history(user, id);
                    """)
        }
        migrator.registerMigration("v4: append-only audit log, principal activity derived from it") { db in
            try db.execute(
                sql: """
                    -- With a hundred thousand actors and patients, each of these indexes put every new record
                    -- on a random page, so a durable batch of 1,000 records wrote some 2,000 pages and a
                    -- checkpoint. The log now grows only at its tail. Last activity, the one reader of the
                    -- actor index, is derived from the log when it is read: principal_activity holds it up
                    -- to activity_through.seq, and a reader folds in the records after that first.
                    DROP INDEX audit_log_actor;
                    DROP INDEX audit_log_patient;
                    CREATE TABLE principal_activity (
                        actor TEXT PRIMARY KEY NOT NULL,
                        last_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE activity_through (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        seq INTEGER NOT NULL
                    );
                    INSERT INTO principal_activity (actor, last_at)
                        SELECT actor, max(recorded_at) FROM audit_log WHERE kind = 'decision' GROUP BY actor;
                    INSERT INTO activity_through (id, seq) SELECT 1, coalesce(max(seq), 0) FROM audit_log;
                    """)
        }
        migrator.registerMigration("v5: directory revisions and the change feed") { db in
            try db.execute(
                sql: """
                    -- Every directory change appends one row in the transaction that makes it: the revision
                    -- (AUTOINCREMENT: never reused, and in commit order, since SQLite has one writer) is what
                    -- every deciding process follows. `change` is the DirectoryChange as JSON; `reload`
                    -- marks changes that a follower applies by reading the whole directory again (an import).
                    -- Revision 0 is the directory as it stood before this table existed.
                    CREATE TABLE directory_changes (
                        revision INTEGER PRIMARY KEY AUTOINCREMENT,
                        recorded_at INTEGER NOT NULL,
                        entity TEXT NOT NULL,
                        entity_id TEXT NOT NULL,
                        change TEXT,
                        reload INTEGER NOT NULL DEFAULT 0
                    );
                    """)
        }
        return migrator
    }
}
