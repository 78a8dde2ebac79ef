#!/usr/bin/env python3
"""Generates a hospital-like Cedar workload: users in roles and departments, patients and
records, and mostly per-grant policies such as

    permit(principal == User::"u17", action in [Action::"read", Action::"search"],
           resource in Department::"d3") when { context.purpose == "TREAT" && ... };

plus a few role-wide rules and forbids. Writes policies.cedar, entities.json and requests.jsonl
into the output folder. Deterministic for a given seed.
"""

import argparse
import json
import os
import random

ACTIONS = ["read", "create", "update", "delete", "search", "export", "print", "disclose"]
PURPOSES = ["TREAT", "ETREAT", "HPAYMT", "HOPERAT", "HRESCH", "PUBHLTH"]
CATEGORIES = ["lab", "note", "imaging", "billing", "psychotherapy-note"]
LABELS = ["PSY", "SUD", "HIV", "SDV"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--policies", type=int, required=True)
    p.add_argument("--requests", type=int, default=10000)
    p.add_argument("--users", type=int, default=2000)
    p.add_argument("--departments", type=int, default=20)
    p.add_argument("--patients", type=int, default=500)
    p.add_argument("--records-per-patient", type=int, default=3)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    r = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)

    roles = ["nurse", "physician", "billing", "researcher", "admin"]
    entities = []
    for d in range(a.departments):
        entities.append({"uid": {"type": "Department", "id": "d%d" % d}, "attrs": {"name": "Department %d" % d}, "parents": []})
    for role in roles:
        entities.append({"uid": {"type": "Role", "id": role}, "attrs": {}, "parents": []})
    for u in range(a.users):
        entities.append({
            "uid": {"type": "User", "id": "u%d" % u},
            "attrs": {"status": "active" if r.random() < 0.97 else "suspended", "mfa": r.random() < 0.9,
                      "department": {"__entity": {"type": "Department", "id": "d%d" % r.randrange(a.departments)}}},
            "parents": [{"type": "Role", "id": r.choice(roles)}],
        })
    records = []
    for pt in range(a.patients):
        dept = "d%d" % r.randrange(a.departments)
        labels = r.sample(LABELS, r.choice([0, 0, 0, 1]))
        entities.append({"uid": {"type": "Patient", "id": "p%d" % pt},
                         "attrs": {"confidentiality": r.choice(["N", "N", "N", "R", "V"]), "labels": labels},
                         "parents": [{"type": "Department", "id": dept}]})
        for n in range(a.records_per_patient):
            rid = "p%d-r%d" % (pt, n)
            records.append(rid)
            entities.append({"uid": {"type": "Record", "id": rid},
                             "attrs": {"category": r.choice(CATEGORIES), "labels": labels},
                             "parents": [{"type": "Patient", "id": "p%d" % pt}]})
    for act in ACTIONS:
        entities.append({"uid": {"type": "Action", "id": act}, "attrs": {}, "parents": []})

    policies = [
        'forbid(principal, action, resource) unless { principal.status == "active" };',
        'forbid(principal, action, resource is Record) when { resource.labels.contains("SUD") && !(context has consent) };',
        'permit(principal in Role::"physician", action in [Action::"read", Action::"search"], resource is Record) when { context.purpose == "ETREAT" && context has justification };',
        'forbid(principal, action in [Action::"export", Action::"disclose"], resource) unless { principal.mfa };',
    ]
    while len(policies) < a.policies:
        u = r.randrange(a.users)
        acts = r.sample(ACTIONS[:5], r.randrange(1, 4))
        purposes = r.sample(PURPOSES[:4], r.randrange(1, 3))
        cats = r.sample(CATEGORIES[:4], r.randrange(1, 4))
        scope = ('resource in Department::"d%d"' % r.randrange(a.departments)) if r.random() < 0.7 else ('resource in Patient::"p%d"' % r.randrange(a.patients))
        cond = '[%s].contains(context.purpose) && [%s].contains(resource.category)' % (
            ", ".join('"%s"' % x for x in purposes), ", ".join('"%s"' % x for x in cats))
        policies.append('@id("grant-%d") permit(principal == User::"u%d", action in [%s], %s) when { %s };' % (
            len(policies), u, ", ".join('Action::"%s"' % x for x in acts), scope, cond))
    policies = policies[:a.policies]

    with open(os.path.join(a.out, "policies.cedar"), "w") as f:
        f.write("\n".join(policies) + "\n")
    with open(os.path.join(a.out, "entities.json"), "w") as f:
        json.dump(entities, f)
    # Requests: half from grant holders so that a realistic share is allowed.
    grant_users = [int(line.split('User::"u')[1].split('"')[0]) for line in policies if 'User::"u' in line]
    with open(os.path.join(a.out, "requests.jsonl"), "w") as f:
        for _ in range(a.requests):
            u = r.choice(grant_users) if grant_users and r.random() < 0.5 else r.randrange(a.users)
            req = {"principal": {"type": "User", "id": "u%d" % u},
                   "action": {"type": "Action", "id": r.choice(ACTIONS[:5])},
                   "resource": {"type": "Record", "id": r.choice(records)},
                   "context": {"purpose": r.choice(PURPOSES[:4])}}
            f.write(json.dumps(req) + "\n")


if __name__ == "__main__":
    main()
