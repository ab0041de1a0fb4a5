"""Rulebook speed: assess varied, realistic profiles under both jurisdictions and print the figures.

    .venv/bin/python bench/rulebook_speed.py [--profiles 20000] [--seed 1] [--repeat 5]

Not a test.  It prints µs per profile and profiles per second, as CPU time of this process
(``time.process_time``: what one core spends, whatever else runs on a shared machine) and as wall
time, best and median of ``--repeat`` runs:

* ``assess``: the engine alone (``assess(profile, as_of=...)``, both jurisdictions), as in a
  re-assessment of already validated profiles; then with ``profile.validate`` in front.
* ``batch``: ``honbu assess --batch IN.jsonl`` end to end (``cli.assess_main``, the code behind the
  command: read and parse each JSON line, validate it against the profile schema, assess it under
  both jurisdictions, encode it and write one JSON line to a file), then where that time goes.  The
  parts are measured as the batch runs them, line after line with nothing kept: parse alone, then
  parse + validate, and so on, each part being the difference between two such runs (timing each
  part over all the profiles kept in memory would add the garbage collector's work on them).
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
from honbu.rulebook.cli import _parse, _read, assess_main  # noqa: E402
from honbu.rulebook.engine import encode  # noqa: E402
from honbu.rulebook.profile import validate  # noqa: E402

BASE = yaml.safe_load((Path(__file__).resolve().parents[1] / "honbu/rulebook/jurisdictions/base-profile.yaml").read_text())
NO_DEROGATION = {"narrow_procedural_task": False, "improves_completed_human_activity": False,
                 "detects_patterns_with_human_review": False, "preparatory_task": False}
POINTS = ["1(a)", "1(c)", "2", "3(a)", "3(b)", "4(a)", "4(b)", "5(a)", "5(b)", "5(c)", "5(d)", "6(d)", "7(c)", "8(a)", "8(b)"]
ANNEX_I = ["medical_devices", "machinery", "toys", "motor_vehicles", "lifts", "radio_equipment"]
DATES = ["2025-03-01", "2026-03-01", "2026-09-01", "2027-06-01", "2028-09-01"]
SYSTEMS = [("カスタマーサポートAI", "問い合わせへの一次回答を生成し、担当者に引き継ぐ。"),
           ("採用書類スクリーニング", "応募書類を読み、面接に進める候補者を推薦する。"),
           ("与信スコアリング", "個人の返済能力を評価し、与信枠の判断を支援する。"),
           ("設備点検アシスタント", "点検画像から異常箇所を検出し、保守計画を提案する。"),
           ("汎用言語モデル", "様々な用途に組み込まれる汎用目的AIモデル。"),
           ("社内文書要約", "社内の会議記録と報告書を要約する。")]


def realistic_profile(rng: random.Random, number: int | None = None) -> dict:
    """Mostly ordinary systems: chatbots, generators, HR and credit tools, some products and models.
    With ``number``, the system is named (in Japanese, as registered) and so distinct from all others."""
    p = copy.deepcopy(BASE)
    if number is not None:
        name, purpose = rng.choice(SYSTEMS)
        p["system"].update(name=f"{name} 第{number}号", intended_purpose=purpose)
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


def steps(lines: list[str]):
    """The batch's steps as ``assess_main`` runs them, line after line with nothing kept, stopping
    after the first 1, 2, 3 or 4 of them: parse (``cli._parse``), validate (``cli._read``: parse,
    validate, and read a line again with json.loads where orjson may have read a number inexactly),
    assess, encode."""
    def upto(count: int):
        def work():
            for line in lines:
                if count == 1:
                    _parse(line)
                    continue
                data, errors = _read(line)
                if errors:
                    raise SystemExit("generated profile is invalid")
                if count > 2:
                    result = assess(data, as_of=BATCH_DATE)
                    if count > 3:
                        encode(result)
        return work
    return [upto(count) for count in (1, 2, 3, 4)]


def measure(n: int, work, repeat: int) -> tuple[float, float, float, float]:
    """CPU seconds per profile (best, median) and wall seconds per profile (best, median)."""
    runs = sorted(timed(work) for _ in range(repeat))
    cpus = sorted(cpu for _, cpu in runs)
    return cpus[0] / n, cpus[len(cpus) // 2] / n, runs[0][0] / n, runs[len(runs) // 2][0] / n


def report(label: str, n: int, work, repeat: int) -> float:
    best_cpu, median_cpu, best_wall, median_wall = measure(n, work, repeat)
    print(f"  {label:<26} CPU best {best_cpu * 1e6:6.1f} µs/profile ({1 / best_cpu:6.0f}/s), "
          f"median {median_cpu * 1e6:6.1f} µs | wall best {best_wall * 1e6:6.1f} µs ({1 / best_wall:6.0f}/s), "
          f"median {median_wall * 1e6:6.1f} µs")
    return best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; best and median are printed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    profiles = [realistic_profile(rng, number) for number in range(1, args.profiles + 1)]
    dates = [rng.choice(DATES) for _ in profiles]
    n = len(profiles)
    engine(profiles[:500], dates[:500], validated=True)()     # warm the per-date law snapshots and the validator
    lines = [json.dumps(p, ensure_ascii=False) for p in profiles]
    if len(set(lines)) != n:
        raise SystemExit("the generated profiles are not all distinct")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
        fh.write("\n".join(lines) + "\n")
    out_bytes = sum(len(encode(assess(json.loads(line), as_of=BATCH_DATE))) + 1 for line in lines[:1000]) / min(n, 1000)

    # a calibration loop: how fast this core runs plain Python right now (shared machines vary a lot)
    c0 = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i
    calibration_ns = (time.process_time() - c0) * 1000

    print(f"rulebook speed: {n} distinct profiles x {args.repeat} runs, both jurisdictions (EU + JP) per profile, one core")
    print(f"python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"calibration {calibration_ns:.0f} ns per plain loop iteration (about 25 on an idle core)")
    print("assess (dates mixed over 2025-2028):")
    report("engine", n, engine(profiles, dates, validated=False), args.repeat)
    report("validate + engine", n, engine(profiles, dates, validated=True), args.repeat)
    print(f"batch (honbu assess --batch IN.jsonl --as-of {BATCH_DATE}, {os.path.getsize(fh.name) / n:.0f} bytes in, "
          f"{out_bytes:.0f} bytes out per profile):")
    del profiles, dates          # the batch keeps nothing either
    try:
        end_to_end = report("end to end", n, batch(fh.name), args.repeat)
    finally:
        os.unlink(fh.name)
    cumulative = [measure(n, work, args.repeat)[0] for work in steps(lines)] + [end_to_end]
    parts = [cumulative[0]] + [after - before for before, after in zip(cumulative, cumulative[1:])]
    names = ["parse", "validate", "assess", "encode", "read + write"]
    print("  where the time goes (best CPU; each part is the difference between runs stopping after it and before it):")
    print("    " + ", ".join(f"{name} {part * 1e6:.1f}" for name, part in zip(names, parts)) + " µs/profile")
    print(f"target >= 10,000 profiles/s end to end on one core: {1 / end_to_end:,.0f}/s, "
          f"{'met' if end_to_end <= 1e-4 else 'NOT met'}")


if __name__ == "__main__":
    main()
