"""/api/v1/registry: the same gates and validation as the pages."""

import pytest

from honbu.core.models import AuditEvent, Organisation
from honbu.registry.models import AISystem
from tests.registry.factories import AISystemFactory


def test_api_lists_only_own_systems_with_search(as_user, admin_a, business_a, business_b, django_assert_max_num_queries):
    AISystemFactory(organisation=business_a, name_en="Sakura chatbot")
    AISystemFactory(organisation=business_b, name_en="Minato translator")
    client = as_user(admin_a)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/registry/systems", {"q": "chatbot"})
    assert response.status_code == 200
    assert [item["name_en"] for item in response.json()["items"]] == ["Sakura chatbot"]


def test_api_lists_organisations_for_hq_with_filters(as_user, hq_analyst, business_a, business_b):
    business_b.sector = "J"
    business_b.save()
    response = as_user(hq_analyst).get("/api/v1/registry/organisations", {"sector": "J"})
    assert [item["name_en"] for item in response.json()["items"]] == ["Minato Language Technologies Inc."]


def test_api_creates_a_system_for_the_callers_organisation(as_user, member_a, business_a):
    response = as_user(member_a).post("/api/v1/registry/systems", {
        "name_ja": "社内チャットボット", "market_eu": True,
        "general_purpose_models": [{"name": "GPT-4o", "provider": "OpenAI", "own": False}]}, content_type="application/json")
    assert response.status_code == 201
    system = AISystem.objects.get()
    assert (system.organisation, system.markets, response.json()["markets"]) == (business_a, ["JP", "EU"], ["JP", "EU"])
    assert AuditEvent.objects.filter(action="ai_system.created").count() == 1


@pytest.mark.parametrize(("persona", "status"), [("liaison", 403), ("admin_b", 404)])
def test_api_refuses_changes_to_others_systems(request, as_user, business_a, persona, status):
    system = AISystemFactory(organisation=business_a)
    response = as_user(request.getfixturevalue(persona)).patch(f"/api/v1/registry/systems/{system.pk}",
                                                                {"lifecycle": "withdrawn"}, content_type="application/json")
    assert response.status_code == status
    system.refresh_from_db()
    assert system.lifecycle == "in_service"


def test_api_update_with_a_bad_corporate_number_names_the_field(as_user, admin_a, business_a):
    response = as_user(admin_a, "en").patch(f"/api/v1/registry/organisations/{business_a.pk}",
                                            {"corporate_number": "1234567890123"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "corporate_number": ["This corporate number's check digit is wrong. Please check the number."]}
    assert Organisation.objects.get(pk=business_a.pk).corporate_number == business_a.corporate_number


def test_api_only_hq_creates_organisations(as_user, admin_a, hq_manager):
    body = {"kind": "public_body", "name_ja": "独立行政法人 テスト機構"}
    assert as_user(admin_a).post("/api/v1/registry/organisations", body, content_type="application/json").status_code == 403
    response = as_user(hq_manager).post("/api/v1/registry/organisations", body, content_type="application/json")
    assert (response.status_code, response.json()["verification"]) == (201, "verified")


def test_api_profile_versions(as_user, admin_a, business_a):
    system = AISystemFactory(organisation=business_a)
    client = as_user(admin_a, "ja")
    data = {"profile_version": "v1", "eu_nexus": {"placed_on_eu_market": True}}
    assert client.post(f"/api/v1/registry/systems/{system.pk}/profiles", {"data": data},
                       content_type="application/json").status_code == 201
    bad = {"profile_version": "v1", "exclusions": {"military_defence_security_only": True}, "eu_nexus": {"civilian_use": True}}
    response = client.post(f"/api/v1/registry/systems/{system.pk}/profiles", {"data": bad}, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["eu_nexus.civilian_use"]
    versions = client.get(f"/api/v1/registry/systems/{system.pk}/profiles").json()
    assert [(v["version"], v["data"]) for v in versions] == [(1, data)]
