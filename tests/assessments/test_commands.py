"""`honbu assess` and `honbu profile` reach the rulebook's CLI through the honbu command."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROFILE = Path(__file__).parent / "profiles" / "hiring-screening.yaml"


def honbu(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "HONBU_DATA_DIR": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "honbu", *args], capture_output=True, text=True, env=env, timeout=60)


def test_assess_prints_a_json_report(tmp_path):
    result = honbu("assess", str(PROFILE), "--as-of", "2026-11-29", "--format", "json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["eu"]["tier"], report["as_of"]) == ("high", "2026-11-29")


def test_assess_batch_writes_one_line_per_profile(tmp_path):
    import yaml

    profile = yaml.safe_load(PROFILE.read_text())
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps(profile, ensure_ascii=False) + "\n" + json.dumps({**profile, "gpai": {"provides_gpai_model": False}}) + "\n")
    result = honbu("assess", "--batch", str(batch), "--as-of", "2026-11-29", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["eu"]["tier"] for line in result.stdout.splitlines()] == ["high", "high"]


def test_profile_validate_names_each_bad_field_and_fails(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"system": {"subject": "robot"}, "annex_iii": {"areas": ["9"]}}))
    result = honbu("profile", "validate", str(bad), tmp_path=tmp_path)
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.strip().splitlines()] == ["annex_iii.areas.0", "system.subject"]
