import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from honbu.core.models import AuditEvent
from honbu.incidents.models import Report
from tests.incidents.factories import make_report

PAYLOAD = {"title": "Hiring AI rejected every applicant over 50",
           "description": "Our recruitment screening tool scored all applicants over 50 below the cut-off.",
           "harms": ["discrimination"], "severity": "significant", "source_urls": ["https://example.jp/a"],
           "submission_key": "api-1"}


def post(client, body):
    return client.post("/api/v1/incidents/reports", json.dumps(body), content_type="application/json")


def test_api_report_is_created_once_per_key(admin_a, as_user):
    client = as_user(admin_a)
    first = post(client, PAYLOAD)
    again = post(client, PAYLOAD)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["receipt_code"] == again.json()["receipt_code"]
    assert first.json()["harms"] == ["discrimination"] and first.json()["similar"] == []
    report = Report.objects.get()
    assert (report.channel, report.submitter_organisation) == ("api", admin_a.organisation)


def test_api_staff_get_similar_reports_at_intake(hq_analyst, as_user):
    earlier = make_report(title="Hiring AI rejected applicants over 50",
                          description="A screening tool scored all applicants over 50 below the cut-off.",
                          harms=["discrimination"], source_urls=["https://example.jp/a"])
    body = post(as_user(hq_analyst), PAYLOAD).json()
    assert body["similar"][0]["id"] == earlier.pk
    assert "same URL" in body["similar"][0]["reasons"]


@pytest.mark.parametrize("change, status, field", [
    ({"title": " "}, 400, "title"),
    ({"description": "x" * 10_001}, 422, "description"),
    ({"harms": ["volcano"]}, 400, "harms"),
    ({"source_urls": ["ftp://x"]}, 400, "source_urls"),
    ({"organisation_id": 999999}, 400, "organisation_id"),
    ({"system_id": 999999}, 400, "system_id"),
])
def test_api_bad_input_is_refused_with_fields(admin_a, as_user, change, status, field):
    response = post(as_user(admin_a), {**PAYLOAD, **change})
    assert response.status_code == status
    assert field in response.json()["error"]["fields"]
    assert Report.objects.count() == 0


def test_api_lists_only_visible_reports(admin_a, admin_b, hq_analyst, as_user, django_assert_max_num_queries):
    mine = make_report(by=admin_a, channel="api")
    make_report(by=admin_b, channel="api")
    make_report()
    client = as_user(admin_a)
    with django_assert_max_num_queries(6):
        items = client.get("/api/v1/incidents/reports").json()["items"]
    assert [item["id"] for item in items] == [mine.pk]
    assert as_user(hq_analyst).get("/api/v1/incidents/reports").json()["count"] == 3
    other = Report.objects.exclude(submitter_organisation=admin_a.organisation).first()
    assert as_user(admin_a).get(f"/api/v1/incidents/reports/{other.pk}").status_code == 404


def test_api_oecd_export_keeps_text_as_data(hq_analyst, as_user):
    report = make_report(title="<b>bold</b>", severity="serious", harms=["deepfake", "privacy"])
    body = as_user(hq_analyst).get(f"/api/v1/incidents/reports/{report.pk}/oecd").json()
    assert body["title"] == "<b>bold</b>" and body["severity"] == "serious AI incident"
    assert body["harm_types"] == ["human rights (privacy and data protection)", "reputational / human rights (likeness)"]


def test_api_needs_an_account_to_send(db, client):
    assert post(client, PAYLOAD).status_code == 401


def write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_import_jsonl_imports_all_rows(hq_analyst, tmp_path):
    path = write(tmp_path, "news.jsonl", [
        json.dumps({"title": "顔認証で誤認逮捕", "text": "顔認証システムの誤認識で男性が誤って逮捕された。",
                    "harms": ["discrimination"], "severity": "serious", "lang": "ja", "url": "https://n.example/1"},
                   ensure_ascii=False),
        json.dumps({"title": "Chatbot invented refund policy", "text": "An airline chatbot invented a policy.",
                    "harms": ["disinformation"], "severity": "minor", "lang": "en", "date": "2024-02-15"}),
    ])
    call_command("incidents", "import", str(path), by=hq_analyst.username)
    reports = Report.objects.order_by("pk")
    assert [(r.channel, r.language, r.submitted_by) for r in reports] == [("import", "ja", hq_analyst),
                                                                          ("import", "en", hq_analyst)]
    assert reports[0].url_list == ["https://n.example/1"] and str(reports[1].occurred_on) == "2024-02-15"


def test_import_csv_and_a_bad_row_imports_nothing(hq_analyst, tmp_path):
    good = write(tmp_path, "ok.csv", ["title,description,harms,severity,source_urls",
                                      'Deepfake ad,Face used in ad,"deepfake;fraud",significant,https://x.example/'])
    call_command("incidents", "import", str(good), by=hq_analyst.username)
    assert Report.objects.get().harm_list == ["deepfake", "fraud"]
    bad = write(tmp_path, "bad.csv", ["title,description,harms,severity",
                                      "Fine,Text,privacy,minor", ",No title,privacy,minor"])
    with pytest.raises(CommandError) as error:
        call_command("incidents", "import", str(bad), by=hq_analyst.username)
    assert "line 3" in str(error.value) and "nothing was imported" in str(error.value)
    assert Report.objects.count() == 1
    assert AuditEvent.objects.filter(action="report.submitted").count() == 1


def test_import_needs_an_hq_user(admin_a, tmp_path):
    path = write(tmp_path, "x.jsonl", [])
    with pytest.raises(CommandError):
        call_command("incidents", "import", str(path), by=admin_a.username)


def test_dedup_and_rank_commands_call_the_engine(tmp_path, capsys, db):
    path = write(tmp_path, "in.jsonl", [
        json.dumps({"id": "a", "title": "Deepfake ad used Emma Watson's face", "text": "", "date": "2023-03-07",
                    "lang": "en"}),
        json.dumps({"id": "b", "title": "Deepfake app ads showed Emma Watson", "text": "", "date": "2023-03-08",
                    "lang": "en"}),
        json.dumps({"id": "c", "title": "Robot vacuum maps homes", "text": "", "date": "2020-01-01", "lang": "en"}),
    ])
    call_command("incidents", "rank", str(path), k=1)
    ranked = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert ranked[0] == {"id": "a", "candidates": ["b"]}
    call_command("incidents", "dedup", str(path))
    clusters = {row["id"]: row["cluster"] for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert clusters["a"] == clusters["b"] != clusters["c"]
    with pytest.raises(CommandError):
        call_command("incidents", "rank", str(tmp_path / "missing.jsonl"))
