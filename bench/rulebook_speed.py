"""Rulebook speed: assess varied, realistic profiles under both jurisdictions and print the figures.

    .venv/bin/python bench/rulebook_speed.py [--profiles 20000] [--seed 1] [--repeat 5]

Not a test.  It prints µs per profile and profiles per second, as CPU time of this process
(``time.process_time``: what one core spends, whatever else runs on a shared machine) and as wall
time, best and median of ``--repeat`` runs:

* ``assess``: the engine alone (``assess(profile, as_of=...)``, both jurisdictions), as in a
  re-assessment of already validated profiles; then with ``profile.validate`` in front.
* ``batch``: ``honbu assess --batch IN.jsonl`` end to end (``cli.assess_main``: read and parse each
  JSON line, validate, assess, encode and write one JSON line to a file), and the same work split
  into its parts (parse, validate, assess, encode) so that one can see where the time goes.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from honbu.rulebook import assess  # noqa: E402
from honbu.rulebook.cli import assess_main  # noqa: E402
from honbu.rulebook.engine import encode  # noqa: E402
from honbu.rulebook.profile import validate  # noqa: E402

BASE = yaml.safe_load((Path(__file__).resolve().parents[1] / "honbu/rulebook/jurisdictions/base-profile.yaml").read_text())
NO_DEROGATION = {"narrow_procedural_task": False, "improves_completed_human_activity": False,
                 "detects_patterns_with_human_review": False, "preparatory_task": False}
POINTS = ["1(a)", "1(c)", "2", "3(a)", "3(b)", "4(a)", "4(b)", "5(a)", "5(b)", "5(c)", "5(d)", "6(d)", "7(c)", "8(a)", "8(b)"]
ANNEX_I = ["medical_devices", "machinery", "toys", "motor_vehicles", "lifts", "radio_equipment"]
DATES = ["2025-03-01", "2026-03-01", "2026-09-01", "2027-06-01", "2028-09-01"]


def realistic_profile(rng: random.Random) -> dict:
    """Mostly ordinary systems: chatbots, generators, HR and credit tools, some products and models."""
    p = copy.deepcopy(BASE)
    p["role"]["eu_roles"] = rng.choice([["provider"], ["deployer"], ["provider", "deployer"], ["importer"], ["distributor"]])
    p["eu_nexus"]["established_in_eu"] = rng.random() < 0.3
    kind = rng.random()
    if kind < 0.30:
        p["transparency"].update(interacts_with_people=True, ai_interaction_obvious=rng.random() < 0.3,
                                 generates_synthetic_content=rng.random() < 0.5, assistive_editing_only=False,
                                 placed_on_market_before_2026_08_02=rng.random() < 0.5)
    elif kind < 0.60:
        point = rng.choice(POINTS)
        p["annex_iii"] = {"areas": [point.split("(")[0]], "points": [point], "biometric_verification_only": False,
                          "fraud_detection_only": rng.random() < 0.2, "travel_document_verification_only": False,
                          "no_direct_exposure": False}
        p["derogation"] = dict(NO_DEROGATION, narrow_procedural_task=rng.random() < 0.2,
                               no_material_influence=rng.random() < 0.5, profiling=rng.random() < 0.5)
        p["transparency"]["law_enforcement_authorised"] = False
    elif kind < 0.70:
        p["annex_i"] = {"legislation": [rng.choice(ANNEX_I)], "safety_component": rng.random() < 0.8,
                        "third_party_conformity_assessment": rng.random() < 0.7,
                        "assistance_only_no_safety_risk": False, "third_party_only_for_non_safety_risks": False}
    elif kind < 0.80:
        p["system"]["subject"] = "gpai_model"
        open_weights = rng.random() < 0.4
        p["gpai"] = {"provides_gpai_model": True, "training_compute_flop": 10 ** rng.uniform(23, 26),
                     "commission_designated": False, "open_weights": open_weights,
                     "licence": "free_open_source" if open_weights else "proprietary",
                     "placed_on_market_before_2025_08_02": rng.random() < 0.3}
    elif kind < 0.83:
        p["prohibited"].update(emotion_inference=True, emotion_workplace_or_education=True,
                               emotion_medical_or_safety=rng.random() < 0.5)
    p["japan"] = {"actor_status": rng.choice([["utilising_business"], ["rd_institution"], ["rd_institution", "utilising_business"],
                                              ["local_government"], ["other"]]),
                  "meti_roles": rng.sample(["developer", "provider", "business_user"], rng.randint(1, 3)),
                  "advanced_ai": rng.random() < 0.1, "personal_data": rng.random() < 0.5,
                  "rights_sensitive_domains": rng.sample(["employment", "credit", "healthcare", "elections"], rng.randint(0, 2))}
    if p["japan"]["actor_status"] == ["local_government"]:
        p["japan"]["meti_roles"] = None
    return p


BATCH_DATE = "2026-09-01"


def timed(work) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - t0, time.process_time() - c0


def engine(profiles, dates, *, validated: bool):
    def work():
        for profile, day in zip(profiles, dates):
            if validated and validate(profile):
                raise SystemExit("generated profile is invalid")
            assess(profile, as_of=day)
    return work


def batch(path: str):
    def work():
        with open(os.devnull, "w", encoding="utf-8") as sink, open(os.devnull, "w", encoding="utf-8") as errors:
            if assess_main(["--batch", path, "--as-of", BATCH_DATE], sink, errors) != 0:
                raise SystemExit("batch failed")
    return work


def report(label: str, n: int, work, repeat: int) -> float:
    runs = sorted(timed(work) for _ in range(repeat))
    best_wall, median_wall = runs[0][0], runs[len(runs) // 2][0]
    cpus = sorted(cpu for _, cpu in runs)
    best_cpu, median_cpu = cpus[0], cpus[len(cpus) // 2]
    print(f"  {label:<26} CPU best {best_cpu / n * 1e6:6.1f} µs/profile ({n / best_cpu:6.0f}/s), "
          f"median {median_cpu / n * 1e6:6.1f} µs | wall best {best_wall / n * 1e6:6.1f} µs ({n / best_wall:6.0f}/s), "
          f"median {median_wall / n * 1e6:6.1f} µs")
    return best_cpu / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; best and median are printed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    profiles = [realistic_profile(rng) for _ in range(args.profiles)]
    dates = [rng.choice(DATES) for _ in profiles]
    n = len(profiles)
    engine(profiles[:500], dates[:500], validated=True)()     # warm the per-date law snapshots and the validator
    lines = [json.dumps(p, ensure_ascii=False) for p in profiles]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
        fh.write("\n".join(lines) + "\n")
    parsed = [json.loads(line) for line in lines]
    results = [assess(p, as_of=BATCH_DATE) for p in parsed]

    # a calibration loop: how fast this core runs plain Python right now (shared machines vary a lot)
    c0 = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i
    calibration_ns = (time.process_time() - c0) * 1000

    print(f"rulebook speed: {n} profiles x {args.repeat} runs, both jurisdictions (EU + JP) per profile, one core")
    print(f"python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"calibration {calibration_ns:.0f} ns per plain loop iteration (about 25 on an idle core)")
    print("assess (dates mixed over 2025-2028):")
    report("engine", n, engine(profiles, dates, validated=False), args.repeat)
    report("validate + engine", n, engine(profiles, dates, validated=True), args.repeat)
    print(f"batch (honbu assess --batch, as of {BATCH_DATE}, {os.path.getsize(fh.name) / n:.0f} bytes in, "
          f"{sum(len(encode(r)) for r in results[:1000]) / min(n, 1000):.0f} bytes out per profile):")
    try:
        report("end to end", n, batch(fh.name), args.repeat)
    finally:
        os.unlink(fh.name)
    report("  parse (json.loads)", n, lambda: [json.loads(line) for line in lines], args.repeat)
    report("  validate", n, lambda: [validate(p) for p in parsed], args.repeat)
    report("  assess", n, lambda: [assess(p, as_of=BATCH_DATE) for p in parsed], args.repeat)
    report("  encode (engine.encode)", n, lambda: [encode(r) for r in results], args.repeat)


if __name__ == "__main__":
    main()
