#!/usr/bin/env python3
"""Scores `phiguard monitor run --format json` output against a generated hospital's labels.

usage: score.py DATA_DIR CASES.jsonl

Recall per family: an injected incident counts as found when a case about its actor (or, for a
curiosity surge, about its patient) holds an observation from the incident's start to four days
after its end. False cases: cases about anyone not in an incident, opened in the incident period
(the days before it are history the monitor learns from), per 1,000 clean workforce per 30 days.
Prints one JSON object.
"""
import json
import sys
from collections import defaultdict

data, cases_path = sys.argv[1], sys.argv[2]
summary = json.load(open(f"{data}/summary.json"))
incidents = [json.loads(line) for line in open(f"{data}/incidents.jsonl")]
cases, run = [], None
for line in open(cases_path):
    row = json.loads(line)
    if row["type"] == "case":
        cases.append(row)
    else:
        run = row

def seconds(text):
    from datetime import datetime
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())

actor_cases = defaultdict(list)
patient_cases = defaultdict(list)
for case in cases:
    times = [seconds(o["time"]) for o in case["observations"]]
    (actor_cases if case["subject_kind"] == "actor" else patient_cases)[case["subject"]].append((seconds(case["opened_at"]), times))

found = defaultdict(lambda: [0, 0])
missed = []
incident_actors = set(summary.get("surge_actors", []))
surge_patients = set()
for incident in incidents:
    family = incident["family"]
    found[family][1] += 1
    start, end = incident["start"] - 3600, incident["end"] + 4 * 86400
    hit = False
    if incident["subject"] == "patient":
        surge_patients.update(incident["patients"])
        for patient in incident["patients"]:
            hit = hit or any(start <= opened <= end for opened, _ in patient_cases.get(patient, []))
    else:
        incident_actors.add(incident["actor"])
        hit = any(any(start <= t <= end for t in times) for _, times in actor_cases.get(incident["actor"], []))
    if hit:
        found[family][0] += 1
    else:
        missed.append(f'{incident["id"]}:{incident["shape"]}')

clean_from = summary["clean_from"]
false_cases = [c for c in cases if seconds(c["opened_at"]) >= clean_from and (
    (c["subject_kind"] == "actor" and c["subject"] not in incident_actors)
    or (c["subject_kind"] == "patient" and c["subject"] not in surge_patients))]
warmup_cases = [c for c in cases if seconds(c["opened_at"]) < clean_from]
clean_workforce = summary["workforce"] - len(incident_actors)
months = summary["incident_days"] / 30
rate = len(false_cases) / (clean_workforce / 1000) / months
by_rule = defaultdict(int)
for case in false_cases:
    for rule in case["rules"]:
        by_rule[rule] += 1
print(json.dumps({
    "records": summary["records"],
    "workforce": summary["workforce"],
    "incidents": len(incidents),
    "recall": {family: round(hit / total, 3) for family, (hit, total) in sorted(found.items())},
    "recall_min": round(min(hit / total for hit, total in found.values()), 3) if found else None,
    "missed": missed,
    "false_cases": len(false_cases),
    "false_cases_per_1000_workforce_month": round(rate, 2),
    "false_case_rules": dict(sorted(by_rule.items(), key=lambda kv: -kv[1])),
    "warmup_cases": len(warmup_cases),
    "explained_share": run and run.get("explained_share"),
}, indent=1))
