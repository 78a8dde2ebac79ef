"""Builds a credential inventory of N rows directly in a migrated PHIGuard database (fixed seed):
database logins, service secrets, API keys, people's passwords and certificates, last rotated
0 to 400 days ago, certificates expiring within 0 to 400 days. About one in six is due within 30 days."""
import random, sqlite3, sys, time

started = time.perf_counter()

path, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
now = int(time.time() * 1000)
day = 86_400_000
classes = [("database-login", "database-login"), ("service-secret", "service-secret"), ("api-key", "api-key"),
           ("password", "person-password"), ("password", "pci-person-password"), ("tls-certificate", "tls-certificate")]
db = sqlite3.connect(path)
db.execute("PRAGMA synchronous = OFF")
rows = []
for index in range(count):
    kind, rotation_class = classes[index % len(classes)]
    rotated = now - rng.randrange(0, 400) * day - rng.randrange(0, day)
    expires = now + rng.randrange(0, 400) * day if kind == "tls-certificate" else None
    rows.append((f"cred-{index:07d}", kind, f"owner-{index % 5000}", None, rotation_class, None, rotated, rotated, expires,
                 None, None, "active", 0, None, None, now - 500 * day))
db.executemany("INSERT INTO credentials (id, kind, owner, contact, rotation_class, principal_id, last_rotated_at, age_base_at, expires_at,"
               " target, username, state, failed_attempts, locked_until, compromised_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
db.commit()
print(f"inventory: {count:,} credentials written in {time.perf_counter() - started:.1f} s")
