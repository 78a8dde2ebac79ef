"""The peer for `rotation due`: the same listing in Python's sqlite3 on the same database: one range
query per class with a maximum age, one for hard expiries, dedup, sort by due date, CSV out."""
import csv, sqlite3, sys, time

path, out = sys.argv[1], sys.argv[2]
now = int(time.time() * 1000)
until = now + 30 * 86_400_000
max_age_days = {"pci-person-password": 90, "service-secret": 180, "database-login": 90, "api-key": 365}
db = sqlite3.connect(path)
columns = "id, kind, owner, rotation_class, age_base_at, expires_at, state"
due = {}
for name, days in max_age_days.items():
    cutoff = until - days * 86_400_000
    for row in db.execute(f"SELECT {columns} FROM credentials WHERE rotation_class = ? AND age_base_at <= ? AND state IN ('active','locked')", (name, cutoff)):
        due_at = row[4] + days * 86_400_000
        if row[5] is not None: due_at = min(due_at, row[5])
        due[row[0]] = (due_at, row, "age")
for row in db.execute(f"SELECT {columns} FROM credentials WHERE expires_at <= ? AND expires_at IS NOT NULL AND state IN ('active','locked')", (until,)):
    if row[0] not in due: due[row[0]] = (row[5], row, "expiry")
with open(out, "w", newline="") as handle:
    writer = csv.writer(handle)
    writer.writerow(["id", "kind", "owner", "class", "due_at", "days_left", "reason", "state"])
    for due_at, row, reason in sorted(due.values(), key=lambda item: (item[0], item[1][0])):
        writer.writerow([row[0], row[1], row[2], row[3], due_at, (due_at - now) // 86_400_000, reason, row[6]])
