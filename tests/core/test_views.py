"""Every core view, for every persona: what they see, what they may change, in both languages."""

import pytest
from django.core import mail
from django.test import Client

from honbu.core.models import AuditEvent, Membership, User


@pytest.mark.parametrize("persona", ["hq_manager", "hq_analyst", "liaison", "admin_a", "member_a"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_dashboard_greets_each_role_in_their_language(request, as_user, persona, language):
    user = request.getfixturevalue(persona)
    response = as_user(user, language).get("/dashboard/")
    assert response.status_code == 200
    role = {"ja": {"hq_manager": "本部管理者", "hq_analyst": "本部分析官", "liaison": "府省庁連絡担当",
                   "admin_a": "組織管理者", "member_a": "組織メンバー"},
            "en": {"hq_manager": "HQ manager", "hq_analyst": "HQ analyst", "liaison": "Ministry liaison",
                   "admin_a": "Organisation administrator", "member_a": "Organisation member"}}[language][persona]
    assert role in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/dashboard/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/dashboard/")


def test_start_page_is_public(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Please enter a correct username and password."),
    ("ja", "正しいユーザー名とパスワードを入力してください。"),
])
def test_wrong_password_gets_a_clear_message(db, admin_a, language, message):
    response = Client(HTTP_ACCEPT_LANGUAGE=language).post("/accounts/login/", {"username": "sakura-admin", "password": "wrong"})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_login_with_the_right_password_opens_the_dashboard(db, admin_a):
    response = Client().post("/accounts/login/", {"username": "sakura-admin", "password": "correct horse battery"})
    assert (response.status_code, response["Location"]) == (302, "/dashboard/")


def test_repeated_failed_logins_are_throttled(db, admin_a, settings):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "sakura-admin", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "sakura-admin", "password": "correct horse battery"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_logout_ends_the_session(as_user, admin_a):
    client = as_user(admin_a)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.parametrize(("language", "heading"), [("en", "Page not found"), ("ja", "ページが見つかりません")])
def test_unknown_url_gets_a_404_page_in_the_active_language(client, db, language, heading):
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert heading in response.content.decode()


def test_language_switch_remembers_the_choice(as_user, admin_a):
    client = as_user(admin_a, "en")
    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/dashboard/"})
    assert response.status_code == 302
    assert "ダッシュボード" in client.get("/dashboard/").content.decode()


@pytest.mark.parametrize(("persona", "status"), [
    ("hq_manager", 200), ("hq_analyst", 200), ("liaison", 200), ("admin_a", 200), ("member_a", 200), ("admin_b", 404),
])
def test_organisation_page_is_visible_only_to_its_members_and_government(request, as_user, business_a, persona, status):
    user = request.getfixturevalue(persona)
    assert as_user(user).get(f"/organisations/{business_a.pk}/").status_code == status


@pytest.mark.parametrize(("persona", "status"), [
    ("admin_a", 200), ("member_a", 403), ("admin_b", 404), ("hq_analyst", 403), ("liaison", 403),
])
def test_members_page_is_for_the_organisations_admin(request, as_user, business_a, persona, status):
    user = request.getfixturevalue(persona)
    assert as_user(user).get(f"/organisations/{business_a.pk}/members/").status_code == status


def test_admin_invites_a_member_who_gets_an_email(as_user, admin_a, business_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(admin_a).post(f"/organisations/{business_a.pk}/members/",
                                         {"name": "田中 一郎", "email": "Ichiro.Tanaka@sakura.example.jp", "role": "org_member"})
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="ichiro.tanaka@sakura.example.jp")
    assert (membership.organisation, membership.role) == (business_a, "org_member")
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ichiro.tanaka@sakura.example.jp"]
    assert "/accounts/reset/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="membership.invited", actor=admin_a).count() == 1


@pytest.mark.parametrize(("language", "data", "field", "message"), [
    ("en", {"name": "Ichiro", "email": "not-an-email", "role": "org_member"}, "email", "Enter a valid email address."),
    ("ja", {"name": "一郎", "email": "not-an-email", "role": "org_member"}, "email", "有効なメールアドレスを入力してください。"),
    ("en", {"name": "Ichiro", "email": "i@sakura.example.jp", "role": "hq_manager"}, "role", "Select a valid choice."),
    ("en", {"name": "", "email": "i@sakura.example.jp", "role": "org_member"}, "name", "This field is required."),
])
def test_bad_invitation_shows_field_errors_and_saves_nothing(as_user, admin_a, business_a, language, data, field, message):
    users_before = User.objects.count()
    response = as_user(admin_a, language).post(f"/organisations/{business_a.pk}/members/", data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert User.objects.count() == users_before


def test_inviting_an_existing_address_is_refused(as_user, admin_a, business_a, admin_b):
    response = as_user(admin_a).post(f"/organisations/{business_a.pk}/members/",
                                     {"name": "X", "email": admin_b.email.upper(), "role": "org_member"})
    assert response.context["form"].errors["email"] == ["Someone with this email address already has an account."]


def test_admin_removes_a_member_of_their_own_organisation(as_user, admin_a, member_a):
    membership = member_a.memberships.get()
    response = as_user(admin_a).post(f"/memberships/{membership.pk}/remove/")
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert (member_a.is_active, member_a.memberships.count()) == (False, 0)
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == ["membership.removed", "user.deactivated"]


def test_admin_cannot_remove_members_of_another_organisation(as_user, admin_b, member_a):
    response = as_user(admin_b).post(f"/memberships/{member_a.memberships.get().pk}/remove/")
    assert response.status_code == 404
    assert member_a.memberships.count() == 1


@pytest.mark.parametrize(("persona", "status"), [("hq_manager", 200), ("hq_analyst", 403), ("liaison", 403), ("admin_a", 403)])
def test_audit_log_is_for_hq_managers(request, as_user, persona, status):
    assert as_user(request.getfixturevalue(persona)).get("/audit/").status_code == status


def test_audit_log_filters_by_action_and_shows_japanese_dates(as_user, hq_manager, admin_a, member_a):
    as_user(admin_a).post(f"/memberships/{member_a.memberships.get().pk}/remove/")
    response = as_user(hq_manager, "ja").get("/audit/", {"action": "membership"})
    events = list(response.context["page"])
    assert [e.action for e in events] == ["membership.removed"]
    assert "年" in response.content.decode()


def test_audit_log_costs_the_same_queries_for_one_or_many_events(as_user, hq_manager, admin_a, business_a, django_assert_max_num_queries):
    from honbu.core.audit import record

    client = as_user(hq_manager)
    record(admin_a, "organisation.updated", business_a)
    with django_assert_max_num_queries(12) as one:
        client.get("/audit/")
    for _ in range(10):
        record(admin_a, "organisation.updated", business_a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/audit/")


def test_members_list_costs_the_same_queries_for_one_or_many_members(as_user, admin_a, business_a, django_assert_max_num_queries):
    from tests.factories import member

    client = as_user(admin_a)
    with django_assert_max_num_queries(20) as one:
        client.get(f"/organisations/{business_a.pk}/members/")
    for _ in range(3):
        member("org_member", business_a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(f"/organisations/{business_a.pk}/members/")


@pytest.mark.parametrize(("language", "heading"), [("en", "Form expired"), ("ja", "フォームの有効期限が切れました")])
def test_csrf_failure_renders_our_page_in_the_active_language(db, admin_a, language, heading):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(admin_a, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403_csrf.html"
    content = response.content.decode()
    assert heading in content
    assert str(admin_a) in content  # the full layout, with the signed-in user's header


def test_csrf_failure_on_the_login_form_is_a_403_page_not_a_500(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_login_throttling_counts_each_client_behind_the_proxy(db, admin_a, settings):
    settings.NINJA_NUM_PROXIES = 1
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/accounts/login/", {"username": "sakura-admin", "password": "wrong"})
    assert attacker.post("/accounts/login/", {"username": "sakura-admin", "password": "wrong"}).status_code == 429
    colleague = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = colleague.post("/accounts/login/", {"username": "sakura-admin", "password": "correct horse battery"})
    assert (response.status_code, response["Location"]) == (302, "/dashboard/")
