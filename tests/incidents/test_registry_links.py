"""Reports and cases linked to registered AI systems: public picking, staff linking, export and similarity."""

import re

import pytest
from django.core import mail

from honbu.core.models import AuditEvent, Organisation
from honbu.incidents import oecd, similar, transitions
from honbu.incidents.models import Report
from tests.conftest import client_for
from tests.factories import OrganisationFactory
from tests.incidents.factories import make_report
from tests.incidents.test_intake import URL, form_post
from tests.registry.factories import AISystemFactory

FRAGMENT = "/incidents/report/choices/"


@pytest.fixture
def listed(business_a):
    return AISystemFactory(organisation=business_a, name_ja="顔画像生成サービス", name_en="FaceGen Studio",
                           is_public=True)


@pytest.fixture
def unlisted(business_a):
    return AISystemFactory(organisation=business_a, name_ja="社内採用AI", name_en="Internal hiring AI",
                           is_public=False)


@pytest.fixture
def unverified():
    organisation = OrganisationFactory(name_ja="未確認株式会社", name_en="Unverified K.K.",
                                       verification=Organisation.Verification.PENDING)
    return AISystemFactory(organisation=organisation, name_ja="未確認の顔生成", name_en="Unverified FaceGen",
                           is_public=True)


def actions():
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_report_form_lists_only_publicly_listed_systems_and_verified_organisations(listed, unlisted, unverified):
    body = client_for(None, "ja").get(URL).content.decode()
    assert "顔画像生成サービス (さくらAIソリューションズ株式会社)" in body
    assert "社内採用AI" not in body and "未確認" not in body
    assert 'hx-get="/incidents/report/choices/"' in body and 'name="search" value="system"' in body


@pytest.mark.parametrize("language, label", [("ja", "顔画像生成サービス"), ("en", "FaceGen Studio")])
def test_system_search_fragment_finds_public_systems_in_both_languages(listed, unlisted, language, label):
    response = client_for(None, language).get(FRAGMENT, {"form": "report", "field": "system", "system_query": "顔画像"})
    body = response.content.decode()
    assert response.status_code == 200 and f'<option value="{listed.pk}">{label} (' in body
    assert "<html" not in body and "社内採用AI" not in body


def test_system_search_fragment_with_no_match_says_so(listed):
    body = client_for(None, "en").get(FRAGMENT, {"form": "report", "field": "system", "system_query": "zzzz"}).content.decode()
    assert "No system in the registry matches this search." in body and str(listed.pk) not in body


def test_system_search_fragment_for_staff_forms_is_hidden_from_others(listed, unlisted, admin_a, hq_analyst):
    params = {"form": "report-link", "field": "system", "system_query": "採用"}
    assert client_for(None, "ja").get(FRAGMENT, params).status_code == 404
    assert client_for(admin_a, "ja").get(FRAGMENT, params).status_code == 404
    body = client_for(hq_analyst, "ja").get(FRAGMENT, params).content.decode()
    assert f'<option value="{unlisted.pk}">社内採用AI' in body


def test_report_search_without_javascript_keeps_what_was_typed_and_sends_nothing(listed):
    response = client_for(None, "ja").post(URL, form_post(search="system", system_query="FaceGen",
                                                          title="<b>顔</b>の悪用"))
    body = response.content.decode()
    assert response.status_code == 200 and Report.objects.count() == 0 and AuditEvent.objects.count() == 0
    assert f'<option value="{listed.pk}">顔画像生成サービス' in body
    assert 'value="&lt;b&gt;顔&lt;/b&gt;の悪用"' in body and 'class="errorlist"' not in body
    assert re.search(r'value="deepfake"[^>]*checked', body) and not re.search(r'value="privacy"[^>]*checked', body)


def test_report_with_a_public_system_links_it_and_its_organisation(listed, business_a):
    response = client_for(None, "ja").post(URL, form_post(system=str(listed.pk)))
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.system, report.organisation, report.system_name) == (listed, business_a, "動画生成AI")
    assert AuditEvent.objects.get(action="report.submitted").data == {"channel": "public", "attachments": 0,
                                                                      "system": listed.pk}


@pytest.mark.parametrize("value", ["unlisted", "unverified", "999999", "abc"])
def test_report_with_a_system_that_is_not_public_is_refused(request, unlisted, unverified, value):
    system = {"unlisted": unlisted, "unverified": unverified}.get(value)
    response = client_for(None, "en").post(URL, form_post(system=str(system.pk) if system else value))
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_system_error"' in body
    assert "Select a valid choice." in body
    assert Report.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_staff_link_any_system_to_a_report_audited(unlisted, business_a, hq_analyst, liaison):
    report = make_report()
    response = client_for(liaison, "en").post(f"/incidents/reports/{report.pk}/system/", {"system": unlisted.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.system, report.organisation) == (unlisted, business_a)
    event = AuditEvent.objects.get(action="report.system_linked")
    assert event.changes == {"system": [None, unlisted.pk], "organisation": [None, business_a.pk]}
    page = client_for(hq_analyst, "ja").get(f"/incidents/reports/{report.pk}/").content.decode()
    assert "社内採用AI (さくらAIソリューションズ株式会社) にリンクされています。" in page
    client_for(hq_analyst, "en").post(f"/incidents/reports/{report.pk}/system/", {"system": ""})
    report.refresh_from_db()
    assert (report.system, report.organisation) == (None, business_a)
    assert actions()[-1] == "report.system_linked"


def test_staff_link_with_a_bad_system_changes_nothing(hq_analyst):
    report = make_report()
    client = client_for(hq_analyst, "en")
    response = client.post(f"/incidents/reports/{report.pk}/system/", {"system": "nope"}, follow=True)
    assert "Select a valid choice." in response.content.decode()
    report.refresh_from_db()
    assert report.system is None and "report.system_linked" not in actions()


def test_only_staff_link_systems(unlisted, admin_a, member_a):
    report = make_report(by=member_a, channel=Report.Channel.ACCOUNT)
    assert client_for(admin_a).post(f"/incidents/reports/{report.pk}/system/", {"system": unlisted.pk}).status_code == 403
    assert client_for(None).post(f"/incidents/reports/{report.pk}/system/", {"system": unlisted.pk}).status_code == 302
    report.refresh_from_db()
    assert report.system is None


def test_case_gathers_systems_from_its_reports_and_staff_add_and_remove_them(listed, unlisted, hq_analyst, admin_a):
    report = make_report(system=listed)
    case = transitions.merge_into_case(reports=[report], by=hq_analyst)
    assert list(case.systems.all()) == [listed]
    client = client_for(hq_analyst, "en")
    client.post(f"/incidents/cases/{case.pk}/systems/", {"system": unlisted.pk})
    assert sorted(case.systems.values_list("pk", flat=True)) == sorted([listed.pk, unlisted.pk])
    event = AuditEvent.objects.get(action="case.system_linked")
    assert event.changes == {"systems": [[listed.pk], sorted([listed.pk, unlisted.pk])]}
    again = client.post(f"/incidents/cases/{case.pk}/systems/", {"system": unlisted.pk}, follow=True)
    assert "This system is already linked to the case." in again.content.decode()
    bad = client.post(f"/incidents/cases/{case.pk}/systems/", {"system": ""}, follow=True)
    assert "This field is required." in bad.content.decode()
    page = client_for(hq_analyst, "ja").get(f"/incidents/cases/{case.pk}/").content.decode()
    assert "顔画像生成サービス (さくらAIソリューションズ株式会社)" in page and "社内採用AI (さくら" in page
    client.post(f"/incidents/cases/{case.pk}/systems/{unlisted.pk}/remove/")
    assert list(case.systems.all()) == [listed]
    assert actions()[-1] == "case.system_unlinked"
    assert client.post(f"/incidents/cases/{case.pk}/systems/999999/remove/").status_code == 404
    assert client_for(admin_a).post(f"/incidents/cases/{case.pk}/systems/", {"system": listed.pk}).status_code == 404


def test_oecd_export_names_the_linked_system_and_its_organisation(listed):
    report = make_report(system=listed, system_name="<script>x</script>")
    exported = oecd.report_to_oecd(Report.objects.select_related("system__organisation").get(pk=report.pk))
    assert exported["ai_system_name"] == "FaceGen Studio"
    assert exported["developer_or_deployer"] == "Sakura AI Solutions K.K."
    assert exported["ai_system"] == {"registry_id": listed.pk, "name_ja": "顔画像生成サービス",
                                     "name_en": "FaceGen Studio", "organisation_ja": "さくらAIソリューションズ株式会社",
                                     "organisation_en": "Sakura AI Solutions K.K."}
    assert oecd.report_to_oecd(make_report(system_name="<b>bot</b>"))["ai_system"] is None


def test_api_report_with_a_system(listed, unlisted, admin_a):
    client = client_for(admin_a)
    base = {"title": "Deepfake ad", "description": "My face in an ad.", "harms": ["deepfake"],
            "severity": "minor"}
    created = client.post("/api/v1/incidents/reports", {**base, "system_id": listed.pk},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["system_id"] == listed.pk
    refused = client.post("/api/v1/incidents/reports", {**base, "system_id": unlisted.pk},
                          content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["system_id"]
    oecd_json = client.get(f"/api/v1/incidents/reports/{created.json()['id']}/oecd").json()
    assert oecd_json["ai_system"]["registry_id"] == listed.pk


def test_similarity_says_same_system_from_the_link(listed, hq_analyst):
    first = make_report(title="Deepfake ad with my face", description="A deepfake ad used my face.", system=listed)
    second = make_report(title="Deepfake advert of a singer", description="A deepfake advert used a singer's face.",
                         system=listed)
    rows = similar.suggestions(second)["reports"]
    assert rows[0]["report"] == first and rows[0]["reasons"][:2] == ["same AI system", "same organisation"]
    page = client_for(hq_analyst, "ja").get(f"/incidents/reports/{second.pk}/").content.decode()
    assert "登録簿上の同じAIシステム" in page and "登録簿上の同じ組織" in page


def test_measure_email_goes_in_each_recipients_language(business_a, admin_a, hq_analyst,
                                                        django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import member

    admin_a.preferred_language = "en"
    admin_a.save()
    second = member("org_admin", business_a, username="sakura-admin-2", email="second@sakura.example.jp",
                    preferred_language="")
    business_a.contact_email = "info@sakura.example.jp"
    business_a.save()
    case = transitions.merge_into_case(reports=[make_report(organisation=business_a)], by=hq_analyst)
    transitions.start_analysis(case=case, by=hq_analyst)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.issue_measure(case=case, by=hq_analyst, organisation=business_a, kind="guidance",
                                  text="<b>Stop</b>", due_on=timezone.localdate() + timedelta(days=30))
    by_to = {tuple(message.to): message for message in mail.outbox}
    # The contact address follows the only administrator who stated a preference.
    english_to = tuple(sorted([admin_a.email, "info@sakura.example.jp"]))
    assert set(by_to) == {english_to, (second.email,)}
    assert "A measure under Article 16 was addressed to your organisation" in by_to[english_to].subject
    japanese = by_to[(second.email,)]
    assert "第16条" in japanese.subject and "<b>Stop</b>" in japanese.body and japanese.alternatives == []


def test_organisation_contact_address_follows_its_admins_language(business_a, admin_a):
    from honbu.incidents.mail import _organisation_recipients

    business_a.contact_email = "info@sakura.example.jp"
    admin_a.preferred_language = "en-gb"
    admin_a.save()
    assert _organisation_recipients(business_a) == {"en": sorted([admin_a.email, "info@sakura.example.jp"])}
    admin_a.preferred_language = "fr"
    admin_a.save()
    assert _organisation_recipients(business_a) == {"ja": sorted([admin_a.email, "info@sakura.example.jp"])}
