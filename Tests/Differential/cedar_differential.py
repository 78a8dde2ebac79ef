#!/usr/bin/env python3
"""Differential testing of PHIGuard's Cedar engine against the reference engine (cedarpy).

Generates random policy sets (templates and links, `unless`, many interacting policies, erroring
expressions), entities (hierarchies, tags, extension values, missing references) and requests,
runs `phiguard cedar authorize` and cedarpy on the same inputs, and compares the decision, the
reason set and the error-id set of every request. Every mismatch is reported with a reproducer
folder. Exit status: 0 when nothing differs, 1 otherwise.

    python3 Tests/Differential/cedar_differential.py --phiguard .build/debug/phiguard --requests 3000 --seed 1
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import cedarpy

ACTIONS = ["view", "edit", "delete", "read", "write", "all"]
ACTION_PARENTS = {"view": ["read"], "edit": ["write"], "delete": ["write"], "read": ["all"], "write": ["all"], "all": []}
# Ids include canonically-equivalent but different strings, which must stay distinct.
USER_IDS = ["alice", "bob", "caf\u00e9", "cafe\u0301", "u-4", "ghost"]
GROUP_IDS = ["staff", "nurses", "admins"]
DOC_IDS = ["d0", "d1", "d2", "d3", "missing-doc"]
FOLDER_IDS = ["f0", "f1", "f2"]
STRINGS = ["", "a", "abc", "caf\u00e9", "cafe\u0301", "x*y", "\u65e5\u672c\u8a9e", "alice"]
IPS = ["10.0.0.1", "10.0.0.0/8", "192.168.1.7/24", "127.0.0.1", "::1", "ff02::1", "2001:db8::/32", "010.0.0.1", "1.2.3.4/33"]
DECIMALS = ["1.0", "-2.5", "0.0001", "922337203685477.5807", "1.23456", "12"]
DATETIMES = ["2024-01-01", "2024-02-29T12:00:00Z", "1969-12-31T23:00:00Z", "2024-10-15T11:35:00.123+0100", "2024-02-30"]
DURATIONS = ["1d", "-1h30m", "1500ms", "1d2h3m4s5ms", "0ms", "1d1d", "9223372036854775807ms"]
ATTRS = ["age", "name", "mfa", "tags", "dept", "owner", "level", "labels", "created", "ip", "nope"]


def q(s):
    """A Cedar string literal."""
    out = '"'
    for ch in s:
        code = ord(ch)
        if ch == '"':
            out += '\\"'
        elif ch == "\\":
            out += "\\\\"
        elif code < 0x20 or code == 0x7F:
            out += "\\u{%x}" % code
        else:
            out += ch
    return out + '"'


def uid(t, i):
    return "%s::%s" % (t, q(i))


class Generator:
    def __init__(self, rng):
        self.r = rng

    def pick(self, xs):
        return self.r.choice(xs)

    # ---- expressions -------------------------------------------------------
    def entity_expr(self, d):
        c = self.r.randrange(8)
        if c == 0:
            return "principal"
        if c == 1:
            return "resource"
        if c == 2:
            return uid("User", self.pick(USER_IDS))
        if c == 3:
            return uid("Group", self.pick(GROUP_IDS))
        if c == 4:
            return uid("Folder", self.pick(FOLDER_IDS))
        if c == 5 and d > 0:
            return "principal.dept"
        if c == 6 and d > 0:
            return "resource.owner"
        return "action"

    def long_expr(self, d):
        c = self.r.randrange(9 if d > 0 else 3)
        if c == 0:
            return str(self.r.choice([0, 1, 2, 7, 100, -3, 9223372036854775807, -9223372036854775808]))
        if c == 1:
            return self.pick(["principal.age", "resource.level", "context.n"])
        if c == 2:
            return self.pick(["context.n", "principal.age"])
        if c == 3:
            return "(%s %s %s)" % (self.long_expr(d - 1), self.pick(["+", "-", "*"]), self.long_expr(d - 1))
        if c == 4:
            return "-%s" % self.pick(["principal.age", "(%s)" % self.long_expr(d - 1)])
        if c == 5:
            return "(if %s then %s else %s)" % (self.bool_expr(d - 1), self.long_expr(d - 1), self.long_expr(d - 1))
        if c == 6:
            return "duration(%s).%s()" % (q(self.pick(DURATIONS)), self.pick(["toMilliseconds", "toSeconds", "toHours", "toDays"]))
        if c == 7:
            return "resource.getTag(%s)" % q(self.pick(["level", "owner", "x"]))
        return "principal[%s]" % q(self.pick(["age", "nope"]))

    def string_expr(self, d):
        c = self.r.randrange(4)
        if c == 0:
            return q(self.pick(STRINGS))
        if c == 1:
            return self.pick(["principal.name", "context.s", "resource.name"])
        if c == 2 and d > 0:
            return "(if %s then %s else %s)" % (self.bool_expr(d - 1), q(self.pick(STRINGS)), self.string_expr(d - 1))
        return q(self.pick(STRINGS))

    def set_expr(self, d):
        c = self.r.randrange(5)
        if c == 0:
            return "[%s]" % ", ".join(self.any_expr(d - 1) for _ in range(self.r.randrange(4)))
        if c == 1:
            return self.pick(["principal.tags", "resource.labels", "context.list"])
        if c == 2:
            return "[%s]" % ", ".join(q(self.pick(STRINGS)) for _ in range(self.r.randrange(4)))
        if c == 3:
            return "[%s]" % ", ".join(self.entity_expr(0) for _ in range(1 + self.r.randrange(3)))
        return "[%s]" % ", ".join(str(self.r.randrange(5)) for _ in range(self.r.randrange(4)))

    def ext_expr(self):
        kind = self.r.randrange(4)
        if kind == 0:
            return "ip(%s)" % q(self.pick(IPS))
        if kind == 1:
            return "decimal(%s)" % q(self.pick(DECIMALS))
        if kind == 2:
            return "datetime(%s)" % q(self.pick(DATETIMES))
        return "duration(%s)" % q(self.pick(DURATIONS))

    def any_expr(self, d):
        c = self.r.randrange(7)
        if c == 0:
            return self.long_expr(max(d, 0))
        if c == 1:
            return self.string_expr(max(d, 0))
        if c == 2:
            return self.entity_expr(max(d, 0))
        if c == 3 and d > 0:
            return self.set_expr(d)
        if c == 4:
            return self.ext_expr()
        if c == 5 and d > 0:
            return "{a: %s, %s: %s}" % (self.any_expr(d - 1), q(self.pick(["b", "if", ""])), self.any_expr(d - 1))
        return "(%s)" % self.bool_expr(max(d - 1, 0))

    def bool_expr(self, d):
        if d <= 0:
            return self.pick(["true", "false", "principal.mfa", "context.flag", "context has flag", "principal has mfa", "resource has owner"])
        c = self.r.randrange(24)
        if c == 0:
            return "(%s && %s)" % (self.bool_expr(d - 1), self.bool_expr(d - 1))
        if c == 1:
            return "(%s || %s)" % (self.bool_expr(d - 1), self.bool_expr(d - 1))
        if c == 2:
            return "!%s" % self.bool_expr(0)
        if c == 3:
            return "%s %s %s" % (self.long_expr(d - 1), self.pick(["<", "<=", ">", ">=", "==", "!="]), self.long_expr(d - 1))
        if c == 4:
            return "%s == %s" % (self.any_expr(d - 1), self.any_expr(d - 1))
        if c == 5:
            return "%s in %s" % (self.entity_expr(d - 1), self.pick([self.entity_expr(d - 1), self.set_expr(d - 1)]))
        if c == 6:
            return "%s has %s" % (self.pick(["principal", "resource", "context", "{a: 1}", "principal.dept"]), self.pick(ATTRS + ['"if"', "a.b"]))
        if c == 7:
            return "%s like %s" % (self.string_expr(d - 1), q(self.pick(["*", "a*", "*c", "caf*", "x\\*y", "", "\u65e5*"])).replace("\\\\*", "\\*"))
        if c == 8:
            return "%s is %s" % (self.entity_expr(d - 1), self.pick(["User", "Group", "Doc", "NS::Doc", "Folder"]))
        if c == 9:
            return "%s.contains(%s)" % (self.set_expr(d - 1), self.any_expr(d - 1))
        if c == 10:
            return "%s.%s(%s)" % (self.set_expr(d - 1), self.pick(["containsAll", "containsAny"]), self.set_expr(d - 1))
        if c == 11:
            return "%s.isEmpty()" % self.set_expr(d - 1)
        if c == 12:
            return "%s.hasTag(%s)" % (self.entity_expr(d - 1), q(self.pick(["level", "owner", "x"])))
        if c == 13:
            return "(if %s then %s else %s)" % (self.bool_expr(d - 1), self.bool_expr(d - 1), self.bool_expr(d - 1))
        if c == 14:
            return "ip(%s).%s(%s)" % (q(self.pick(IPS)), "isInRange", self.pick(["ip(%s)" % q(self.pick(IPS)), "context.ip", "principal.ip"]))
        if c == 15:
            return "%s.%s()" % (self.pick(["ip(%s)" % q(self.pick(IPS)), "context.ip", "principal.ip"]), self.pick(["isIpv4", "isIpv6", "isLoopback", "isMulticast"]))
        if c == 16:
            return "decimal(%s).%s(decimal(%s))" % (q(self.pick(DECIMALS)), self.pick(["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"]), q(self.pick(DECIMALS)))
        if c == 17:
            a = self.pick(["datetime(%s)" % q(self.pick(DATETIMES)), "resource.created", "context.now"])
            b = self.pick(["datetime(%s)" % q(self.pick(DATETIMES)), "resource.created", "context.now"])
            e = self.pick(["%s.offset(duration(%s))" % (a, q(self.pick(DURATIONS))), a, "%s.toDate()" % a])
            return "%s %s %s" % (e, self.pick(["<", "<=", "==", ">"]), b)
        if c == 18:
            a = self.pick(["datetime(%s)" % q(self.pick(DATETIMES)), "resource.created", "context.now"])
            return "%s.durationSince(%s) %s duration(%s)" % (a, self.pick(["datetime(%s)" % q(self.pick(DATETIMES)), "context.now"]), self.pick(["<", ">=", "=="]), q(self.pick(DURATIONS)))
        if c == 19:
            return "%s.toTime() < duration(%s)" % (self.pick(["datetime(%s)" % q(self.pick(DATETIMES)), "context.now"]), q(self.pick(DURATIONS)))
        if c == 20:
            return "%s == %s" % (self.string_expr(d - 1), self.string_expr(d - 1))
        if c == 21:
            return "%s in %s" % (self.pick(["principal", "resource", "action"]), self.pick([uid("Group", self.pick(GROUP_IDS)), uid("Action", self.pick(ACTIONS)), uid("Folder", self.pick(FOLDER_IDS)), "[%s, 1]" % uid("Group", "staff")]))
        if c == 22:
            return "resource.getTag(%s) == %s" % (q(self.pick(["level", "owner", "x"])), self.any_expr(0))
        return "%s.%s" % (self.pick(["principal", "resource", "context", "principal.dept"]), self.pick(["mfa", "flag", "nope"]))

    # ---- policies ----------------------------------------------------------
    def scope(self, var, slot_allowed):
        types = {"principal": ("User", USER_IDS, "Group", GROUP_IDS), "resource": ("Doc", DOC_IDS, "Folder", FOLDER_IDS)}[var]
        c = self.r.randrange(8 if slot_allowed else 6)
        if c == 0:
            return var
        if c == 1:
            return "%s == %s" % (var, uid(types[0], self.pick(types[1])))
        if c == 2:
            return "%s in %s" % (var, uid(types[2], self.pick(types[3])))
        if c == 3:
            return "%s is %s" % (var, types[0])
        if c == 4:
            return "%s is %s in %s" % (var, types[0], uid(types[2], self.pick(types[3])))
        if c == 5:
            return var
        if c == 6:
            return "%s == ?%s" % (var, var)
        return "%s in ?%s" % (var, var)

    def action_scope(self):
        c = self.r.randrange(4)
        if c == 0:
            return "action"
        if c == 1:
            return "action == %s" % uid("Action", self.pick(ACTIONS))
        if c == 2:
            return "action in %s" % uid("Action", self.pick(ACTIONS))
        return "action in [%s]" % ", ".join(uid("Action", self.pick(ACTIONS)) for _ in range(1 + self.r.randrange(3)))

    def policy(self, template):
        principal = self.scope("principal", template)
        resource = self.scope("resource", template)
        if template and "?" not in principal and "?" not in resource:
            principal = "principal == ?principal"
        text = ""
        if self.r.random() < 0.3:
            text += '@id(%s) ' % q("p%d" % self.r.randrange(100))
        text += "%s(%s, %s, %s)" % (self.pick(["permit", "permit", "forbid"]), principal, self.action_scope(), resource)
        for _ in range(self.r.randrange(3)):
            text += " %s { %s }" % (self.pick(["when", "when", "unless"]), self.bool_expr(self.r.randrange(1, 4)))
        return text + ";"

    # ---- data ----------------------------------------------------------------
    def value_json(self, kind):
        if kind == "ip":
            return {"__extn": {"fn": "ip", "arg": self.pick(IPS[:7])}}
        if kind == "datetime":
            return {"__extn": {"fn": "datetime", "arg": self.pick(DATETIMES[:4])}}
        raise ValueError(kind)

    def entities(self):
        ents = []
        for g in GROUP_IDS:
            parents = [{"type": "Group", "id": p} for p in GROUP_IDS if p < g and self.r.random() < 0.5]
            ents.append({"uid": {"type": "Group", "id": g}, "attrs": {"name": g}, "parents": parents})
        for u in USER_IDS[:-1]:
            attrs = {}
            if self.r.random() < 0.8:
                attrs["age"] = self.r.randrange(15, 70)
            if self.r.random() < 0.8:
                attrs["name"] = self.pick(STRINGS)
            if self.r.random() < 0.7:
                attrs["mfa"] = self.r.random() < 0.5
            if self.r.random() < 0.6:
                attrs["tags"] = self.r.sample(STRINGS, self.r.randrange(3))
            if self.r.random() < 0.6:
                attrs["dept"] = {"__entity": {"type": "Group", "id": self.pick(GROUP_IDS + ["ghost-group"])}}
            if self.r.random() < 0.5:
                attrs["ip"] = self.value_json("ip")
            parents = [{"type": "Group", "id": g} for g in GROUP_IDS if self.r.random() < 0.4]
            ents.append({"uid": {"type": "User", "id": u}, "attrs": attrs, "parents": parents})
        for f in FOLDER_IDS:
            parents = [{"type": "Folder", "id": p} for p in FOLDER_IDS if p < f and self.r.random() < 0.5]
            ents.append({"uid": {"type": "Folder", "id": f}, "attrs": {}, "parents": parents})
        for d in DOC_IDS[:-1]:
            attrs = {"name": self.pick(STRINGS)}
            if self.r.random() < 0.8:
                attrs["owner"] = {"__entity": {"type": "User", "id": self.pick(USER_IDS)}}
            if self.r.random() < 0.8:
                attrs["level"] = self.r.randrange(0, 5)
            if self.r.random() < 0.6:
                attrs["labels"] = self.r.sample(STRINGS, self.r.randrange(3))
            if self.r.random() < 0.6:
                attrs["created"] = self.value_json("datetime")
            tags = {}
            if self.r.random() < 0.5:
                tags["level"] = self.r.randrange(5)
            if self.r.random() < 0.3:
                tags["owner"] = {"__entity": {"type": "User", "id": "alice"}}
            parents = [{"type": "Folder", "id": f} for f in FOLDER_IDS if self.r.random() < 0.4]
            entity = {"uid": {"type": "Doc", "id": d}, "attrs": attrs, "parents": parents}
            if tags:
                entity["tags"] = tags
            ents.append(entity)
        for a, ps in ACTION_PARENTS.items():
            ents.append({"uid": {"type": "Action", "id": a}, "attrs": {}, "parents": [{"type": "Action", "id": p} for p in ps]})
        return ents

    def request(self):
        context = {}
        if self.r.random() < 0.8:
            context["n"] = self.r.choice([0, 1, 5, -2, 9223372036854775807])
        if self.r.random() < 0.7:
            context["flag"] = self.r.random() < 0.5
        if self.r.random() < 0.5:
            context["s"] = self.pick(STRINGS)
        if self.r.random() < 0.5:
            context["ip"] = self.value_json("ip")
        if self.r.random() < 0.5:
            context["now"] = self.value_json("datetime")
        if self.r.random() < 0.4:
            context["list"] = [self.r.randrange(3) for _ in range(self.r.randrange(3))]
        principal = self.pick([("User", self.pick(USER_IDS)), ("Group", self.pick(GROUP_IDS))])
        resource = self.pick([("Doc", self.pick(DOC_IDS)), ("Folder", self.pick(FOLDER_IDS)), ("NS::Doc", "d0")])
        return {
            "principal": {"type": principal[0], "id": principal[1]},
            "action": {"type": "Action", "id": self.pick(ACTIONS)},
            "resource": {"type": resource[0], "id": resource[1]},
            "context": context,
        }


# The schema of the generated universe, for comparing validation verdicts.
SCHEMA = """
type Ctx = { n?: Long, flag?: Bool, s?: String, ip?: ipaddr, now?: datetime, list?: Set<Long> };
entity Group in [Group] { name: String };
entity User in [Group] { age?: Long, name?: String, mfa?: Bool, tags?: Set<String>, dept?: Group, ip?: ipaddr };
entity Folder in [Folder];
entity Doc in [Folder] { name: String, owner?: User, level?: Long, labels?: Set<String>, created?: datetime } tags Long;
action all appliesTo { principal: [User, Group], resource: [Doc, Folder], context: Ctx };
action read in [all] appliesTo { principal: [User, Group], resource: [Doc, Folder], context: Ctx };
action write in [all] appliesTo { principal: [User], resource: [Doc, Folder], context: Ctx };
action view in [read] appliesTo { principal: [User, Group], resource: [Doc], context: Ctx };
action edit in [write] appliesTo { principal: [User], resource: [Doc], context: Ctx };
action delete in [write] appliesTo { principal: [User], resource: [Doc, Folder], context: { n: Long } };
"""

ERROR_ID = re.compile(r"error while evaluating policy `([^`]*)`")


def reference(policies_text, links, entities, requests):
    policy_set = cedarpy.PolicySet.from_str(policies_text)
    for link in links:
        values = {k: 'User::%s' % q(v["id"]) if v["type"] == "User" else '%s::%s' % (v["type"], q(v["id"])) for k, v in link["values"].items()}
        policy_set = policy_set.with_linked(link["templateId"], link["newId"], values)
    cedar_requests = []
    for r in requests:
        cedar_requests.append({
            "principal": "%s::%s" % (r["principal"]["type"], q(r["principal"]["id"])),
            "action": "%s::%s" % (r["action"]["type"], q(r["action"]["id"])),
            "resource": "%s::%s" % (r["resource"]["type"], q(r["resource"]["id"])),
            "context": r["context"],
        })
    results = cedarpy.is_authorized_batch(cedar_requests, policy_set, cedarpy.Entities.from_json_str(json.dumps(entities)))
    out = []
    for res in results:
        decision = {"Allow": "allow", "Deny": "deny"}.get(res.decision.name, res.decision.name)
        errors = sorted({m.group(1) for e in res.diagnostics.errors for m in [ERROR_ID.search(e)] if m})
        out.append((decision, sorted(res.diagnostics.reasons), errors, list(res.diagnostics.errors)))
    return out


def ours(phiguard, folder):
    args = [phiguard, "cedar", "authorize", "--policies", os.path.join(folder, "policies.cedar"),
            "--entities", os.path.join(folder, "entities.json"), "--links", os.path.join(folder, "links.json"),
            "--requests", os.path.join(folder, "requests.jsonl")]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        return None, proc.stderr
    out = []
    for line in proc.stdout.splitlines():
        obj = json.loads(line)
        out.append((obj["decision"], sorted(obj["reason"]), sorted({e["policy"] for e in obj["errors"]}), obj["errors"]))
    return out, ""


def reference_invalid_ids(policies_text):
    result = cedarpy.validate_policies(policies_text, SCHEMA)
    return sorted({e.policy_id for e in result.errors})


def our_invalid_ids(phiguard, folder):
    proc = subprocess.run([phiguard, "cedar", "validate", "--policies", os.path.join(folder, "policies.cedar"),
                           "--schema", os.path.join(folder, "schema.cedarschema"), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        return None, proc.stderr
    report = json.loads(proc.stdout)
    return sorted({e["policy"] for e in report["errors"]}), ""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phiguard", required=True, help="path to the phiguard binary")
    parser.add_argument("--requests", type=int, default=3000, help="total number of generated requests")
    parser.add_argument("--per-case", type=int, default=50, help="requests per generated policy set")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", default=None, help="folder where mismatching cases are written")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    gen = Generator(rng)
    passed = failed = skipped = 0
    validation_agree = validation_disagree = 0
    policies_total = policies_invalid = 0
    cases = max(1, args.requests // args.per_case)
    keep = args.keep or tempfile.mkdtemp(prefix="cedar-differential-")
    with tempfile.TemporaryDirectory() as work:
        for case in range(cases):
            static = [gen.policy(False) for _ in range(rng.randrange(2, 9))]
            templates = [gen.policy(True) for _ in range(rng.randrange(0, 3))]
            order = static + templates
            rng.shuffle(order)
            text = "\n".join(order) + "\n"
            links = []
            for index, policy in enumerate(order):
                if policy in templates:
                    for n in range(rng.randrange(1, 3)):
                        values = {}
                        head = policy.split("(", 1)[1]
                        if "?principal" in head:
                            values["?principal"] = {"type": "User", "id": gen.pick(USER_IDS)} if rng.random() < 0.7 else {"type": "Group", "id": gen.pick(GROUP_IDS)}
                        if "?resource" in head:
                            values["?resource"] = {"type": "Folder", "id": gen.pick(FOLDER_IDS)} if rng.random() < 0.5 else {"type": "Doc", "id": gen.pick(DOC_IDS)}
                        links.append({"templateId": "policy%d" % index, "newId": "link%d_%d" % (index, n), "values": values})
            entities = gen.entities()
            requests = [gen.request() for _ in range(args.per_case)]
            folder = os.path.join(work, "case%d" % case)
            os.makedirs(folder)
            with open(os.path.join(folder, "policies.cedar"), "w") as f:
                f.write(text)
            try:
                cedarpy.PolicySet.from_str(text)
            except Exception as error:
                # The reference rejects the text: ours must reject it too.
                check = subprocess.run([args.phiguard, "cedar", "check-parse", "--policies", os.path.join(folder, "policies.cedar")], capture_output=True, text=True)
                if check.returncode != 1:
                    failed += 1
                    print("MISMATCH case %d: the reference rejects the policies (%s) but phiguard accepts them:\n%s" % (case, str(error)[:200], text))
                else:
                    passed += 1
                skipped += len(requests)
                continue
            try:
                expected = reference(text, links, entities, requests)
            except Exception as error:
                skipped += len(requests)
                continue
            with open(os.path.join(folder, "entities.json"), "w") as f:
                json.dump(entities, f)
            with open(os.path.join(folder, "links.json"), "w") as f:
                json.dump(links, f)
            with open(os.path.join(folder, "requests.jsonl"), "w") as f:
                for r in requests:
                    f.write(json.dumps(r) + "\n")
            with open(os.path.join(folder, "schema.cedarschema"), "w") as f:
                f.write(SCHEMA)
            # Validation verdicts, policy by policy.
            expected_invalid = reference_invalid_ids(text)
            policies_total += len(order)
            policies_invalid += len(expected_invalid)
            got_invalid, stderr = our_invalid_ids(args.phiguard, folder)
            if got_invalid == expected_invalid:
                validation_agree += 1
            else:
                validation_disagree += 1
                target = os.path.join(keep, "validation%d" % case)
                subprocess.run(["cp", "-r", folder, target])
                print("VALIDATION MISMATCH case %d (kept in %s): reference invalid %s, phiguard invalid %s %s" % (case, target, expected_invalid, got_invalid, stderr.strip()))
            got, stderr = ours(args.phiguard, folder)
            mismatched = []
            if got is None:
                mismatched = ["phiguard failed: %s" % stderr.strip()]
            else:
                for i, (e, g) in enumerate(zip(expected, got)):
                    if e[:3] != g[:3]:
                        mismatched.append("request %d: reference %s %s errors %s %s; phiguard %s %s errors %s %s" % (i, e[0], e[1], e[2], e[3], g[0], g[1], g[2], g[3]))
            if mismatched:
                failed += len(mismatched) if got is not None else len(requests)
                passed += len(requests) - (len(mismatched) if got is not None else len(requests))
                target = os.path.join(keep, "case%d" % case)
                subprocess.run(["cp", "-r", folder, target])
                print("MISMATCH case %d (kept in %s):" % (case, target))
                for line in mismatched[:5]:
                    print("  " + line)
            else:
                passed += len(requests)
    print("differential: %d cases, seed %d, %d requests skipped (reference rejected the input)" % (cases, args.seed, skipped))
    print("validation verdicts: %d policy sets agree, %d disagree (%d of %d policies invalid per the reference)" % (
        validation_agree, validation_disagree, policies_invalid, policies_total))
    print("%d passed, %d failed" % (passed + validation_agree, failed + validation_disagree))
    sys.exit(1 if failed or validation_disagree else 0)


if __name__ == "__main__":
    main()
