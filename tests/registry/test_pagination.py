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
