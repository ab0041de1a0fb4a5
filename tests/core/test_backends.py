"""Loading the signed-in person on each request: one query for the user, their membership and organisation."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from honbu.core.backends import membership_of
from honbu.core.models import Membership, Organisation, User
from tests.factories import UserFactory

PASSWORD = "correct horse battery"


def field_values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_membership_loaded_with_the_user_equals_what_the_orm_loads(admin_a, business_a):
    Organisation.objects.filter(pk=business_a.pk).update(is_sme=True, website="https://sakura.example.jp")
    membership = membership_of(admin_a.pk)
    expected = Membership.objects.select_related("user", "organisation").get(user=admin_a)
    assert field_values(membership) == field_values(expected)
    assert field_values(membership.user) == field_values(expected.user)
    assert field_values(membership.organisation) == field_values(expected.organisation)
    assert membership.organisation.is_sme is True
    assert membership.user.date_joined.tzinfo is not None


def test_a_signed_in_page_reads_the_person_in_one_query(as_user, admin_a):
    client = as_user(admin_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/accounts/")
    assert response.status_code == 200
    people = [q["sql"] for q in queries if '"core_user"' in q["sql"] or '"core_membership"' in q["sql"]]
    assert len(people) == 1


def test_a_new_role_applies_on_the_next_request(as_user, member_a, business_a):
    client = as_user(member_a)
    assert client.get(f"/organisations/{business_a.pk}/members/").status_code == 403
    Membership.objects.filter(user=member_a).update(role=Membership.Role.ORG_ADMIN)
    assert client.get(f"/organisations/{business_a.pk}/members/").status_code == 200


def test_moving_to_another_organisation_applies_on_the_next_request(as_user, member_a, business_a, business_b):
    client = as_user(member_a)
    assert client.get(f"/organisations/{business_a.pk}/").status_code == 200
    assert client.get(f"/organisations/{business_b.pk}/").status_code == 404
    Membership.objects.filter(user=member_a).update(organisation=business_b)
    assert client.get(f"/organisations/{business_a.pk}/").status_code == 404
    assert client.get(f"/organisations/{business_b.pk}/").status_code == 200


def test_a_deactivated_person_is_signed_out(as_user, admin_a):
    client = as_user(admin_a)
    User.objects.filter(pk=admin_a.pk).update(is_active=False)
    response = client.get("/dashboard/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/dashboard/")


def test_a_person_without_an_organisation_can_still_sign_in(as_user, db):
    person = UserFactory(username="no-organisation")
    response = as_user(person).get("/accounts/")
    assert response.status_code == 200
    assert "no-organisation" in response.content.decode()


def test_sessions_signed_in_through_the_plain_model_backend_stay_valid(admin_a):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin_a, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert response.context["membership"].role == Membership.Role.ORG_ADMIN


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.mark.parametrize("username", ["sakura-admin", "nobody"])
def test_a_wrong_password_is_hashed_once(admin_a, settings, username):
    settings.PASSWORD_HASHERS = ["tests.core.test_backends.CountingHasher"]
    User.objects.filter(pk=admin_a.pk).update(password=CountingHasher().encode(PASSWORD, "salt"))
    CountingHasher.calls = 0
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.post("/accounts/login/", {"username": username, "password": "wrong"}).status_code == 200
    assert CountingHasher.calls == 1
    response = client.post("/accounts/login/", {"username": "sakura-admin", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/dashboard/")
