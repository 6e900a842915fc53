#!/usr/bin/env python3
"""Checks a fairaudit-gen export against the canonical format and reports how
realistic it is.

    bench/gen/check_export.py EXPORT.jsonl [--manifest EXPORT.manifest.json]

Fails (exit 1) on anything a consumer could trip over: a field name or
vocabulary word outside docs/input-format.md, a duplicate round or applicant id, an
interview of an unknown applicant, an impossible date, a value that looks like
a direct identifier (e-mail, phone or national id number). Reports, without
failing, the shares a reviewer judges realism by: applications per round,
self-declarations, stage attrition, representative events, process gaps and
the planted disparities measured from the data itself.
"""
import argparse
import collections
import datetime
import json
import re
import sys

ROUND_KEYS = {"kind", "schema", "round_id", "org_unit", "jurisdiction", "position", "advertised_at", "closes_at",
              "requirements_documented_at", "recommendation_at", "decision_at", "decision_reason", "applicants",
              "interviews", "representative", "documents"}
POSITION_KEYS = {"title_code", "openings", "internal_only", "reserved_for"}
APPLICANT_KEYS = {"id", "gender", "self_id", "age_band", "assessment", "events"}
SELF_ID_KEYS = {"immigrant_background", "disability", "cv_gap", "priority_access"}
ASSESSMENT_KEYS = {"outcome", "rank", "equally_qualified_with_top", "meets_formal_requirements"}
EVENT_KEYS = {"type", "at", "reason_code"}
INTERVIEW_KEYS = {"applicant", "at", "panel"}
PANEL_KEYS = {"role", "gender"}
REP_KEYS = {"appointed", "role", "events"}
REP_EVENT_KEYS = {"type", "at", "agrees"}
DOC_KEYS = {"type", "at", "sent_to", "equality_statement"}
UNIT_KEYS = {"kind", "schema", "org_unit", "period", "representative_routine", "meetings"}
MEASURES_KEYS = {"kind", "schema", "employer", "year", "employees", "area", "steps", "grounds_covered",
                 "cooperation_documented"}

GENDERS = {"woman", "man", "other", "unknown", "declined"}
ANSWERS = {"yes", "no", "declined", "not_asked"}
OUTCOMES = {"qualified", "not_qualified", "not_assessed"}
JURISDICTIONS = {"NO-OSL", "NO-STATE", "SE", "DK", "other"}
STAGES = ["applied", "screened", "interview_invited", "interview_held", "reference_checked", "recommended",
          "offered", "hired", "rejected", "withdrawn"]
REP_EVENTS = {"invited", "shortlist_shared", "attended_interview", "waiver", "recommendation_received",
              "statement_filed", "escalated"}

ID_RE = re.compile(r"^a-[0-9a-f]{6}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")
# Direct identifiers the ingest guard looks for: e-mail, phone-like and
# national-id-like digit runs (fødselsnummer 11, personnummer/CPR 10 digits,
# with or without a separator).
PII_RES = [re.compile(r"@"), re.compile(r"\d{8}"), re.compile(r"\d{6}[-+ ]?\d{4}"), re.compile(r"\+\d{2}\s?\d")]


class Failure(Exception):
    pass


def need(cond, line_no, what):
    if not cond:
        raise Failure(f"line {line_no}: {what}")


def keys_ok(obj, allowed, line_no, where):
    need(isinstance(obj, dict), line_no, f"{where}: expected an object")
    extra = set(obj) - allowed
    need(not extra, line_no, f"{where}: unexpected fields {sorted(extra)}")


def parse_ts(s, line_no, where):
    need(isinstance(s, str) and DATE_RE.match(s), line_no, f"{where}: not an ISO-8601 date: {s!r}")
    try:
        if "T" in s:
            return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").date()
        return datetime.date.fromisoformat(s)
    except ValueError:
        raise Failure(f"line {line_no}: {where}: impossible date {s!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("export")
    ap.add_argument("--manifest")
    args = ap.parse_args()

    c = collections.Counter()
    sizes = []
    answers = {f: collections.Counter() for f in sorted(SELF_ID_KEYS)}
    genders = collections.Counter()
    reached = collections.Counter()
    reasons = collections.Counter()
    rep_types = collections.Counter()
    round_ids = set()
    units_with_records = set()
    planted = {}
    if args.manifest:
        with open(args.manifest) as f:
            man = json.load(f)
        planted = {u["org_unit"]: u for u in man["planted_units"]}
    # Per planted unit: [focal qualified, focal invited, other qualified, other invited]
    effect = collections.defaultdict(lambda: [0, 0, 0, 0])
    # The same for immigrant background in units without a planted disparity:
    # there the rates should be equal.
    baseline = [0, 0, 0, 0]

    with open(args.export, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            for rx in PII_RES:
                need(not rx.search(line), line_no, f"looks like a direct identifier ({rx.pattern})")
            rec = json.loads(line)
            kind = rec.get("kind")
            need(rec.get("schema") == 1, line_no, "schema must be 1")
            if kind == "unit":
                keys_ok(rec, UNIT_KEYS, line_no, "unit")
                units_with_records.add(rec["org_unit"])
                for m in rec.get("meetings", []):
                    parse_ts(m["at"], line_no, "meetings[].at")
                c["unit records"] += 1
                continue
            if kind == "measures":
                keys_ok(rec, MEASURES_KEYS, line_no, "measures")
                c["measures records"] += 1
                continue
            need(kind == "round", line_no, f"unknown kind {kind!r}")
            keys_ok(rec, ROUND_KEYS, line_no, "round")
            need(rec["round_id"] not in round_ids, line_no, "duplicate round_id")
            round_ids.add(rec["round_id"])
            need(rec["jurisdiction"] in JURISDICTIONS, line_no, "jurisdiction")
            keys_ok(rec["position"], POSITION_KEYS, line_no, "position")
            dates = {k: parse_ts(rec[k], line_no, k) if rec.get(k) else None
                     for k in ("advertised_at", "closes_at", "requirements_documented_at", "recommendation_at",
                               "decision_at")}
            need(dates["advertised_at"] and dates["closes_at"] and dates["advertised_at"] < dates["closes_at"],
                 line_no, "advertised_at before closes_at")
            c["rounds"] += 1
            if dates["decision_at"] is None:
                c["rounds without decision (in progress or cancelled)"] += 1
            elif dates["recommendation_at"] is None:
                c["gap: decided without a recommendation date"] += 1
            elif dates["decision_at"] < dates["recommendation_at"]:
                c["gap: decision before recommendation"] += 1
            elif dates["decision_at"] == dates["recommendation_at"]:
                c["gap: decision on the day of the recommendation"] += 1
            if dates["requirements_documented_at"] is None:
                c["gap: requirements not documented"] += 1
            elif dates["requirements_documented_at"] > dates["advertised_at"]:
                c["gap: requirements documented after advertising"] += 1
            if rec.get("decision_reason"):
                c["decision_reason: " + rec["decision_reason"]] += 1
            if rec["position"]["reserved_for"]:
                c["reserved positions"] += 1

            apps = rec["applicants"]
            sizes.append(len(apps))
            ids = set()
            unit = rec["org_unit"]
            p = planted.get(unit)
            hired_without_interview = False
            out_of_order = False
            for a in apps:
                keys_ok(a, APPLICANT_KEYS, line_no, "applicant")
                need(ID_RE.match(a["id"]), line_no, "applicant id is not a-<6 hex>")
                need(a["id"] not in ids, line_no, "duplicate applicant id")
                ids.add(a["id"])
                need(a["gender"] in GENDERS, line_no, "gender")
                genders[a["gender"]] += 1
                keys_ok(a["self_id"], SELF_ID_KEYS, line_no, "self_id")
                for k, val in a["self_id"].items():
                    need(val in ANSWERS, line_no, f"self_id.{k}")
                    answers[k][val] += 1
                keys_ok(a["assessment"], ASSESSMENT_KEYS, line_no, "assessment")
                need(a["assessment"]["outcome"] in OUTCOMES, line_no, "outcome")
                prev = None
                types = set()
                for e in a["events"]:
                    keys_ok(e, EVENT_KEYS, line_no, "event")
                    need(e["type"] in STAGES, line_no, "event type")
                    at = parse_ts(e["at"], line_no, "events[].at")
                    if prev and at < prev:
                        out_of_order = True
                    prev = at
                    types.add(e["type"])
                    if e["type"] in ("rejected", "withdrawn"):
                        reasons[(e["type"], e.get("reason_code", "(none)"))] += 1
                for s in types:
                    reached[s] += 1
                if "hired" in types and "interview_held" not in types:
                    hired_without_interview = True
                if not p and a["assessment"]["outcome"] == "qualified" and "screened" in types and \
                        a["self_id"]["immigrant_background"] in ("yes", "no"):
                    slot = 0 if a["self_id"]["immigrant_background"] == "yes" else 2
                    baseline[slot] += 1
                    baseline[slot + 1] += "interview_invited" in types
                if p and a["assessment"]["outcome"] == "qualified" and "screened" in types:
                    if p["attribute"] == "gender":
                        focal = a["gender"] == p["group"]
                    else:
                        focal = a["self_id"][p["attribute"]] == "yes"
                    slot = 0 if focal else 2
                    effect[unit][slot] += 1
                    effect[unit][slot + 1] += "interview_invited" in types
            if hired_without_interview:
                c["gap: hired without interview"] += 1
            if out_of_order:
                c["gap: applicant events out of date order"] += 1
            for iv in rec["interviews"]:
                keys_ok(iv, INTERVIEW_KEYS, line_no, "interview")
                need(iv["applicant"] in ids, line_no, "interview of an unknown applicant")
                parse_ts(iv["at"], line_no, "interviews[].at")
                for m in iv["panel"]:
                    keys_ok(m, PANEL_KEYS, line_no, "panel member")
                    need(m["gender"] in GENDERS, line_no, "panel gender")
            rep = rec["representative"]
            if rep is None:
                c["representative: none"] += 1
            else:
                keys_ok(rep, REP_KEYS, line_no, "representative")
                c["representative: appointed" if rep["appointed"] else "representative: not appointed"] += 1
                for e in rep["events"]:
                    keys_ok(e, REP_EVENT_KEYS, line_no, "representative event")
                    need(e["type"] in REP_EVENTS, line_no, "representative event type")
                    parse_ts(e["at"], line_no, "representative.events[].at")
                    rep_types[e["type"]] += 1
                if rep["appointed"] and rep["events"]:
                    first_iv = min((parse_ts(iv["at"], line_no, "") for iv in rec["interviews"]), default=None)
                    inv = [parse_ts(e["at"], line_no, "") for e in rep["events"] if e["type"] == "invited"]
                    if first_iv and inv and inv[0] > first_iv:
                        c["gap: representative invited after the first interview"] += 1
            for d in rec["documents"]:
                keys_ok(d, DOC_KEYS, line_no, "document")
                c["document: " + d["type"]] += 1

    total_apps = sum(sizes)
    n = len(sizes)
    print(f"OK: {c['rounds']} rounds, {total_apps} applications, {c['unit records']} unit records, "
          f"{c['measures records']} measures records; all ids unique, all fields and words as in docs/input-format.md")
    if n:
        s = sorted(sizes)
        print(f"applications per round: median {s[n // 2]}, mean {total_apps / n:.1f}, max {s[-1]}; "
              f"5-60: {sum(5 <= x <= 60 for x in s) / n:.1%}, <5: {sum(x < 5 for x in s) / n:.1%}, "
              f">60: {sum(x > 60 for x in s) / n:.1%}, >=200: {sum(x >= 200 for x in s) / n:.2%}")
    print("gender:", ", ".join(f"{k} {v / total_apps:.1%}" for k, v in genders.most_common()))
    for field, cnt in answers.items():
        tot = sum(cnt.values())
        print(f"self_id.{field}:", ", ".join(f"{k} {v / tot:.1%}" for k, v in cnt.most_common()))
    print("stage reached (share of applications):",
          ", ".join(f"{s} {reached[s] / total_apps:.1%}" for s in STAGES))
    print("rejections/withdrawals by reason:",
          ", ".join(f"{t}:{r} {v}" for (t, r), v in sorted(reasons.items(), key=lambda kv: -kv[1])))
    print("representative events:", ", ".join(f"{k} {v}" for k, v in rep_types.most_common()))
    for k in sorted(c):
        if k.startswith(("gap", "representative", "document", "decision_reason", "rounds without", "reserved")):
            print(f"{k}: {c[k]} ({c[k] / max(1, c['rounds']):.2%} of rounds)")
    if planted:
        fq = sum(e[0] for e in effect.values())
        fi = sum(e[1] for e in effect.values())
        oq = sum(e[2] for e in effect.values())
        oi = sum(e[3] for e in effect.values())
        if fq and oq and oi:
            print(f"planted units ({len(planted)}): invitation rate among the qualified, planted group "
                  f"{fi}/{fq} = {fi / fq:.1%}, others {oi}/{oq} = {oi / oq:.1%}, impact ratio "
                  f"{(fi / fq) / (oi / oq):.2f}")
        fq, fi, oq, oi = baseline
        if fq and oq and oi:
            print(f"units without a planted disparity: invitation rate among the qualified, immigrant background "
                  f"yes {fi}/{fq} = {fi / fq:.1%}, no {oi}/{oq} = {oi / oq:.1%}, impact ratio "
                  f"{(fi / fq) / (oi / oq):.2f}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
