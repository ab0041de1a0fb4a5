"""The JSON API: authentication, the same access rules as the HTML views, one error body."""

import pytest
import time_machine
from django.test import Client

from honbu.core.models import ApiToken, AuditEvent
from honbu.core.tokens import issue_token


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_api_refuses_anonymous_calls_with_401(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_token_is_shown_once_and_stored_hashed(as_user, admin_a):
    response = as_user(admin_a).post("/api/v1/tokens", {"name": "CI sync"}, content_type="application/json")
    assert response.status_code == 201
    secret = response.json()["token"]
    stored = ApiToken.objects.get()
    assert secret.startswith("hb_") and secret not in (stored.digest, stored.hint)
    assert bearer(secret).get("/api/v1/me").json()["username"] == "sakura-admin"
    assert "token" not in as_user(admin_a).get("/api/v1/tokens").json()[0]
    assert AuditEvent.objects.filter(action="api_token.issued").count() == 1


def test_revoked_token_no_longer_works(as_user, admin_a):
    token, secret = issue_token(user=admin_a, name="laptop")
    assert as_user(admin_a).delete(f"/api/v1/tokens/{token.pk}").json()["revoked"] is True
    assert bearer(secret).get("/api/v1/me").status_code == 401


def test_token_of_a_deactivated_user_no_longer_works(admin_a):
    _, secret = issue_token(user=admin_a, name="laptop")
    admin_a.is_active = False
    admin_a.save()
    assert bearer(secret).get("/api/v1/me").status_code == 401


def test_business_sees_only_its_own_organisation_through_the_api(admin_a, business_a, business_b):
    _, secret = issue_token(user=admin_a, name="sync")
    client = bearer(secret)
    assert [o["id"] for o in client.get("/api/v1/organisations").json()["items"]] == [business_a.pk]
    response = client.get(f"/api/v1/organisations/{business_b.pk}")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


@pytest.mark.parametrize("persona", ["hq_analyst", "liaison"])
def test_government_sees_every_organisation_through_the_api(request, as_user, persona, business_a, business_b):
    ids = {o["id"] for o in as_user(request.getfixturevalue(persona)).get("/api/v1/organisations").json()["items"]}
    assert {business_a.pk, business_b.pk} <= ids


def test_invalid_body_names_the_field(as_user, admin_a):
    response = as_user(admin_a).post("/api/v1/tokens", {"name": ""}, content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["name"]


def test_session_writes_need_the_csrf_token(admin_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_a, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")


def test_openapi_schema_is_published(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "honbu API"
    assert "/api/v1/organisations" in schema["paths"]


def test_throttled_call_gets_429_with_our_error_body_and_retry_after(admin_a, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "3/m"}
    _, secret = issue_token(user=admin_a, name="busy script")
    client = bearer(secret)
    with time_machine.travel("2026-11-29 10:00:00+09:00", tick=False) as traveller:
        assert [client.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 200]
        traveller.shift(15)
        response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response.json() == {"error": {"status": 429, "code": "too_many_requests",
                                         "message": "Too many requests. Try again in 45 seconds."}}
    assert response["Retry-After"] == "45"


def test_throttle_message_is_in_japanese_for_japanese_clients(admin_a, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "1/h"}
    _, secret = issue_token(user=admin_a, name="busy script")
    client = bearer(secret)
    with time_machine.travel("2026-11-29 10:00:00+09:00", tick=False):
        client.get("/api/v1/me")
        response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.json()["error"]["message"] == "リクエストが多すぎます。3600秒後にもう一度お試しください。"


def test_throttle_counts_each_user_separately_even_with_the_same_name(admin_a, admin_b, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "1/m"}
    admin_b.display_name = admin_a.display_name
    admin_b.save()
    _, secret_a = issue_token(user=admin_a, name="a")
    _, secret_b = issue_token(user=admin_b, name="b")
    assert bearer(secret_a).get("/api/v1/me").status_code == 200
    assert bearer(secret_b).get("/api/v1/me").status_code == 200
    assert bearer(secret_a).get("/api/v1/me").status_code == 429


def test_throttle_window_passes(admin_a, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "1/m"}
    _, secret = issue_token(user=admin_a, name="a")
    with time_machine.travel("2026-11-29 10:00:00+09:00", tick=False) as traveller:
        assert bearer(secret).get("/api/v1/me").status_code == 200
        assert bearer(secret).get("/api/v1/me").status_code == 429
        traveller.shift(61)
        assert bearer(secret).get("/api/v1/me").status_code == 200
