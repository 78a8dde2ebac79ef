"""Builds a credential inventory of N rows directly in a migrated PHIGuard database (fixed seed):
database logins, service secrets, API keys, people's passwords and certificates of a managed
inventory: each last rotated within its class's maximum age plus 5% (so about 5% are overdue),
people's passwords (no maximum age) any time in the last 400 days, certificates expiring within 400
days. With a 30-day window about a fifth of the inventory is listed (a 90-day class shows a third)."""
import random, sqlite3, sys, time

started = time.perf_counter()

path, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
now = int(time.time() * 1000)
day = 86_400_000
classes = [("database-login", "database-login", 90), ("service-secret", "service-secret", 180), ("api-key", "api-key", 365),
           ("password", "person-password", 400), ("password", "pci-person-password", 90), ("tls-certificate", "tls-certificate", 400)]
db = sqlite3.connect(path)
db.execute("PRAGMA synchronous = OFF")
rows = []
for index in range(count):
    kind, rotation_class, max_age = classes[index % len(classes)]
    rotated = now - int(rng.uniform(0, max_age * 1.05) * day)
    expires = now + rng.randrange(0, 400) * day if kind == "tls-certificate" else None
    rows.append((f"cred-{index:07d}", kind, f"owner-{index % 5000}", None, rotation_class, None, rotated, rotated, expires,
                 None, None, "active", 0, None, None, now - 500 * day))
db.executemany("INSERT INTO credentials (id, kind, owner, contact, rotation_class, principal_id, last_rotated_at, age_base_at, expires_at,"
               " target, username, state, failed_attempts, locked_until, compromised_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
db.commit()
print(f"inventory: {count:,} credentials written in {time.perf_counter() - started:.1f} s")
