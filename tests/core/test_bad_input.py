"""Bad input from a user never produces a 500: odd ids, broken query strings, malformed bodies."""

import pytest
from django.test import Client

HUGE = "9" * 30


@pytest.mark.parametrize(("method", "path", "data", "status"), [
    ("get", f"/organisations/{HUGE}/", None, 404),
    ("get", f"/organisations/{HUGE}/members/", None, 404),
    ("post", f"/memberships/{HUGE}/remove/", None, 404),
    ("post", f"/accounts/tokens/{HUGE}/revoke/", None, 404),
    ("get", "/audit/?page=abc&since=not-a-date&until=2026-13-45&object_type=nope", None, 200),
    ("get", "/audit/?page=999999", None, 200),
    ("post", "/accounts/two-factor/", {"action": "confirm", "code": "123456"}, 302),
    ("post", "/accounts/two-factor/", {"action": "unknown"}, 302),
    ("post", "/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"}, 302),
    ("get", f"/api/v1/organisations/{HUGE}", None, 404),
    ("delete", f"/api/v1/tokens/{HUGE}", None, 404),
    ("get", "/api/v1/organisations?limit=abc&offset=-5", None, 422),
])
def test_bad_input_is_answered_without_a_server_error(as_user, hq_manager, method, path, data, status):
    response = getattr(as_user(hq_manager), method)(path, data) if data is not None else getattr(as_user(hq_manager), method)(path)
    assert response.status_code == status


def test_malformed_json_body_is_a_400_with_our_error_body(as_user, admin_a):
    response = as_user(admin_a).post("/api/v1/tokens", "{not json", content_type="application/json")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "bad_request")


def test_code_step_with_a_deleted_user_goes_back_to_login(db, hq_manager, as_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=hq_manager, name="app", confirmed=True)
    client = Client()
    client.post("/accounts/login/", {"username": "hq-manager", "password": "correct horse battery"})
    hq_manager.delete()
    response = client.post("/accounts/login/code/", {"code": "123456"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
