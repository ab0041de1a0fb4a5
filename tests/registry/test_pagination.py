import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from honbu.registry import pagination
from honbu.registry.models import AISystem
from honbu.registry.pagination import CappedPaginator
from tests.registry.factories import AISystemFactory
from tests.factories import OrganisationFactory


@pytest.mark.django_db
def test_capped_paginator_counts_up_to_the_cap(business_a):
    AISystemFactory.create_batch(4, organisation=business_a)
    systems = AISystem.objects.order_by("-id")
    capped = CappedPaginator(systems, 2, cap=3)
    assert (capped.count, capped.capped, capped.num_pages) == (3, True, 2)
    exact = CappedPaginator(systems, 2, cap=4)
    assert (exact.count, exact.capped, exact.num_pages) == (4, False, 2)


@pytest.mark.django_db
def test_capped_paginator_stops_the_count_query_after_the_cap(business_a):
    AISystemFactory.create_batch(3, organisation=business_a)
    with CaptureQueriesContext(connection) as queries:
        assert CappedPaginator(AISystem.objects.order_by("-id"), 25, cap=2).count == 2
    (query,) = queries.captured_queries
    assert "LIMIT 3" in query["sql"] and "ORDER BY" not in query["sql"]


@pytest.fixture
def cap_of_two(monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 2)


def test_system_list_says_more_than_the_cap(as_user, hq_analyst, business_a, cap_of_two):
    AISystemFactory.create_batch(3, organisation=business_a)
    body = as_user(hq_analyst, "en").get("/registry/systems/").content.decode()
    assert ("More than 2 AI systems match. Only the first 2 are listed: narrow the search with the filters, or export "
            "the list to get every match.") in body
    assert "AI systems</p>" not in body
    body = as_user(hq_analyst, "ja").get("/registry/systems/").content.decode()
    assert "2件を超えるAIシステムが該当します。" in body


def test_system_list_pages_stop_at_the_cap(as_user, hq_analyst, business_a, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 30)
    AISystemFactory.create_batch(31, organisation=business_a)
    client = as_user(hq_analyst, "en")
    body = client.get("/registry/systems/").content.decode()
    assert "Page 1</span>" in body and "Page 1 of" not in body and "page=2" in body
    body = client.get("/registry/systems/", {"page": 99}).content.decode()  # clamped to the last page within the cap
    assert "Page 2</span>" in body and "page=3" not in body


def test_system_list_counts_exactly_under_the_cap(as_user, hq_analyst, business_a, cap_of_two):
    AISystemFactory.create_batch(2, organisation=business_a)
    body = as_user(hq_analyst, "en").get("/registry/systems/").content.decode()
    assert "<p>2 AI systems</p>" in body and "More than" not in body


def test_organisation_list_says_more_than_the_cap(as_user, hq_analyst, cap_of_two):
    OrganisationFactory.create_batch(3)
    body = as_user(hq_analyst, "en").get("/registry/organisations/").content.decode()
    assert ("More than 2 organisations match. Only the first 2 are listed: narrow the search with the filters, or "
            "export the list to get every match.") in body
    body = as_user(hq_analyst, "ja").get("/registry/organisations/").content.decode()
    assert "2件を超える組織が該当します。" in body


@pytest.fixture
def hiring_systems(business_a):
    """27 systems that a search for 「採用」 finds: one page of 25 and a second of 2."""
    return [AISystemFactory(organisation=business_a, name_ja=f"採用面接支援{n}号", name_en=f"Hiring assistant {n}")
            for n in range(27)]


def counts(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]


def test_a_search_is_paged_without_counting_its_matches(as_user, hq_analyst, hiring_systems):
    client = as_user(hq_analyst, "en")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/registry/systems/", {"q": "採用"}).content.decode()
    assert not counts(queries)
    assert ("AI systems 1–25 of the matches. A search is not counted in full: narrow it with the filters, or export "
            "the list to get every match.") in body
    assert "Page 1</span>" in body and "q=%E6%8E%A1%E7%94%A8&amp;page=2" in body and "Previous" not in body
    assert body.count("Hiring assistant") == 25 and "Hiring assistant 26" in body  # newest first
    body = as_user(hq_analyst, "ja").get("/registry/systems/", {"q": "採用"}).content.decode()
    assert "該当するAIシステムの1〜25件目です。" in body


def test_the_last_page_of_a_search_tells_the_total(as_user, hq_analyst, hiring_systems):
    body = as_user(hq_analyst, "en").get("/registry/systems/", {"q": "採用", "page": 2}).content.decode()
    assert "<p>27 AI systems</p>" in body and "Page 2 of 2" in body and "page=3" not in body
    assert "Hiring assistant 0<" in body and "Hiring assistant 2<" not in body


def test_a_search_with_one_page_of_matches_tells_the_total(as_user, hq_analyst, hiring_systems, business_a):
    AISystemFactory(organisation=business_a, name_ja="与信審査モデル", name_en="Credit check model")
    with CaptureQueriesContext(connection) as queries:
        body = as_user(hq_analyst, "en").get("/registry/systems/", {"q": "与信"}).content.decode()
    assert not counts(queries) and "<p>1 AI system</p>" in body and 'class="pagination"' not in body


def test_search_pages_stop_at_the_cap(as_user, hq_analyst, hiring_systems, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 25)
    body = as_user(hq_analyst, "en").get("/registry/systems/", {"q": "採用", "page": 5}).content.decode()
    assert "AI systems 1–25 of the matches." in body and "page=2" not in body  # clamped to page 1, no next page


def test_a_search_page_past_the_end_says_so_and_links_to_the_first(as_user, hq_analyst, business_a):
    AISystemFactory(organisation=business_a, name_ja="採用面接支援", name_en="Hiring assistant")
    body = as_user(hq_analyst, "en").get("/registry/systems/", {"q": "採用", "page": 3}).content.decode()
    assert "There are no more matches past this page." in body and 'href="?q=%E6%8E%A1%E7%94%A8">Back' in body
    body = as_user(hq_analyst, "ja").get("/registry/systems/", {"q": "採用", "page": 3}).content.decode()
    assert "このページより後に該当はありません。" in body


def test_an_organisation_search_is_paged_without_counting(as_user, hq_analyst):
    OrganisationFactory.create_batch(26, name_ja="北斗データ株式会社", name_en="Hokuto Data")
    with CaptureQueriesContext(connection) as queries:
        body = as_user(hq_analyst, "en").get("/registry/organisations/", {"q": "Hokuto"}).content.decode()
    assert not counts(queries) and "Organisations 1–25 of the matches." in body and "page=2" in body


def test_a_public_search_is_paged_without_counting(client, business_a):
    for n in range(26):
        AISystemFactory(organisation=business_a, name_ja=f"採用面接支援{n}号", name_en=f"Hiring assistant {n}",
                        is_public=True)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/public/systems/", {"q": "採用"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert not counts(queries) and "page=2" in body and "Page 1</span>" in body


def test_a_search_rare_among_the_newest_systems_still_finds_older_matches_in_order(
        as_user, hq_analyst, business_a, monkeypatch):
    monkeypatch.setattr(pagination, "RECENT_WINDOW", 3)  # the newest 3 systems per page are looked at first
    older = [AISystemFactory(organisation=business_a, name_ja=f"与信審査モデル{n}", name_en=f"Credit check {n}")
             for n in range(27)]
    for n in range(5):  # newer systems that do not match fill the window
        AISystemFactory(organisation=business_a, name_ja=f"物流最適化{n}", name_en=f"Logistics optimiser {n}")
    client = as_user(hq_analyst, "en")
    first = client.get("/registry/systems/", {"q": "与信"}).context["page"]
    second = client.get("/registry/systems/", {"q": "与信", "page": 2}).context["page"]
    assert [s.pk for s in first] + [s.pk for s in second] == [s.pk for s in reversed(older)]
    assert (first.has_next(), second.has_next(), second.total) == (True, False, 27)
