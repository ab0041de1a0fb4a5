"""The account page, personal API tokens in the UI, emails in the recipient's language, HQ managing government members."""

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client

from honbu.core.models import ApiToken, AuditEvent, Membership, User
from honbu.core.tokens import issue_token
from tests.factories import member


@pytest.mark.parametrize("persona", ["hq_manager", "hq_analyst", "liaison", "admin_a", "member_a"])
def test_account_page_shows_who_you_are(request, as_user, persona):
    user = request.getfixturevalue(persona)
    response = as_user(user).get("/accounts/")
    assert response.status_code == 200
    content = response.content.decode()
    assert user.username in content and user.membership.get_role_display() in content
    assert "/accounts/tokens/" in content


def test_dashboard_links_to_the_account_pages(as_user, admin_a):
    content = as_user(admin_a).get("/dashboard/").content.decode()
    assert 'href="/accounts/"' in content and 'href="/accounts/tokens/"' in content


def test_preferred_language_is_saved_and_audited(as_user, admin_a):
    response = as_user(admin_a).post("/accounts/", {"preferred_language": "en"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/")
    admin_a.refresh_from_db()
    assert admin_a.preferred_language == "en"
    event = AuditEvent.objects.get()
    assert (event.action, event.changes) == ("user.updated", {"preferred_language": ["", "en"]})


def test_bad_preferred_language_is_a_field_error(as_user, admin_a):
    response = as_user(admin_a).post("/accounts/", {"preferred_language": "fr"})
    assert response.status_code == 200
    assert response.context["form"].errors["preferred_language"] == ["Select a valid choice. fr is not one of the available choices."]
    admin_a.refresh_from_db()
    assert admin_a.preferred_language == ""
    assert AuditEvent.objects.count() == 0


def test_tokens_page_creates_a_token_and_shows_it_once(as_user, admin_a):
    client = as_user(admin_a)
    response = client.post("/accounts/tokens/", {"name": "nightly export"})
    assert response.status_code == 200
    secret = re.search(r'id="new-token">(hb_[^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=admin_a)
    assert (token.name, token.digest) == ("nightly export", ApiToken.digest_of(secret))
    assert response["Cache-Control"].startswith("max-age=0")
    assert secret not in client.get("/accounts/tokens/").content.decode()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me").json()["username"] == "sakura-admin"
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["api_token.issued"]


@pytest.mark.parametrize(("language", "message"), [("en", "This field is required."), ("ja", "このフィールドは必須です。")])
def test_token_without_a_name_is_a_field_error(as_user, admin_a, language, message):
    response = as_user(admin_a, language).post("/accounts/tokens/", {"name": "  "})
    assert response.context["form"].errors["name"] == [message]
    assert ApiToken.objects.count() == 0


def test_token_name_too_long_is_a_field_error(as_user, admin_a):
    response = as_user(admin_a).post("/accounts/tokens/", {"name": "x" * 101})
    assert response.context["form"].errors["name"] == ["Ensure this value has at most 100 characters (it has 101)."]
    assert ApiToken.objects.count() == 0


def test_tokens_page_revokes_a_token(as_user, admin_a):
    token, secret = issue_token(user=admin_a, name="laptop")
    response = as_user(admin_a).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/tokens/")
    token.refresh_from_db()
    assert token.revoked
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me").status_code == 401
    assert AuditEvent.objects.order_by("seq").last().action == "api_token.revoked"


def test_nobody_revokes_someone_elses_token(as_user, admin_a, hq_manager):
    token, _ = issue_token(user=admin_a, name="laptop")
    assert as_user(hq_manager).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert as_user(hq_manager).delete(f"/api/v1/tokens/{token.pk}").status_code == 404
    token.refresh_from_db()
    assert not token.revoked


def test_revoking_needs_post(as_user, admin_a):
    token, _ = issue_token(user=admin_a, name="laptop")
    assert as_user(admin_a).get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405


def test_tokens_page_lists_only_your_own_tokens(as_user, admin_a, admin_b):
    issue_token(user=admin_a, name="mine")
    issue_token(user=admin_b, name="theirs")
    tokens = list(as_user(admin_a).get("/accounts/tokens/").context["tokens"])
    assert [t.name for t in tokens] == ["mine"]


def test_tokens_page_costs_the_same_queries_for_one_or_many_tokens(as_user, admin_a, django_assert_max_num_queries):
    client = as_user(admin_a)
    issue_token(user=admin_a, name="one")
    with django_assert_max_num_queries(12) as one:
        client.get("/accounts/tokens/")
    for n in range(4):
        issue_token(user=admin_a, name=f"more {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/accounts/tokens/")


@pytest.mark.parametrize(("page_language", "preferred", "subject"), [
    ("ja", "en", "Reset your honbu password"),
    ("en", "ja", "honbu のパスワード再設定"),
    ("en", "", "Reset your honbu password"),
])
def test_password_reset_email_is_in_the_recipients_language(db, admin_a, page_language, preferred, subject):
    admin_a.preferred_language = preferred
    admin_a.save()
    response = Client(HTTP_ACCEPT_LANGUAGE=page_language).post("/accounts/password/reset/", {"email": admin_a.email})
    assert response.status_code == 302
    assert [m.subject for m in mail.outbox] == [subject]


def test_password_reset_link_sets_a_new_password(db, admin_a):
    Client().post("/accounts/password/reset/", {"email": admin_a.email})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    client = Client()
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "a new long passphrase 42", "new_password2": "a new long passphrase 42"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/reset/done/")
    response = Client().post("/accounts/login/", {"username": "sakura-admin", "password": "a new long passphrase 42"})
    assert (response.status_code, response["Location"]) == (302, "/dashboard/")


def test_invitation_is_written_in_the_language_the_inviter_chose(as_user, admin_a, business_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(admin_a, "ja").post(f"/organisations/{business_a.pk}/members/",
                                    {"name": "Jane Doe", "email": "jane@sakura.example.jp", "role": "org_member", "language": "en"})
    assert User.objects.get(email="jane@sakura.example.jp").preferred_language == "en"
    assert mail.outbox[0].subject == "You are invited to honbu by Sakura AI Solutions K.K."


def test_hq_manager_sees_the_government_organisations_to_manage(as_user, hq_manager, secretariat, ministry, business_a):
    response = as_user(hq_manager).get("/dashboard/")
    assert [o.pk for o in response.context["government_organisations"]] == [secretariat.pk, ministry.pk]
    assert f'href="/organisations/{ministry.pk}/members/"' in response.content.decode()


def test_hq_manager_invites_a_ministry_liaison(as_user, hq_manager, ministry, django_capture_on_commit_callbacks):
    client = as_user(hq_manager)
    assert client.get(f"/organisations/{ministry.pk}/members/").context["form"].fields["role"].choices == [
        ("ministry_liaison", "Ministry liaison")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/organisations/{ministry.pk}/members/",
                               {"name": "経産 三郎", "email": "saburo@meti.example.go.jp", "role": "ministry_liaison", "language": "ja"})
    assert response.status_code == 302
    assert Membership.objects.get(user__email="saburo@meti.example.go.jp").role == "ministry_liaison"
    assert mail.outbox[0].subject == "経済産業省 から honbu への招待が届いています"


def test_hq_manager_removes_an_hq_analyst(as_user, hq_manager, hq_analyst):
    response = as_user(hq_manager).post(f"/memberships/{hq_analyst.membership.pk}/remove/")
    assert response.status_code == 302
    hq_analyst.refresh_from_db()
    assert hq_analyst.is_active is False


@pytest.mark.parametrize(("persona", "status"), [("hq_manager", 200), ("hq_analyst", 403), ("liaison", 403), ("admin_a", 404)])
def test_ministry_members_are_managed_by_hq_managers_only(request, as_user, ministry, persona, status):
    assert as_user(request.getfixturevalue(persona)).get(f"/organisations/{ministry.pk}/members/").status_code == status


def test_hq_manager_does_not_manage_business_members(as_user, hq_manager, business_a, member_a):
    client = as_user(hq_manager)
    assert client.get(f"/organisations/{business_a.pk}/members/").status_code == 403
    assert client.post(f"/memberships/{member_a.membership.pk}/remove/").status_code == 403
    assert member_a.memberships.count() == 1


@pytest.mark.parametrize(("language", "expected"), [
    ("ja", "2026年11月29日 15:04"),
    ("en", "29 November 2026, 15:04"),
])
def test_dates_are_written_per_language_in_the_audit_log_and_dashboard(as_user, hq_manager, business_a, language, expected):
    from honbu.core.audit import record

    with time_machine.travel("2026-11-29 15:04:00+09:00", tick=False):
        record(hq_manager, "organisation.updated", business_a)
    client = as_user(hq_manager, language)
    assert expected in client.get("/audit/").content.decode()
    assert expected in client.get("/dashboard/").content.decode()


def test_dates_are_written_per_language_on_the_tokens_page(as_user, admin_a):
    with time_machine.travel("2026-11-29 09:30:00+09:00", tick=False):
        issue_token(user=admin_a, name="laptop")
    assert "2026年11月29日 9:30" in as_user(admin_a, "ja").get("/accounts/tokens/").content.decode()
    assert "29 November 2026, 09:30" in as_user(admin_a, "en").get("/accounts/tokens/").content.decode()


def test_hq_manager_list_of_government_members_costs_the_same_for_many(as_user, hq_manager, secretariat, ministry, django_assert_max_num_queries):
    client = as_user(hq_manager)
    with django_assert_max_num_queries(20) as one:
        client.get("/dashboard/")
    for _ in range(3):
        member("ministry_liaison", ministry)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/dashboard/")
