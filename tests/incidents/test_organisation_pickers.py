"""Organisations are chosen by searching: the report form, the analysis and the measure list only the organisations
matching what was typed (and those already chosen), never the whole registry."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from honbu.core.models import AuditEvent, Organisation
from honbu.incidents import transitions
from honbu.incidents.forms import CHOICES_SHOWN
from honbu.incidents.models import Report
from tests.conftest import client_for
from tests.factories import OrganisationFactory
from tests.incidents.factories import make_report
from tests.incidents.test_intake import URL, form_post

FRAGMENT = "/incidents/report/choices/"


@pytest.fixture
def pending(db):
    return OrganisationFactory(name_ja="未確認みなと株式会社", name_en="Unverified Minato K.K.",
                               verification=Organisation.Verification.PENDING)


@pytest.fixture
def case(hq_analyst, business_a):
    case = transitions.merge_into_case(reports=[make_report()], by=hq_analyst)
    transitions.start_analysis(case=case, by=hq_analyst)
    transitions.record_analysis(case=case, by=hq_analyst, organisations=[business_a], title=case.title)
    return case


def options(body: str, select_id: str) -> dict[str, bool]:
    """The options of one select: label → selected."""
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', body, re.S).group(0)
    return {label: "selected" in attrs for attrs, label in re.findall(r"<option([^>]*)>([^<]*)</option>", select)}


def test_report_form_lists_at_most_the_newest_organisations_before_any_search(business_a):
    OrganisationFactory.create_batch(CHOICES_SHOWN + 5)
    body = client_for(None, "ja").get(URL).content.decode()
    listed = options(body, "id_organisation")
    assert len(listed) == CHOICES_SHOWN + 1 and "選択しない" in listed
    assert "さくらAIソリューションズ株式会社" not in listed
    assert 'name="search" value="organisation"' in body and 'hx-vals=\'{"form": "report", "field": "organisation"}\'' in body


@pytest.mark.parametrize("language, query, label", [
    ("ja", "みなと", "株式会社みなと言語技術"), ("en", "Minato", "Minato Language Technologies Inc."),
    ("en", "みなと", "Minato Language Technologies Inc."), ("ja", "minato", "株式会社みなと言語技術")])
def test_organisation_search_fragment_finds_in_japanese_and_english(business_a, business_b, language, query, label):
    response = client_for(None, language).get(FRAGMENT, {"form": "report", "field": "organisation",
                                                          "organisation_query": query})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert options(body, "id_organisation") == {"選択しない" if language == "ja" else "None chosen": True,
                                                label: False}


def test_public_fragment_never_lists_unverified_organisations_hq_or_ministries(business_b, pending, secretariat,
                                                                                ministry):
    client = client_for(None, "ja")
    for query, chosen in [("未確認", pending), ("人工知能政策推進室", secretariat), ("経済産業省", ministry)]:
        body = client.get(FRAGMENT, {"form": "report", "field": "organisation", "organisation_query": query,
                                     "organisation": chosen.pk}).content.decode()
        assert options(body, "id_organisation") == {"選択しない": False}
        assert "この検索に一致する組織は登録簿にありません。" in body
    body = client.get(FRAGMENT, {"form": "report", "field": "organisation", "organisation_query": "みなと"}).content.decode()
    assert options(body, "id_organisation") == {"選択しない": True, "株式会社みなと言語技術": False}


@pytest.mark.parametrize("form, field", [("analysis", "organisations"), ("measure", "organisation")])
def test_staff_organisation_fragments_are_refused_to_others(pending, admin_a, hq_analyst, form, field):
    params = {"form": form, "field": field, f"{field}_query": "未確認"}
    assert client_for(None, "ja").get(FRAGMENT, params).status_code == 404
    assert client_for(admin_a, "ja").get(FRAGMENT, params).status_code == 404
    body = client_for(hq_analyst, "ja").get(FRAGMENT, params).content.decode()
    assert f'<option value="{pending.pk}">未確認みなと株式会社</option>' in body


def test_fragment_refuses_a_field_that_is_not_a_picker(hq_analyst):
    assert client_for(hq_analyst).get(FRAGMENT, {"form": "analysis", "field": "title"}).status_code == 404
    assert client_for(hq_analyst).get(FRAGMENT, {"form": "nope", "field": "system"}).status_code == 404


@pytest.mark.parametrize("params", [{}, {"form": "report"}, {"form": "report", "field": "organisation_query"},
                                    {"field": "organisation"}])
def test_fragment_without_a_picker_named_is_not_found(params):
    assert client_for(None).get(FRAGMENT, params).status_code == 404


@pytest.mark.parametrize("chosen", ["99999999999999999999", "abc", "-3", "0"])
def test_fragment_and_form_take_a_nonsense_chosen_value_as_nothing_chosen(business_b, chosen):
    body = client_for(None, "en").get(FRAGMENT, {"form": "report", "field": "organisation", "organisation": chosen,
                                                 "organisation_query": "Minato"}).content.decode()
    assert options(body, "id_organisation") == {"None chosen": False, "Minato Language Technologies Inc.": False}
    response = client_for(None, "en").post(URL, form_post(organisation=chosen))
    assert response.status_code == 200 and 'id="id_organisation_error"' in response.content.decode()
    assert Report.objects.count() == 0


def test_analysis_fragment_ignores_nonsense_among_the_chosen(case, business_a, hq_analyst):
    body = client_for(hq_analyst, "en").get(FRAGMENT, {
        "form": "analysis", "field": "organisations", "organisations": [str(business_a.pk), "abc", "9" * 30],
        "organisations_query": ""}).content.decode()
    assert options(body, "id_organisations")[business_a.name_en] is True


def test_measure_fragment_never_offers_ministries(ministry, business_b, hq_analyst):
    body = client_for(hq_analyst, "ja").get(FRAGMENT, {"form": "measure", "field": "organisation",
                                                       "organisation_query": "経済産業省"}).content.decode()
    assert str(ministry.pk) not in body and "この検索に一致する組織は登録簿にありません。" in body


def test_report_with_a_chosen_organisation_saves_it(business_b):
    response = client_for(None, "en").post(URL, form_post(organisation=str(business_b.pk)))
    assert response.status_code == 302 and Report.objects.get().organisation == business_b


@pytest.mark.parametrize("value", ["pending", "secretariat", "999999"])
def test_report_with_an_organisation_outside_the_public_list_is_refused(pending, secretariat, value):
    chosen = {"pending": pending, "secretariat": secretariat}.get(value)
    body = client_for(None, "en").post(URL, form_post(organisation=str(chosen.pk) if chosen else value)).content.decode()
    assert 'id="id_organisation_error"' in body and "Select a valid choice." in body
    assert Report.objects.count() == 0


def test_report_organisation_search_without_javascript_keeps_the_chosen_one(business_a, business_b):
    response = client_for(None, "ja").post(URL, form_post(search="organisation", organisation_query="さくら",
                                                          organisation=str(business_b.pk)))
    body = response.content.decode()
    assert response.status_code == 200 and Report.objects.count() == 0 and AuditEvent.objects.count() == 0
    assert options(body, "id_organisation") == {"選択しない": False, "株式会社みなと言語技術": True,
                                                "さくらAIソリューションズ株式会社": False}
    assert 'value="さくら"' in body and 'class="errorlist"' not in body


def test_analysis_keeps_chosen_organisations_listed_whatever_is_typed(case, business_a, business_b, hq_analyst):
    OrganisationFactory.create_batch(3)
    page = client_for(hq_analyst, "ja").get(f"/incidents/cases/{case.pk}/").content.decode()
    assert options(page, "id_organisations")["さくらAIソリューションズ株式会社"] is True
    body = client_for(hq_analyst, "ja").get(FRAGMENT, {"form": "analysis", "field": "organisations",
                                                       "organisations_query": "みなと",
                                                       "organisations": [business_a.pk]}).content.decode()
    assert options(body, "id_organisations") == {"さくらAIソリューションズ株式会社": True, "株式会社みなと言語技術": False}


def test_analysis_saves_the_organisations_chosen(case, business_a, business_b, hq_analyst):
    response = client_for(hq_analyst, "en").post(f"/incidents/cases/{case.pk}/analysis/", {
        "title": case.title, "organisations": [business_a.pk, business_b.pk], "organisations_query": "Minato"})
    assert response.status_code == 302
    assert set(case.organisations.all()) == {business_a, business_b}


def test_analysis_search_without_javascript_shows_matches_and_saves_nothing(case, business_a, business_b, hq_analyst):
    third = OrganisationFactory(name_ja="株式会社ひかり翻訳", name_en="Hikari Translation K.K.")
    before = AuditEvent.objects.count()
    response = client_for(hq_analyst, "ja").post(f"/incidents/cases/{case.pk}/analysis/", {
        "search": "organisations", "organisations_query": "Minato", "organisations": [business_a.pk, third.pk],
        "title": "入力途中の題名", "cause": "入力途中の原因", "harms": ["deepfake", "fraud"]})
    body = response.content.decode()
    assert response.status_code == 200 and AuditEvent.objects.count() == before
    assert options(body, "id_organisations") == {"株式会社ひかり翻訳": True, "さくらAIソリューションズ株式会社": True,
                                                 "株式会社みなと言語技術": False}
    assert 'value="入力途中の題名"' in body and "入力途中の原因" in body
    assert re.search(r'value="deepfake"[^>]*checked', body) and re.search(r'value="fraud"[^>]*checked', body)
    assert list(case.organisations.all()) == [business_a]


def test_measure_search_without_javascript_then_issue_to_the_found_organisation(case, business_b, hq_analyst):
    client = client_for(hq_analyst, "en")
    body = client.post(f"/incidents/cases/{case.pk}/measures/", {
        "search": "organisation", "organisation_query": "みなと", "kind": "advice"}).content.decode()
    assert options(body, "id_organisation") == {"Choose an organisation": True,
                                                "Minato Language Technologies Inc.": False}
    assert case.measures.count() == 0
    response = client.post(f"/incidents/cases/{case.pk}/measures/", {
        "organisation_query": "みなと", "organisation": business_b.pk, "kind": "advice", "text": "Check consent.",
        "due_on": "2030-08-01"})
    assert response.status_code == 302 and case.measures.get().organisation == business_b


def test_organisation_search_is_refused_to_the_public_on_a_case(case, admin_a):
    response = client_for(admin_a, "en").post(f"/incidents/cases/{case.pk}/analysis/", {
        "search": "organisations", "organisations_query": "Minato"})
    assert response.status_code == 404


def test_an_organisation_search_reads_no_systems(business_b):
    client = client_for(None, "en")
    with CaptureQueriesContext(connection) as queries:
        client.get(FRAGMENT, {"form": "report", "field": "organisation", "organisation_query": "Minato"})
    assert not [q for q in queries.captured_queries if "registry_aisystem" in q["sql"]]
