import io
import json

from honbu.similarity.cli import dedup_main, rank_main

REPORTS = [
    {"id": "tesla-en", "title": "Sudden Braking by Tesla Allegedly on Self-Driving Mode Caused Multi-Car Pileup in Tunnel",
     "text": "", "date": "2022-11-24", "lang": "en"},
    {"id": "tesla-ja", "title": "テスラの自動運転中に急ブレーキ、トンネルで8台の玉突き事故", "text": "", "date": "2022-11-24", "lang": "ja"},
    {"id": "blenderbot", "title": "Meta’s BlenderBot 3 Chatbot Demo Made Offensive Antisemitic Comments",
     "text": "", "date": "2022-08-07", "lang": "en", "url": "https://example.org/blenderbot"},
]


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows), encoding="utf-8")
    return path


def run(main, argv):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(argv, stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_dedup_writes_one_cluster_line_per_report(tmp_path):
    code, out, err = run(dedup_main, [str(write_jsonl(tmp_path / "in.jsonl", REPORTS))])

    assert (code, err) == (0, "")
    assert [json.loads(line) for line in out.splitlines()] == [
        {"id": "tesla-en", "cluster": "tesla-en"},
        {"id": "tesla-ja", "cluster": "tesla-en"},
        {"id": "blenderbot", "cluster": "blenderbot"},
    ]


def test_rank_writes_candidates_best_first_to_a_file(tmp_path):
    out_file = tmp_path / "ranked.jsonl"

    code, out, err = run(rank_main, [str(write_jsonl(tmp_path / "in.jsonl", REPORTS)), "--k", "5", "--out", str(out_file)])

    assert (code, out, err) == (0, "", "")
    rows = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["tesla-en", "tesla-ja", "blenderbot"]
    assert rows[0]["candidates"][0] == "tesla-ja"
    assert rows[1]["candidates"][0] == "tesla-en"


def test_bad_json_line_is_reported_with_its_number(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [REPORTS[0], "{not json", REPORTS[2]])

    code, out, err = run(dedup_main, [str(path)])

    assert (code, out) == (1, "")
    assert err.startswith(f"error: {path}:2: Expecting property name")


def test_report_without_text_or_title_is_refused(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [REPORTS[0], {"id": "empty", "title": "", "text": " "}])

    assert run(rank_main, [str(path)]) == (1, "", f'error: {path}:2: "title" and "text" are both empty\n')


def test_bad_date_and_duplicate_id_are_refused(tmp_path):
    bad_date = write_jsonl(tmp_path / "date.jsonl", [{**REPORTS[0], "date": "24/11/2022"}])
    duplicate = write_jsonl(tmp_path / "dup.jsonl", [REPORTS[0], REPORTS[0]])

    assert run(rank_main, [str(bad_date)]) == (1, "", f"error: {bad_date}:1: \"date\" is not an ISO date: '24/11/2022'\n")
    assert run(dedup_main, [str(duplicate)]) == (1, "", f"error: {duplicate}:2: duplicate id 'tesla-en'\n")


def test_missing_input_argument_prints_usage(tmp_path):
    code, out, err = run(rank_main, [])

    assert code == 2
    assert "usage: honbu incidents rank" in err
