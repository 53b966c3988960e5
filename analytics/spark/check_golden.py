"""Runs analytics/contract/golden-vectors.json through windows_core with plain python3 and exits non-zero on the
first difference. The .NET test suite runs it (SparkCoreTests), so the PySpark job's core is held to the same contract
as the .NET job without Spark on this machine."""

import json
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import windows_core as core

root = Path(__file__).resolve().parents[2]
vectors = json.loads((root / "analytics" / "contract" / "golden-vectors.json").read_text(), parse_float=Decimal)
expected = vectors["expected"]
failures = []


def check(what, wanted, got):
    if wanted != got:
        failures.append(f"{what}: expected {wanted!r}, got {got!r}")


rules = core.OpenWindows(timedelta(seconds=vectors["grace_seconds"]))
outcomes, reasons, windows, hours, days = {}, [], [], [], []


def collect(closing):
    closed_windows, closed_hours, closed_days = closing
    windows.extend(w.result() for w in closed_windows)
    hours.extend(closed_hours)
    days.extend(closed_days)


for arrival in vectors["arrivals"]:
    raw = arrival.get("raw")
    value = raw.encode("utf-8") if raw is not None else json.dumps(arrival["event"], default=str).encode("utf-8")
    event, reason = core.read_event(value)
    if event is None:
        reasons.append(reason)
        outcomes["dead_letter"] = outcomes.get("dead_letter", 0) + 1
        continue
    outcome = rules.add(event)
    outcomes[outcome] = outcomes.get(outcome, 0) + 1
    collect(rules.advance_to(event["occurred_at"]))
collect(rules.close_quiet(datetime.now(timezone.utc)))

check("outcomes", expected["outcomes"], outcomes)
check("dead-letter reasons", len(expected["dead_letter_reasons"]), len(reasons))
for wanted, got in zip(expected["dead_letter_reasons"], reasons):
    check("dead-letter reason", True, got.startswith(wanted))
check("closed hours", expected["closed_hours"], [core.hour_name(h) for h in hours])
check("closed days", expected["closed_days"], [core.day_name(d) for d in days])


def comparable(window):
    return {k: (v.strftime("%Y-%m-%dT%H:%M:%S+00:00") if isinstance(v, datetime) else v) for k, v in window.items()}


check("window ids", [w["window_id"] for w in expected["windows"]], [w["window_id"] for w in windows])
for wanted, got in zip(expected["windows"], windows):
    check(f"window {wanted['window_id']}", wanted, json.loads(core.to_json(comparable(got)), parse_float=Decimal))

files = {}
for hour in hours:
    key, document = core.unique_users_file(hour, [w for w in windows if core.floor(w["window_start"], core.HOUR) == hour])
    files[key] = document
for day in days:
    for key, content in core.daily_files(day, [w for w in windows if core.floor(w["window_start"], core.DAY) == day]):
        files[key] = content
check("export keys", sorted(e["key"] for e in expected["exports"]), sorted(files))
for export in expected["exports"]:
    got = files.get(export["key"])
    if "csv" in export:
        check(export["key"], export["csv"], got)
    else:
        check(export["key"], export["json"], json.loads(core.to_json(got), parse_float=Decimal))

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"golden vectors: {len(vectors['arrivals'])} arrivals, {len(windows)} windows, {len(files)} export files: all as expected")
