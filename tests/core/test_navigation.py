"""The header's navigation: built once per language, role and organisation, and always the person's own."""

import pytest
from django.test import Client
from django.test.utils import override_script_prefix
from django.utils import translation

from honbu.core.models import Membership
from honbu.core.plugins import app_modules

PERSONAS = ["hq_manager", "hq_analyst", "liaison", "admin_a", "member_a", "admin_b"]


def built_afresh(user, language):
    with translation.override(language):
        return [item for module in app_modules("navigation") for item in module.items(user)]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_each_persona_sees_the_navigation_built_for_them(request, as_user, language):
    people = [request.getfixturevalue(persona) for persona in PERSONAS]
    for _ in range(2):  # the second round is served from what the first one kept
        for person in people:
            response = as_user(person, language).get("/dashboard/")
            assert response.context["nav_items"] == built_afresh(person, language)
    anonymous = Client(HTTP_ACCEPT_LANGUAGE=language).get("/")
    assert anonymous.context["nav_items"] == built_afresh(anonymous.wsgi_request.user, language)


def test_hq_manager_and_analyst_get_different_menus(as_user, hq_manager, hq_analyst):
    assert "/audit/" in as_user(hq_manager).get("/dashboard/").content.decode()
    assert "/audit/" not in as_user(hq_analyst).get("/dashboard/").content.decode()


def test_my_organisation_follows_a_move_to_another_organisation(as_user, member_a, business_a, business_b):
    client = as_user(member_a, "ja")
    assert ("自組織", f"/organisations/{business_a.pk}/") in client.get("/dashboard/").context["nav_items"]
    Membership.objects.filter(user=member_a).update(organisation=business_b)
    nav_items = client.get("/dashboard/").context["nav_items"]
    assert ("自組織", f"/organisations/{business_b.pk}/") in nav_items
    assert ("自組織", f"/organisations/{business_a.pk}/") not in nav_items


def test_navigation_carries_the_url_prefix_honbu_is_served_under(as_user, admin_a):
    client = as_user(admin_a)
    for prefix in ["", "/honbu", ""]:
        with override_script_prefix(f"{prefix}/"):
            content = client.get("/dashboard/").content.decode()
        assert f'<li><a href="{prefix}/organisations/{admin_a.membership.organisation_id}/">' in content
