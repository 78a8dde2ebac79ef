#!/usr/bin/env python3
"""Cross-process propagation: two `phiguard serve` on one SQLite database, changes committed by the
CLI and by service A's admin API, decisions asked of service B.

For each change it records, from the moment the change was acknowledged (the CLI exited, or A
answered):
  * decision latency: until B's first answer that reflects it (a deny),
  * follower lag: until B's /health reports the revision the change created (the change feed alone,
    without the decision path's own check),
and counts answers from B that allowed although they were asked after the acknowledgement (must be 0).
Prints one JSON object. Standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import threading
import time
import urllib.request


def request(port, path, token, body=None, method=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method or ("POST" if data else "GET"))
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def evaluation(subject):
    return {
        "subject": {"type": "user", "id": subject}, "action": {"name": "read"},
        "resource": {"type": "Record", "id": "r-1", "properties": {"patient": "p-1", "departments": ["cardiology"], "category": "lab"}},
        "context": {"purpose_of_use": "TREAT", "mfa": True},
    }


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] if values else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--phiguard", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--keys", required=True)
    parser.add_argument("--policies", default="Policies")
    parser.add_argument("--changes", type=int, default=100)
    args = parser.parse_args()
    common = ["--database", args.database, "--keys", args.keys, "--policies", args.policies]
    env = dict(os.environ, PHIGUARD_ACTOR="bench", PHIGUARD_RELOAD_POLL_SECONDS="0")

    def cli(*words):
        subprocess.run([args.phiguard, *words, *common], check=True, capture_output=True, env=env)

    created = subprocess.run([args.phiguard, "keys", "create", "--name", "bench", "--scope", "admin", "--scope", "decide", "--scope", "audit",
                              "--format", "json", *common], check=True, capture_output=True, text=True, env=env)
    token = json.loads(created.stdout)["token"]
    services, ports = [], []
    try:
        for name in ("a", "b"):
            port_file = os.path.join(os.path.dirname(args.database), f"port-{name}")
            started = time.monotonic()
            services.append(subprocess.Popen([args.phiguard, "serve", "--port", "0", "--port-file", port_file, *common],
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
            while not (os.path.exists(port_file) and open(port_file).read().strip()):
                if services[-1].poll() is not None:
                    raise SystemExit(f"serve {name} exited")
                time.sleep(0.05)
            ports.append(int(open(port_file).read()))
            startup = time.monotonic() - started
        a, b = ports
        people = [f"prop.{i}" for i in range(args.changes)]
        for person in people:
            request(a, "/v1/principals", token, {"id": person, "name": person, "departments": ["cardiology"], "mfa_enrolled": True})
            request(a, "/v1/grants", token, {"id": f"g-{person}", "grantee": f"principal:{person}", "actions": ["read"],
                                             "departments": ["cardiology"], "categories": ["lab"], "purposes": ["TREAT"],
                                             "approver": "privacy.officer", "justification": "propagation benchmark"})
        for person in people:
            status, body = request(b, "/access/v1/evaluation", token, evaluation(person))
            assert status == 200 and body["decision"], (person, status, body)

        decision_ms, lag_ms, late_allows, answers = {"cli": [], "api": []}, {"cli": [], "api": []}, 0, 0
        for index, person in enumerate(people):
            via = "cli" if index % 2 == 0 else "api"
            if via == "cli":
                cli("grants", "revoke", f"g-{person}", "--reason", "propagation")
                acknowledged = time.monotonic()
                revision = None
            else:
                status, body = request(a, f"/v1/grants/g-{person}/revoke", token, {"reason": "propagation"})
                acknowledged = time.monotonic()
                revision = body.get("revision")
            # Follower lag: B's applied revision, polled without deciding.
            if revision is None:
                _, health = request(a, "/health", token)
                revision = health["directory_revision"]
            while True:
                _, health = request(b, "/health", token)
                if health["directory_revision"] >= revision:
                    lag_ms[via].append((time.monotonic() - acknowledged) * 1000)
                    break
            # Decisions: ask B until it denies; any allow asked after the acknowledgement is a failure.
            while True:
                asked = time.monotonic()
                status, body = request(b, "/access/v1/evaluation", token, evaluation(person))
                answers += 1
                if body.get("decision") is False:
                    decision_ms[via].append((time.monotonic() - acknowledged) * 1000)
                    break
                if asked > acknowledged:
                    late_allows += 1
                if time.monotonic() - acknowledged > 10:
                    raise SystemExit(f"{person}: still allowed 10 s after its revocation")
        result = {"changes": args.changes, "serve_startup_s": round(startup, 2), "answers": answers,
                  "allows_after_acknowledged_revocation": late_allows}
        for via in ("cli", "api"):
            result[f"{via}_to_deny_p50_ms"] = round(percentile(decision_ms[via], 50), 2)
            result[f"{via}_to_deny_p99_ms"] = round(percentile(decision_ms[via], 99), 2)
            result[f"{via}_follower_lag_p50_ms"] = round(percentile(lag_ms[via], 50), 2)
            result[f"{via}_follower_lag_p99_ms"] = round(percentile(lag_ms[via], 99), 2)
        print(json.dumps(result, sort_keys=True))
    finally:
        for service in services:
            service.kill()
            service.wait()


if __name__ == "__main__":
    main()
