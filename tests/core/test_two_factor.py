"""Optional TOTP two-factor authentication for HQ roles, with real codes from django_otp's own TOTP function."""

import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from honbu.core.models import AuditEvent

NOW = "2026-11-29 10:00:00+09:00"
PASSWORD = "correct horse battery"


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset_steps):06d}"


def enrol(client: Client, user) -> TOTPDevice:
    client.post("/accounts/two-factor/", {"action": "start"})
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/accounts/two-factor/", {"action": "confirm", "code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    return device


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


@pytest.mark.parametrize("persona", ["hq_manager", "hq_analyst"])
def test_hq_staff_enrol_a_device_with_a_code(request, as_user, persona):
    user = request.getfixturevalue(persona)
    client = as_user(user)
    with time_machine.travel(NOW, tick=False):
        response = client.post("/accounts/two-factor/", {"action": "start"})
        assert (response.status_code, response["Location"]) == (302, "/accounts/two-factor/")
        page = client.get("/accounts/two-factor/").content.decode()
        device = TOTPDevice.objects.get(user=user)
        assert device.confirmed is False
        assert "otpauth://totp/honbu%3A" in page and "<svg" in page
        secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
        import base64
        assert base64.b32decode(secret) == device.bin_key
        response = client.post("/accounts/two-factor/", {"action": "confirm", "code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert actions() == ["otp_device.enrolment_started", "otp_device.confirmed"]
    assert AuditEvent.objects.get(action="otp_device.confirmed").changes == {"confirmed": [False, True]}


@pytest.mark.parametrize(("language", "message"), [
    ("en", "This code is not correct."),
    ("ja", "コードが正しくありません。"),
])
def test_wrong_code_does_not_confirm_the_device(as_user, hq_manager, language, message):
    client = as_user(hq_manager, language)
    with time_machine.travel(NOW, tick=False):
        client.post("/accounts/two-factor/", {"action": "start"})
        device = TOTPDevice.objects.get(user=hq_manager)
        wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
        response = client.post("/accounts/two-factor/", {"action": "confirm", "code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"][0].startswith(message)
    device.refresh_from_db()
    assert device.confirmed is False
    assert "otp_device.confirmed" not in actions()


@pytest.mark.parametrize("persona", ["liaison", "admin_a", "member_a"])
def test_two_factor_is_not_offered_outside_the_hq(request, as_user, persona):
    client = as_user(request.getfixturevalue(persona))
    assert client.get("/accounts/two-factor/").status_code == 404
    assert client.post("/accounts/two-factor/", {"action": "start"}).status_code == 404
    assert "/accounts/two-factor/" not in client.get("/accounts/").content.decode()
    assert "/accounts/two-factor/" not in client.get("/dashboard/").content.decode()
    assert TOTPDevice.objects.count() == 0


def test_login_asks_for_the_code_after_the_password(as_user, hq_manager):
    with time_machine.travel(NOW, tick=False) as traveller:
        device = enrol(as_user(hq_manager), hq_manager)
        traveller.shift(60)
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        response = client.post("/accounts/login/?next=/audit/", {"username": "hq-manager", "password": PASSWORD})
        assert (response.status_code, response["Location"]) == (302, "/accounts/login/code/")
        assert client.get("/dashboard/").status_code == 302  # not logged in yet
        response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert (response.status_code, response["Location"]) == (302, "/audit/")
    assert client.get("/audit/").status_code == 200


def test_pages_cost_no_extra_query_after_a_login_with_a_code(as_user, hq_manager):
    with time_machine.travel(NOW, tick=False) as traveller:
        device = enrol(as_user(hq_manager), hq_manager)
        traveller.shift(60)
        with_code = Client(HTTP_ACCEPT_LANGUAGE="en")
        with_code.post("/accounts/login/", {"username": "hq-manager", "password": PASSWORD})
        assert with_code.post("/accounts/login/code/", {"code": code_for(device)}).status_code == 302
    password_only = as_user(hq_manager)
    password_only.get("/accounts/")
    with CaptureQueriesContext(connection) as plain:
        password_only.get("/accounts/")
    with CaptureQueriesContext(connection) as after_code:
        assert with_code.get("/accounts/").status_code == 200
    assert len(after_code) == len(plain)


@pytest.mark.parametrize(("language", "message"), [
    ("en", "This code is not correct. Check the time on your device and enter the 6-digit code your authenticator app shows now."),
    ("ja", "コードが正しくありません。端末の時刻を確認し、認証アプリに今表示されている6桁のコードを入力してください。"),
])
def test_wrong_login_code_gets_a_clear_message(as_user, hq_manager, language, message):
    with time_machine.travel(NOW, tick=False) as traveller:
        device = enrol(as_user(hq_manager), hq_manager)
        traveller.shift(60)
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.post("/accounts/login/", {"username": "hq-manager", "password": PASSWORD})
        response = client.post("/accounts/login/code/", {"code": f"{(int(code_for(device)) + 1) % 1000000:06d}"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [message]
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Too many wrong codes. Try again in 4 seconds."),
    ("ja", "間違ったコードが続いたため、4秒後にもう一度お試しください。"),
])
def test_repeated_wrong_codes_are_throttled_even_with_the_right_code(as_user, hq_manager, language, message):
    with time_machine.travel(NOW, tick=False) as traveller:
        device = enrol(as_user(hq_manager), hq_manager)
        traveller.shift(60)
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.post("/accounts/login/", {"username": "hq-manager", "password": PASSWORD})
        wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
        client.post("/accounts/login/code/", {"code": wrong})  # 1st failure: wait 1 s
        traveller.shift(1)
        client.post("/accounts/login/code/", {"code": wrong})  # 2nd: wait 2 s
        traveller.shift(2)
        client.post("/accounts/login/code/", {"code": wrong})  # 3rd: wait 4 s
        response = client.post("/accounts/login/code/", {"code": code_for(device)})
        assert response.context["form"].errors["code"] == [message]
        assert client.get("/dashboard/").status_code == 302
        traveller.shift(4)
        response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_the_second_step_expires(as_user, hq_manager):
    with time_machine.travel(NOW, tick=False) as traveller:
        device = enrol(as_user(hq_manager), hq_manager)
        traveller.shift(60)
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.post("/accounts/login/", {"username": "hq-manager", "password": PASSWORD})
        traveller.shift(301)
        response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert client.get("/dashboard/").status_code == 302


def test_code_page_without_a_password_step_goes_back_to_login(client, db):
    response = client.get("/accounts/login/code/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")


def test_wrong_password_never_reaches_the_code_step(as_user, hq_manager):
    with time_machine.travel(NOW, tick=False):
        enrol(as_user(hq_manager), hq_manager)
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        response = client.post("/accounts/login/", {"username": "hq-manager", "password": "wrong"})
    assert response.status_code == 200
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"


def test_people_without_a_device_log_in_with_the_password_alone(db, hq_analyst):
    response = Client().post("/accounts/login/", {"username": "hq-analyst", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/dashboard/")


def test_device_is_removed_with_a_current_code_and_audited(as_user, hq_manager):
    client = as_user(hq_manager)
    with time_machine.travel(NOW, tick=False) as traveller:
        device = enrol(client, hq_manager)
        traveller.shift(60)
        response = client.post("/accounts/two-factor/", {"action": "remove", "code": "000000" if code_for(device) != "000000" else "111111"})
        assert response.status_code == 200
        assert TOTPDevice.objects.filter(user=hq_manager).count() == 1
        traveller.shift(5)
        response = client.post("/accounts/two-factor/", {"action": "remove", "code": code_for(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=hq_manager).count() == 0
    assert actions()[-1] == "otp_device.removed"
    response = Client().post("/accounts/login/", {"username": "hq-manager", "password": PASSWORD})
    assert response["Location"] == "/dashboard/"


def test_a_code_cannot_be_used_twice(as_user, hq_manager):
    with time_machine.travel(NOW, tick=False) as traveller:
        device = enrol(as_user(hq_manager), hq_manager)
        traveller.shift(60)
        first = Client()
        first.post("/accounts/login/", {"username": "hq-manager", "password": PASSWORD})
        assert first.post("/accounts/login/code/", {"code": code_for(device)}).status_code == 302
        second = Client()
        second.post("/accounts/login/", {"username": "hq-manager", "password": PASSWORD})
        assert second.post("/accounts/login/code/", {"code": code_for(device)}).status_code == 200


def test_empty_code_is_a_field_error(as_user, hq_manager):
    client = as_user(hq_manager)
    client.post("/accounts/two-factor/", {"action": "start"})
    response = client.post("/accounts/two-factor/", {"action": "confirm", "code": ""})
    assert response.context["form"].errors["code"] == ["This field is required."]
    assert TOTPDevice.objects.get().confirmed is False


def test_operator_resets_a_lost_device_from_the_command_line(hq_manager):
    from django.core.management import call_command

    TOTPDevice.objects.create(user=hq_manager, name="app", confirmed=True)
    call_command("twofactor", "reset", "hq-manager", "--reason", "lost phone, ticket 42")
    assert TOTPDevice.objects.count() == 0
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_label, event.data) == (
        "otp_device.reset", "honbu twofactor reset", {"user": "hq-manager", "reason": "lost phone, ticket 42"})
    response = Client().post("/accounts/login/", {"username": "hq-manager", "password": PASSWORD})
    assert response["Location"] == "/dashboard/"


def test_resetting_an_unknown_user_fails_loudly(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("twofactor", "reset", "nobody", "--reason", "x")
