"""Personas shared by every test: the HQ, a ministry, two businesses and the public."""

import pytest
from django.test import Client

from honbu.core.models import Membership, Organisation
from tests.factories import OrganisationFactory, member

Role = Membership.Role


@pytest.fixture
def secretariat(db):
    return OrganisationFactory(kind=Organisation.Kind.HQ_SECRETARIAT, name_ja="内閣府 人工知能政策推進室",
                               name_en="Cabinet Office AI Policy Office", act_status="")


@pytest.fixture
def ministry(db):
    return OrganisationFactory(kind=Organisation.Kind.MINISTRY, name_ja="経済産業省",
                               name_en="Ministry of Economy, Trade and Industry", act_status="")


@pytest.fixture
def business_a(db):
    return OrganisationFactory(name_ja="さくらAIソリューションズ株式会社", name_en="Sakura AI Solutions K.K.")


@pytest.fixture
def business_b(db):
    return OrganisationFactory(name_ja="株式会社みなと言語技術", name_en="Minato Language Technologies Inc.")


@pytest.fixture
def hq_manager(secretariat):
    return member(Role.HQ_MANAGER, secretariat, username="hq-manager", display_name="内閣 花子")


@pytest.fixture
def hq_analyst(secretariat):
    return member(Role.HQ_ANALYST, secretariat, username="hq-analyst", display_name="分析 太郎")


@pytest.fixture
def liaison(ministry):
    return member(Role.MINISTRY_LIAISON, ministry, username="meti-liaison", display_name="経産 次郎")


@pytest.fixture
def admin_a(business_a):
    return member(Role.ORG_ADMIN, business_a, username="sakura-admin", display_name="佐倉 美咲")


@pytest.fixture
def member_a(business_a):
    return member(Role.ORG_MEMBER, business_a, username="sakura-member", display_name="Emily Carter")


@pytest.fixture
def admin_b(business_b):
    return member(Role.ORG_ADMIN, business_b, username="minato-admin", display_name="港 健一")


def client_for(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user, backend="honbu.core.backends.MembershipBackend")
    return client


@pytest.fixture
def as_user():
    """`as_user(user, "ja")` gives a logged-in test client speaking that language."""
    return client_for


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttling counters live in the cache (Redis in CI's PostgreSQL run); each test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
