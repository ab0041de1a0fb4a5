"""Checking a profile without registering: the web page and POST /api/v1/assessments."""

import json
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

PROFILES = Path(__file__).parent / "profiles"
HIRING = (PROFILES / "hiring-screening.yaml").read_text()


def test_hiring_screening_is_high_risk_side_by_side_in_japanese(client, db):
    response = client.post("/assessments/check/", {"profile": HIRING, "as_of": "2026-11-29"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    report = response.context["report"]
    assert (report["eu"].tier, report["eu"].gpai) == ("high", None)
    body = response.content.decode()
    assert "高リスクAIシステム" in body
    assert "2027年12月2日から適用" in body  # Art 9 risk management under the amended timeline
    assert 'href="/laws/eu-ai-act-2026/annex-III/#p4"' in body
    assert 'href="/laws/jp-ai-promotion-act/art-7/"' in body


def test_report_lists_upcoming_obligations_in_date_order(client, db):
    response = client.post("/assessments/check/", {"profile": HIRING, "as_of": "2026-11-29"}, HTTP_ACCEPT_LANGUAGE="en")
    dates = [o.applies_from.isoformat() for o in response.context["report"]["eu"].obligations]
    assert dates == sorted(dates)
    assert [o.citation for o in response.context["report"]["eu"].obligations if o.in_effect] == ["Art 4"]


def test_uploaded_yaml_file_is_assessed(client, db):
    upload = SimpleUploadedFile("profile.yaml", HIRING.encode(), content_type="application/x-yaml")
    response = client.post("/assessments/check/", {"profile_file": upload, "as_of": "2026-11-29"})
    assert response.context["report"]["eu"].tier == "high"


def test_unanswered_questions_are_listed_not_guessed(client, db):
    response = client.post("/assessments/check/", {"profile": "system:\n  subject: ai_system\n", "as_of": "2026-11-29"},
                           HTTP_ACCEPT_LANGUAGE="en")
    eu = response.context["report"]["eu"]
    assert eu.tier is None
    questions = {q.path: q for q in eu.questions}
    assert "eu_nexus.placed_on_eu_market" in questions
    assert questions["system.machine_based"].citation == "Art 3(1)"
    assert "subject" not in {q.path.split(".")[1] for q in eu.questions if q.path.startswith("system.")}


@pytest.mark.parametrize(("language", "text", "message"), [
    ("en", "system: [unclosed", "This is not valid JSON or YAML (line 1)."),
    ("ja", "system: [unclosed", "JSONまたはYAMLとして読み取れません（1行目）。"),
    ("en", "- just\n- a list\n", 'A profile is a JSON or YAML object with sections such as "system" and "role".'),
    ("en", "", "Paste a profile or upload a file."),
])
def test_unreadable_profile_gets_a_field_error(client, db, language, text, message):
    response = client.post("/assessments/check/", {"profile": text, "as_of": "2026-11-29"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.context["form"].errors["profile"] == [message]
    assert "report" not in response.context


def test_schema_errors_name_every_bad_field(client, db):
    bad = {"system": {"subject": "robot", "machine_based": "yes"}, "annex_iii": {"areas": ["9"]}}
    response = client.post("/assessments/check/", {"profile": json.dumps(bad), "as_of": "2026-11-29"}, HTTP_ACCEPT_LANGUAGE="en")
    assert sorted(response.context["profile_errors"]) == ["annex_iii.areas.0", "system.machine_based", "system.subject"]
    assert "report" not in response.context


def test_date_outside_the_encoded_law_is_refused_with_the_range(client, db):
    response = client.post("/assessments/check/", {"profile": HIRING, "as_of": "2019-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    [message] = response.context["form"].errors["as_of"]
    assert message.startswith("Choose a date from 2024-08-01 to ")


def test_api_assesses_without_an_account(client, db):
    response = client.post("/api/v1/assessments", {"profile": yaml.safe_load(HIRING), "as_of": "2026-11-29"},
                           content_type="application/json")
    assert response.status_code == 200
    result = response.json()
    assert (result["eu"]["tier"], result["as_of"]) == ("high", "2026-11-29")
    assert set(result["eu"]) == {"tier", "gpai", "citations", "obligations", "needs_answers", "trace"}
    assert "Annex III 4(a)" in result["eu"]["citations"]


def test_api_names_every_bad_field(client, db):
    response = client.post("/api/v1/assessments", {"profile": {"system": {"subject": "robot"}}, "as_of": "2019-01-01"},
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == ["as_of", "system.subject"]


def test_api_rejects_a_profile_that_is_not_an_object(client, db):
    response = client.post("/api/v1/assessments", {"profile": ["a", "list"]}, content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["profile"]
