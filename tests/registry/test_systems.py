"""AI systems: create/edit with gates, read-only liaisons, the public listing, search and filters."""

import pytest

from honbu.core.models import AuditEvent
from honbu.registry.models import AISystem
from tests.factories import OrganisationFactory
from tests.registry.factories import AISystemFactory

NEW_SYSTEM = {
    "name_ja": "与信審査スコアリングAI", "name_en": "Credit scoring engine", "description_ja": "個人向けローンの信用スコアを算出します。",
    "description_en": "Computes credit scores for consumer loans.", "intended_purpose": "個人向け融資の審査補助",
    "lifecycle": "in_service", "is_developer": "on", "market_jp": "on", "market_eu": "on",
    "general_purpose_models": "Sakura-LM 7B | own\nGPT-4o | OpenAI",
}


def test_org_member_adds_a_system_to_their_organisation(as_user, member_a, business_a):
    response = as_user(member_a).post(f"/registry/organisations/{business_a.pk}/systems/new/", NEW_SYSTEM)
    system = AISystem.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/registry/systems/{system.pk}/")
    assert (system.organisation, system.markets, system.is_public) == (business_a, ["JP", "EU"], False)
    assert system.general_purpose_models == [{"name": "Sakura-LM 7B", "provider": "", "own": True},
                                             {"name": "GPT-4o", "provider": "OpenAI", "own": False}]
    event = AuditEvent.objects.get(action="ai_system.created")
    assert (event.actor, event.changes["name_en"]) == (member_a, [None, "Credit scoring engine"])


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Line 1: write the model name, a vertical bar and the provider, e.g. “GPT-4o | OpenAI”."),
    ("ja", "1行目：モデル名、縦棒、提供者の順に記入してください（例：「GPT-4o | OpenAI」）。"),
])
def test_malformed_model_list_is_named_and_nothing_saved(as_user, admin_a, business_a, language, message):
    response = as_user(admin_a, language).post(f"/registry/organisations/{business_a.pk}/systems/new/",
                                               {**NEW_SYSTEM, "general_purpose_models": "no provider here"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (AISystem.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_missing_japanese_name_is_refused(as_user, admin_a, business_a):
    response = as_user(admin_a, "en").post(f"/registry/organisations/{business_a.pk}/systems/new/",
                                           {**NEW_SYSTEM, "name_ja": ""})
    assert response.status_code == 200
    assert 'id="id_name_ja_error"' in response.content.decode()
    assert AISystem.objects.count() == 0


@pytest.mark.parametrize(("persona", "status"), [("admin_b", 404), ("liaison", 403), ("hq_analyst", 302)])
def test_adding_a_system_to_another_organisation(request, as_user, business_a, persona, status):
    response = as_user(request.getfixturevalue(persona)).post(f"/registry/organisations/{business_a.pk}/systems/new/",
                                                              NEW_SYSTEM)
    assert response.status_code == status
    assert AISystem.objects.count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("persona", "view_status", "edit_status"), [
    ("admin_a", 200, 302), ("member_a", 200, 302), ("hq_manager", 200, 302), ("liaison", 200, 403), ("admin_b", 404, 404),
])
def test_system_gates(request, as_user, business_a, persona, view_status, edit_status):
    system = AISystemFactory(organisation=business_a)
    client = as_user(request.getfixturevalue(persona))
    assert client.get(f"/registry/systems/{system.pk}/").status_code == view_status
    response = client.post(f"/registry/systems/{system.pk}/edit/", {**NEW_SYSTEM, "lifecycle": "withdrawn"})
    assert response.status_code == edit_status
    system.refresh_from_db()
    assert system.lifecycle == ("withdrawn" if edit_status == 302 else "in_service")
    if edit_status == 302:
        assert AuditEvent.objects.get(action="ai_system.changed").changes["lifecycle"] == ["in_service", "withdrawn"]


def test_system_list_shows_only_own_systems(as_user, admin_a, business_a, business_b):
    AISystemFactory(organisation=business_a, name_en="Sakura chatbot")
    AISystemFactory(organisation=business_b, name_en="Minato translator")
    body = as_user(admin_a, "en").get("/registry/systems/").content.decode()
    assert "Sakura chatbot" in body and "Minato translator" not in body


def test_liaison_sees_every_system(as_user, liaison, business_a, business_b):
    AISystemFactory(organisation=business_a, name_en="Sakura chatbot")
    AISystemFactory(organisation=business_b, name_en="Minato translator")
    body = as_user(liaison, "en").get("/registry/systems/").content.decode()
    assert "Sakura chatbot" in body and "Minato translator" in body


def test_system_list_costs_the_same_for_one_or_many_rows(as_user, hq_analyst, django_assert_max_num_queries):
    AISystemFactory()
    client = as_user(hq_analyst)
    with django_assert_max_num_queries(7):
        assert client.get("/registry/systems/", {"q": "採用"}).status_code == 200
    AISystemFactory.create_batch(6)
    with django_assert_max_num_queries(7):
        assert client.get("/registry/systems/", {"q": "採用"}).status_code == 200


@pytest.mark.parametrize(("query", "expected"), [
    ("顔認証", ["Face check at shop entrances"]),
    ("かお", ["Face check at shop entrances"]),  # Sudachi normalises かお to 顔
    ("翻訳", []),
    ("credit", ["Credit scoring engine"]),
    ("screen", ["Hiring screening assistant"]),
    ("選考", ["Hiring screening assistant"]),
    ("ＡＩ 採用", ["Hiring screening assistant"]),
    ("ローン", ["Credit scoring engine"]),
    ("スコア", ["Credit scoring engine"]),  # katakana matches as a prefix: スコアリング
])
def test_search_matches_japanese_and_english_tokens(as_user, hq_analyst, business_a, query, expected):
    AISystemFactory(organisation=business_a, name_ja="採用選考AI", name_en="Hiring screening assistant",
                    description_ja="応募書類を評価します。", description_en="")
    AISystemFactory(organisation=business_a, name_ja="与信スコアリング", name_en="Credit scoring engine",
                    description_ja="ローン審査に使います。", description_en="")
    AISystemFactory(organisation=business_a, name_ja="店舗の顔認証", name_en="Face check at shop entrances",
                    description_ja="来店者を照合します。", description_en="")
    response = as_user(hq_analyst, "en").get("/registry/systems/", {"q": query})
    assert [system.name_en for system in response.context["page"]] == expected


def test_kanji_and_hiragana_match_whole_words(as_user, hq_analyst, business_a):
    # Sudachi keeps the surname 桜井 whole: a search for さくら (normalised to 桜) is about cherry blossoms, not it.
    AISystemFactory(organisation=business_a, name_ja="桜井式需要予測", name_en="Sakurai demand forecasting")
    AISystemFactory(organisation=business_a, name_ja="さくら観光案内チャット", name_en="Sakura tourist chat")
    client = as_user(hq_analyst, "en")
    assert [s.name_en for s in client.get("/registry/systems/", {"q": "さくら"}).context["page"]] == ["Sakura tourist chat"]
    assert [s.name_en for s in client.get("/registry/systems/", {"q": "桜井"}).context["page"]] == [
        "Sakurai demand forecasting"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"market": "EU"}, ["EU system"]),
    ({"lifecycle": "planned"}, ["Planned system"]),
    ({"role": "developer"}, ["EU system"]),
    ({"sector": "P"}, ["Planned system"]),
    ({"act_status": "rd_institution"}, ["Planned system"]),
])
def test_system_filters(as_user, hq_analyst, filters, expected):
    AISystemFactory(name_en="EU system", market_eu=True, is_developer=True, organisation=OrganisationFactory(sector="G"))
    AISystemFactory(name_en="Planned system", lifecycle="planned",
                    organisation=OrganisationFactory(sector="P", act_status="rd_institution"))
    response = as_user(hq_analyst, "en").get("/registry/systems/", filters)
    assert [system.name_en for system in response.context["page"]] == expected


def test_public_page_lists_only_public_systems_of_verified_organisations(client, business_a):
    AISystemFactory(organisation=business_a, name_en="Listed chatbot", is_public=True)
    AISystemFactory(organisation=business_a, name_en="Internal tool", is_public=False)
    AISystemFactory(organisation=OrganisationFactory(verification="pending"), name_en="Unverified", is_public=True)
    response = client.get("/public/systems/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert [system.name_en for system in response.context["page"]] == ["Listed chatbot"]


def test_public_system_page_hides_unlisted_systems(client, business_a):
    listed = AISystemFactory(organisation=business_a, is_public=True)
    hidden = AISystemFactory(organisation=business_a, is_public=False)
    assert client.get(f"/public/systems/{listed.pk}/").status_code == 200
    assert client.get(f"/public/systems/{hidden.pk}/").status_code == 404
