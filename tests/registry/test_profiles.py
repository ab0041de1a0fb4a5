"""The profile questionnaire (from the rulebook schema), versions, submit validation, export/import, CLI."""

import io
import json
import re

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from honbu.core.models import AuditEvent
from honbu.registry.models import SystemProfile
from tests.registry.factories import AISystemFactory


@pytest.fixture
def system(business_a):
    return AISystemFactory(organisation=business_a, name_ja="採用選考支援AI", is_provider=True,
                           intended_purpose="書類選考の補助")


def test_questionnaire_overview_lists_the_schema_sections_in_japanese(as_user, admin_a, system):
    response = as_user(admin_a, "ja").get(f"/registry/systems/{system.pk}/profile/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "対象システム" in body and "禁止されるAIの利用" in body and "汎用目的AIモデル" in body
    assert "第6条(3)" not in body  # the derogation section is only asked once Annex III points are chosen


def test_section_shows_help_with_the_article_in_the_active_language(as_user, admin_a, system):
    body = as_user(admin_a, "en").get(f"/registry/systems/{system.pk}/profile/prohibited/").content.decode()
    assert "Subliminal, manipulative or deceptive techniques" in body and "Art 5(1)(a)" in body
    assert "Significant harm from manipulation" not in body  # a follow-up, not asked yet
    body = as_user(admin_a, "ja").get(f"/registry/systems/{system.pk}/profile/prohibited/").content.decode()
    assert "サブリミナル・操作的・欺瞞的な技法" in body


def test_saving_a_section_creates_a_draft_version_and_reveals_follow_ups(as_user, admin_a, system):
    client = as_user(admin_a, "en")
    response = client.post(f"/registry/systems/{system.pk}/profile/prohibited/",
                           {"prohibited__manipulative_techniques": "yes", "save": ""})
    assert response.status_code == 302
    profile = SystemProfile.objects.get(system=system)
    assert (profile.version, profile.status, profile.created_by) == (1, "draft", admin_a)
    assert profile.data["prohibited"] == {"manipulative_techniques": True}
    assert profile.data["system"] == {"name": "採用選考支援AI", "intended_purpose": "書類選考の補助"}
    event = AuditEvent.objects.get(action="system_profile.saved")
    assert event.data["version"] == 1
    body = client.get(f"/registry/systems/{system.pk}/profile/prohibited/").content.decode()
    assert "Significant harm from manipulation" in body


def test_htmx_preview_reveals_follow_ups_without_saving(as_user, admin_a, system):
    response = as_user(admin_a, "en").post(f"/registry/systems/{system.pk}/profile/prohibited/",
                                           {"prohibited__manipulative_techniques": "yes", "_preview": "1"},
                                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Significant harm from manipulation" in response.content.decode()
    assert SystemProfile.objects.count() == 0


def test_the_preview_says_in_a_live_region_how_many_questions_the_section_now_has(as_user, admin_a, system):
    url = f"/registry/systems/{system.pk}/profile/prohibited/"
    page = as_user(admin_a, "ja").get(url).content.decode()
    assert '<div id="questions-status" class="visually-hidden" role="status"></div>' in page
    assert 'hx-select-oob="#questions-status:innerHTML"' in page
    closed = as_user(admin_a, "ja").post(url, {"_preview": "1"}, HTTP_HX_REQUEST="true").content.decode()
    opened = as_user(admin_a, "ja").post(url, {"prohibited__manipulative_techniques": "yes", "_preview": "1"},
                                         HTTP_HX_REQUEST="true").content.decode()
    count = re.compile(r'id="questions-status"[^>]*>この項目の質問は(\d+)問になりました。</div>')
    assert int(count.search(opened).group(1)) > int(count.search(closed).group(1))


def test_section_links_are_named_by_their_titles(as_user, admin_a, system):
    page = as_user(admin_a, "en").get(f"/registry/systems/{system.pk}/profile/prohibited/").content.decode()
    nav = page[page.index('<ul class="section-nav">'):page.index("</ul>", page.index('<ul class="section-nav">'))]
    assert re.search(r'aria-current="page">\d+<span class="visually-hidden"> Prohibited practices', nav), nav


def test_every_change_adds_a_version_and_old_versions_stay_readable(as_user, admin_a, system):
    client = as_user(admin_a, "en")
    client.post(f"/registry/systems/{system.pk}/profile/eu_nexus/", {"eu_nexus__placed_on_eu_market": "yes"})
    client.post(f"/registry/systems/{system.pk}/profile/eu_nexus/", {"eu_nexus__placed_on_eu_market": "no"})
    client.post(f"/registry/systems/{system.pk}/profile/eu_nexus/", {"eu_nexus__placed_on_eu_market": "no"})
    assert list(system.profiles.order_by("version").values_list("version", flat=True)) == [1, 2]
    first = client.get(f"/registry/systems/{system.pk}/profile/versions/1/")
    assert first.status_code == 200
    assert first.context["profile"].data["eu_nexus"] == {"placed_on_eu_market": True}


def test_bad_number_is_named_and_nothing_saved(as_user, admin_a, system):
    client = as_user(admin_a, "ja")
    client.post(f"/registry/systems/{system.pk}/profile/gpai/", {"gpai__provides_gpai_model": "yes"})
    response = client.post(f"/registry/systems/{system.pk}/profile/gpai/",
                           {"gpai__provides_gpai_model": "yes", "gpai__training_compute_flop": "たくさん"})
    assert response.status_code == 400
    assert "数値を入力してください（例：1e25）。" in response.content.decode()
    assert system.profiles.count() == 1


def test_hiding_a_question_drops_its_answer(as_user, admin_a, system):
    client = as_user(admin_a)
    client.post(f"/registry/systems/{system.pk}/profile/gpai/",
                {"gpai__provides_gpai_model": "yes", "gpai__training_compute_flop": "1e25"})
    gpai = system.latest_profile().data["gpai"]
    assert (gpai["provides_gpai_model"], float(gpai["training_compute_flop"])) == (True, 1e25)  # jsonb may return an int
    client.post(f"/registry/systems/{system.pk}/profile/gpai/",
                {"gpai__provides_gpai_model": "no", "gpai__training_compute_flop": "1e25"})
    assert system.latest_profile().data["gpai"] == {"provides_gpai_model": False}


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Contradiction: the system is said to be exclusively military, defence or national security, yet also civilian (Art 2(3))."),
    ("ja", "矛盾: 専ら軍事・防衛・国家安全保障用とされながら、民生用途もあるとされています（第2条(3)）。"),
])
def test_submit_names_every_bad_field_in_the_active_language(as_user, admin_a, system, language, message):
    client = as_user(admin_a, language)
    client.post(f"/registry/systems/{system.pk}/profile/exclusions/", {"exclusions__military_defence_security_only": "yes"})
    client.post(f"/registry/systems/{system.pk}/profile/eu_nexus/", {"eu_nexus__civilian_use": "yes"})
    response = client.post(f"/registry/systems/{system.pk}/profile/submit/")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not system.profiles.filter(status="submitted").exists()


def test_submit_a_consistent_profile(as_user, admin_a, system):
    client = as_user(admin_a)
    client.post(f"/registry/systems/{system.pk}/profile/system/", {"system__name": "採用選考支援AI", "system__subject": "ai_system"})
    response = client.post(f"/registry/systems/{system.pk}/profile/submit/")
    assert response.status_code == 302
    latest = system.latest_profile()
    assert (latest.version, latest.status) == (2, "submitted")
    assert AuditEvent.objects.filter(action="system_profile.submitted").count() == 1


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_export_and_import_round_trip_unchanged(as_user, admin_a, system, fmt):
    client = as_user(admin_a)
    client.post(f"/registry/systems/{system.pk}/profile/annex_iii/", {"annex_iii__areas": ["4"], "annex_iii__points": ["4(a)"]})
    exported = client.get(f"/registry/systems/{system.pk}/profile/export.{fmt}")
    assert exported.status_code == 200
    original = system.latest_profile().data
    parsed = json.loads(exported.content) if fmt == "json" else yaml.safe_load(exported.content)
    assert parsed == original
    upload = SimpleUploadedFile(f"profile.{fmt}", exported.content, content_type="text/plain")
    response = client.post(f"/registry/systems/{system.pk}/profile/import/", {"file": upload})
    assert response.status_code == 302
    assert (system.latest_profile().version, system.latest_profile().data) == (2, original)
    assert AuditEvent.objects.filter(action="system_profile.saved", data__source="import").count() == 1


def test_import_of_a_bad_file_names_the_field_and_saves_nothing(as_user, admin_a, system):
    upload = SimpleUploadedFile("p.yaml", "profile_version: v1\ngpai:\n  training_compute_flop: lots\n".encode())
    response = as_user(admin_a, "en").post(f"/registry/systems/{system.pk}/profile/import/", {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "gpai.training_compute_flop" in body and "Training compute (FLOP)" in body
    assert system.profiles.count() == 0


def test_import_refuses_binary_files(as_user, admin_a, system):
    upload = SimpleUploadedFile("p.json", b"\x89PNG\r\n\x1a\n\x00\x00")
    response = as_user(admin_a, "en").post(f"/registry/systems/{system.pk}/profile/import/", {"file": upload})
    assert response.status_code == 400
    assert system.profiles.count() == 0


@pytest.mark.parametrize(("persona", "status"), [("liaison", 403), ("admin_b", 404)])
def test_others_cannot_change_a_profile(request, as_user, system, persona, status):
    client = as_user(request.getfixturevalue(persona))
    assert client.post(f"/registry/systems/{system.pk}/profile/eu_nexus/", {"eu_nexus__civilian_use": "yes"}).status_code == status
    assert client.post(f"/registry/systems/{system.pk}/profile/submit/").status_code == status
    assert system.profiles.count() == 0


def test_profile_command_prints_the_schema():
    out = io.StringIO()
    call_command("profile", "schema", stdout=out)
    assert json.loads(out.getvalue())["$id"].endswith("profile/v1")


def test_profile_command_validates_a_file_one_line_per_bad_field(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("profile_version: v1\nexclusions:\n  military_defence_security_only: true\neu_nexus:\n  civilian_use: true\n")
    out = io.StringIO()
    with pytest.raises(Exception):
        call_command("profile", "validate", str(path), stdout=out)
    assert out.getvalue().splitlines() == [
        "eu_nexus.civilian_use: Contradiction: the system is said to be exclusively military, defence or national "
        "security, yet also civilian (Art 2(3))."]
