"""The CLI functions the lead wires into ``honbu assess`` and ``honbu profile``."""
import io
import json

import yaml

from honbu.rulebook import assess
from honbu.rulebook.cli import _read, assess_main, profile_main

from .conftest import with_answers


def run(main, argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, name, profile):
    path = tmp_path / name
    path.write_text(json.dumps(profile) if name.endswith(".json") else yaml.safe_dump(profile, allow_unicode=True),
                    encoding="utf-8")
    return str(path)


def test_assess_json_prints_one_report(tmp_path):
    path = write(tmp_path, "p.yaml", with_answers({"annex_iii": {"areas": ["4"], "points": ["4(a)"]},
                                                   "derogation": {"narrow_procedural_task": False, "improves_completed_human_activity": False,
                                                                  "detects_patterns_with_human_review": False, "preparatory_task": False}}))
    code, out, err = run(assess_main, [path, "--as-of", "2026-09-01"])
    report = json.loads(out)
    assert (code, err, report["eu"]["tier"], report["as_of"]) == (0, "", "high", "2026-09-01")


def test_assess_md_is_bilingual(tmp_path, base):
    code, out, _ = run(assess_main, [write(tmp_path, "p.json", base), "--as-of", "2026-09-01", "--format", "md"])
    assert (code, "**Risk tier / リスク区分:** Minimal risk / 最小リスク" in out, "## Japan / 日本" in out) == (0, True, True)


def test_assess_invalid_profile_names_each_bad_field_and_fails(tmp_path):
    path = write(tmp_path, "bad.json", with_answers({"system": {"autonomy": "yes"}, "annex_iii": {"areas": ["9"]}}))
    code, out, err = run(assess_main, [path, "--as-of", "2026-09-01"])
    assert (code, out, err.splitlines()[1:]) == (1, "", ["annex_iii.areas.0: '9' is not one of: 1, 2, 3, 4, 5, 6, 7, 8.",
                                                        "system.autonomy: Expected boolean, got 'yes'."])


def test_assess_refuses_date_outside_the_law(tmp_path, base):
    code, out, err = run(assess_main, [write(tmp_path, "p.json", base), "--as-of", "2023-01-01"])
    assert (code, out, err) == (2, "", "honbu assess: eu: as_of 2023-01-01 is outside the encoded law "
                                       "(covered range 2024-08-01 to 2030-12-31).\n")


def test_assess_batch_writes_one_line_per_profile_and_fails_at_the_end(tmp_path, base):
    bad = with_answers({"system": {"subject": "robot"}})
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([json.dumps(base), json.dumps(bad), "not json", json.dumps(base)]) + "\n", encoding="utf-8")
    code, out, err = run(assess_main, ["--batch", str(path), "--as-of", "2026-09-01"])
    lines = [json.loads(line) for line in out.splitlines()]
    assert ([sorted(line) for line in lines], code, err) == (
        [["as_of", "eu", "jp", "rulebook_version"], ["error"], ["error"], ["as_of", "eu", "jp", "rulebook_version"]],
        1, "honbu assess: 2 profile(s) could not be assessed.\n")
    assert [e["path"] for e in lines[1]["error"]["errors"]] == ["system.subject"]


def test_assess_batch_all_valid_exits_zero(tmp_path, base):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(base) + "\n", encoding="utf-8")
    assert run(assess_main, ["--batch", str(path), "--as-of", "2026-09-01"])[0] == 0


HIGH_RISK = {"annex_iii": {"areas": ["4"], "points": ["4(a)"]}, "role": {"eu_roles": ["provider", "deployer"]},
             "derogation": {"narrow_procedural_task": False, "improves_completed_human_activity": False,
                            "detects_patterns_with_human_review": False, "preparatory_task": False, "profiling": True}}
SYSTEMIC_MODEL = {"system": {"subject": "gpai_model"},
                  "gpai": {"provides_gpai_model": True, "training_compute_flop": 5e25, "commission_designated": False,
                           "open_weights": False, "licence": "proprietary", "placed_on_market_before_2025_08_02": False}}


def test_assess_batch_line_is_the_assess_result_as_compact_json(tmp_path, base):
    profiles = [base, with_answers(HIGH_RISK), with_answers(SYSTEMIC_MODEL),
                with_answers({"system": {"name": "採用書類スクリーニング", "subject": "ai_system"}}, base=False)]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in profiles), encoding="utf-8")
    code, out, err = run(assess_main, ["--batch", str(path), "--as-of", "2027-12-02"])
    expected = [json.dumps(assess(p, as_of="2027-12-02"), ensure_ascii=False) for p in profiles]
    assert (code, err, out.splitlines()) == (0, "", expected)


def test_assess_batch_to_a_file_writes_the_same_utf8_lines(tmp_path, base):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(with_answers(HIGH_RISK)) + "\n" + json.dumps(base) + "\n", encoding="utf-8")
    with (tmp_path / "out.jsonl").open("w", encoding="utf-8") as stdout:
        stdout.write("# results\n")
        code = assess_main(["--batch", str(path), "--as-of", "2026-09-01"], stdout, io.StringIO())
    written = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert (code, written) == (0, "# results\n" + run(assess_main, ["--batch", str(path), "--as-of", "2026-09-01"])[1])
    assert "AIリテラシー" in json.loads(written.splitlines()[1])["eu"]["obligations"][0]["text"]["ja"]


def test_assess_batch_reads_a_flop_count_written_as_a_whole_number_beyond_64_bits(tmp_path):
    model = with_answers(SYSTEMIC_MODEL)
    model["gpai"]["training_compute_flop"] = 3 * 10**25       # 30000000000000000000000000, as a registry may export it
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(model) + "\n", encoding="utf-8")
    code, out, _ = run(assess_main, ["--batch", str(path), "--as-of", "2026-09-01"])
    assert (code, json.loads(out)["eu"]["gpai"]) == (0, "gpai_systemic")
    read, errors = _read(path.read_text(encoding="utf-8").strip())  # kept exact, not rounded to a float
    assert (errors, read["gpai"]["training_compute_flop"]) == ([], 3 * 10**25)
    assert type(read["gpai"]["training_compute_flop"]) is int


def test_assess_batch_skips_blank_lines_and_counts_them_in_line_numbers(tmp_path, base):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([json.dumps(base), "", "   ", "{\"system\": ", json.dumps(base)]) + "\n", encoding="utf-8")
    code, out, err = run(assess_main, ["--batch", str(path), "--as-of", "2026-09-01"])
    lines = [json.loads(line) for line in out.splitlines()]
    assert ([sorted(line) for line in lines], lines[1]["error"]["line"], lines[1]["error"]["message"][:9], code) == (
        [["as_of", "eu", "jp", "rulebook_version"], ["error"], ["as_of", "eu", "jp", "rulebook_version"]], 4, "not JSON:", 1)


def test_profile_schema_prints_the_schema():
    code, out, _ = run(profile_main, ["schema"])
    assert (code, json.loads(out)["$id"].endswith("profile/v1")) == (0, True)


def test_profile_validate_one_line_per_bad_field(tmp_path):
    path = write(tmp_path, "bad.yaml", with_answers({"exclusions": {"military_defence_security_only": True},
                                                     "eu_nexus": {"civilian_use": True}}))
    code, out, _ = run(profile_main, ["validate", path, "--lang", "ja"])
    assert (code, out) == (1, "eu_nexus.civilian_use: 矛盾: 専ら軍事・防衛・国家安全保障用とされながら、民生用途もあるとされています（第2条(3)）。\n")


def test_profile_validate_valid_file(tmp_path, base):
    path = write(tmp_path, "ok.json", base)
    assert run(profile_main, ["validate", path]) == (0, f"{path}: valid\n", "")
