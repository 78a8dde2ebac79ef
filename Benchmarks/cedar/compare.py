#!/usr/bin/env python3
"""Decides the same workload with phiguard (in-process timing from `phiguard cedar bench`) and
with cedarpy (its engine time, `authz_duration_micros`, which excludes Python marshalling), and
prints both medians, p99s and the ratio. Also times parsing of the policy file in both."""

import argparse
import json
import statistics
import subprocess
import time

import cedarpy


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--phiguard", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--reference-requests", type=int, default=None, help="cedarpy decides only the first N requests")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--schema", default=None, help="schema for the validation timing")
    a = p.parse_args()

    policies = open(a.dir + "/policies.cedar").read()
    entities_text = open(a.dir + "/entities.json").read()
    requests = [json.loads(line) for line in open(a.dir + "/requests.jsonl")]

    ours = json.loads(subprocess.run(
        [a.phiguard, "cedar", "bench", "--policies", a.dir + "/policies.cedar", "--entities", a.dir + "/entities.json",
         "--requests", a.dir + "/requests.jsonl", "--repeat", str(a.repeat)],
        check=True, capture_output=True, text=True).stdout)

    # Policy parsing, whole file: phiguard check-parse (process start included) vs cedarpy PolicySet.from_str.
    start = time.perf_counter()
    subprocess.run([a.phiguard, "cedar", "check-parse", "--policies", a.dir + "/policies.cedar"], check=True, capture_output=True)
    ours_parse_s = time.perf_counter() - start
    start = time.perf_counter()
    policy_set = cedarpy.PolicySet.from_str(policies)
    reference_parse_s = time.perf_counter() - start

    # Validation of the whole policy file against the workload's schema.
    schema_path = a.dir + "/../hospital.cedarschema" if a.schema is None else a.schema
    start = time.perf_counter()
    validate = subprocess.run([a.phiguard, "cedar", "validate", "--policies", a.dir + "/policies.cedar", "--schema", schema_path], capture_output=True, text=True)
    ours_validate_s = time.perf_counter() - start
    schema_text = open(schema_path).read()
    start = time.perf_counter()
    reference_validation = cedarpy.validate_policies(policies, schema_text)
    reference_validate_s = time.perf_counter() - start

    entities = cedarpy.Entities.from_json_str(entities_text)
    subset = requests[: a.reference_requests] if a.reference_requests else requests
    cedar_requests = [{
        "principal": 'User::"%s"' % r["principal"]["id"], "action": 'Action::"%s"' % r["action"]["id"],
        "resource": 'Record::"%s"' % r["resource"]["id"], "context": r["context"]} for r in subset]
    results = cedarpy.is_authorized_batch(cedar_requests, policy_set, entities)
    engine = [res.metrics["authz_duration_micros"] for res in results]
    ref_allowed = sum(1 for res in results if res.allowed)

    ref_median = statistics.median(engine)
    report = {
        "policies": policies.count("\n"),
        "phiguard_median_us": ours["median_us"], "phiguard_p99_us": ours["p99_us"], "phiguard_decisions": ours["decisions"],
        "cedarpy_median_us": ref_median, "cedarpy_p99_us": percentile(engine, 0.99), "cedarpy_decisions": len(engine),
        "ratio_median": round(ours["median_us"] / ref_median, 5) if ref_median else None,
        "cedarpy_allowed_share": round(ref_allowed / len(results), 3),
        "phiguard_allowed_share": round(ours["allowed"] / ours["decisions"], 3),
        "phiguard_parse_s_with_process_start": round(ours_parse_s, 3), "cedarpy_parse_s": round(reference_parse_s, 3),
        "phiguard_validate_s_with_process_start": round(ours_validate_s, 3), "phiguard_valid": validate.returncode == 0,
        "cedarpy_validate_s": round(reference_validate_s, 3), "cedarpy_valid": reference_validation.validation_passed,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
