import GRDB

/// Versioned schema migrations. A migration is never edited once shipped: changes come as new ones.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: directory, audit log, checkpoints, reviews") { db in
            // The directory: each record as JSON (the model's Codable form) plus indexed columns.
            try db.execute(
                sql: """
                    CREATE TABLE principals (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        status TEXT NOT NULL,
                        data TEXT NOT NULL
                    );
                    CREATE TABLE roles (
                        id TEXT PRIMARY KEY NOT NULL,
                        data TEXT NOT NULL
                    );
                    CREATE TABLE role_assignments (
                        principal_id TEXT NOT NULL REFERENCES principals(id),
                        role_id TEXT NOT NULL REFERENCES roles(id),
                        data TEXT NOT NULL,
                        PRIMARY KEY (principal_id, role_id)
                    );
                    CREATE TABLE grants (
                        id TEXT PRIMARY KEY NOT NULL,
                        grantee TEXT NOT NULL,
                        valid_until INTEGER,
                        revoked_at INTEGER,
                        data TEXT NOT NULL
                    );
                    CREATE INDEX grants_grantee ON grants(grantee);
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
        return migrator
    }
}
