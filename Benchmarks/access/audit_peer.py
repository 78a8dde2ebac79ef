#!/usr/bin/env python3
"""Peer for PHIGuard's durable audit appends: Python's sqlite3 writing the same kind of rows
(a ~600-byte JSON body, SHA-256 chained to the previous row, HMAC pseudonyms) into a WAL database
with synchronous=FULL, in batches of one transaction each, with the same indexes as PHIGuard's
audit table since migration v4 (none besides the sequence; `--indexes` adds the old actor and
patient indexes). Prints records/s."""

import argparse
import hashlib
import hmac
import json
import os
import sqlite3
import tempfile
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--records", type=int, default=100000)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--indexes", action="store_true", help="also index (actor, seq) and (patient_ref, seq)")
    a = p.parse_args()
    folder = tempfile.mkdtemp(prefix="audit-peer-")
    db = sqlite3.connect(os.path.join(folder, "peer.sqlite"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, recorded_at INTEGER, kind TEXT, actor TEXT, action TEXT, target TEXT, "
               "outcome TEXT, patient_ref TEXT, data TEXT, prev_hash TEXT, hash TEXT)")
    if a.indexes:
        db.execute("CREATE INDEX audit_log_actor ON audit_log(actor, seq)")
        db.execute("CREATE INDEX audit_log_patient ON audit_log(patient_ref, seq)")
    key = os.urandom(32)
    prev = "0" * 64
    seq = 0
    start = time.perf_counter()
    while seq < a.records:
        db.execute("BEGIN")
        for _ in range(min(a.batch, a.records - seq)):
            seq += 1
            patient = "hmac-sha256:" + hmac.new(key, b"pt-%d" % (seq % 5000), hashlib.sha256).hexdigest()
            resource = "hmac-sha256:" + hmac.new(key, b"rec-%d" % seq, hashlib.sha256).hexdigest()
            body = json.dumps({"seq": seq, "recordedAt": "2026-06-01T10:00:00.000Z", "kind": "decision", "actor": "u%d" % (seq % 1000),
                               "action": "read", "target": "", "outcome": "allow", "purposeOfUse": "TREAT", "resourceType": "Record",
                               "resourceRef": resource, "patientRef": patient, "reasonCodes": ["grant"], "policyIDs": ["grant:g%d" % seq],
                               "grantIDs": ["g%d" % seq], "obligations": ["AUDTR"], "breakGlass": False, "details": None, "prevHash": prev},
                              separators=(",", ":"))
            digest = hashlib.sha256((prev + "\n" + body).encode()).hexdigest()
            db.execute("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       (seq, 0, "decision", "u%d" % (seq % 1000), "read", "", "allow", patient, body, prev, digest))
            prev = digest
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    print(json.dumps({"peer": "python sqlite3", "indexes": a.indexes, "records": a.records, "batch": a.batch, "records_per_s": round(a.records / elapsed)}))


if __name__ == "__main__":
    main()
