"""A person logs in and out in Japanese and English, switches language, sees their dashboard: all pages pass axe."""

import time

import pytest
from playwright.sync_api import expect

from tests.browser.pages import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"
LABELS = {
    "ja": {"user_label": "ユーザー名", "password_label": "パスワード", "button": "ログイン"},
    "en": {"user_label": "Username", "password_label": "Password", "button": "Log in"},
}


@pytest.fixture
def visit(browser, live_server):
    """`visit("ja")` opens a fresh browser tab whose Accept-Language is that language."""
    contexts = []

    def open_visitor(language: str) -> Visitor:
        context = browser.new_context(locale={"ja": "ja-JP", "en": "en-GB"}[language])
        context.set_default_timeout(5000)
        contexts.append(context)
        return Visitor(context.new_page(), live_server.url)

    yield open_visitor
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("language", "dashboard", "role", "logout", "login_heading"), [
    ("ja", "ダッシュボード", "組織管理者", "ログアウト", "ログイン"),
    ("en", "Dashboard", "Organisation administrator", "Log out", "Log in"),
])
def test_log_in_and_out(visit, admin_a, language, dashboard, role, logout, login_heading):
    visitor = visit(language)
    page = visitor.page
    visitor.log_in("sakura-admin", PASSWORD, **LABELS[language])
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(dashboard)
    expect(page.locator("main")).to_contain_text(role)
    visitor.click(page.get_by_role("button", name=logout))
    assert page.url.endswith("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text(login_heading)
    visitor.goto("/dashboard/")
    assert "/accounts/login/?next=/dashboard/" in page.url


def test_switch_language_with_the_visible_switch(visit, admin_a):
    visitor = visit("ja")
    page = visitor.page
    visitor.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ログイン")
    visitor.click(page.get_by_role("button", name="English"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    visitor.log_in("sakura-admin", PASSWORD, **LABELS["en"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    visitor.click(page.get_by_role("button", name="日本語"))
    expect(page.get_by_role("heading", level=1)).to_have_text("ダッシュボード")
    assert page.url.endswith("/dashboard/")


@pytest.mark.parametrize(("language", "message"), [
    ("ja", "正しいユーザー名とパスワードを入力してください。"),
    ("en", "Please enter a correct username and password."),
])
def test_wrong_password_shows_a_clear_message(visit, admin_a, language, message):
    visitor = visit(language)
    visitor.log_in("sakura-admin", "not the password", **LABELS[language])
    expect(visitor.page.get_by_role("alert")).to_contain_text(message)
    assert visitor.page.url.endswith("/accounts/login/")


@pytest.mark.parametrize(("persona", "username", "sees"), [
    ("hq_manager", "hq-manager", ["本部管理者", "本部が把握している組織", "事務局と府省庁の職員"]),
    ("hq_analyst", "hq-analyst", ["本部分析官", "本部が把握している組織"]),
    ("liaison", "meti-liaison", ["府省庁連絡担当", "本部が把握している組織"]),
    ("admin_a", "sakura-admin", ["組織管理者", "メンバーを管理"]),
    ("member_a", "sakura-member", ["組織メンバー", "所属組織"]),
])
def test_each_role_sees_its_dashboard(request, visit, persona, username, sees):
    request.getfixturevalue(persona)
    visitor = visit("ja")
    visitor.log_in(username, PASSWORD, **LABELS["ja"])
    main = visitor.page.locator("main")
    for text in sees:
        expect(main).to_contain_text(text)


def test_hq_manager_pages_pass_axe(visit, hq_manager, ministry, admin_a):
    visitor = visit("en")
    page = visitor.page
    visitor.log_in("hq-manager", PASSWORD, **LABELS["en"])
    visitor.click(page.get_by_role("link", name="Audit log").first)
    visitor.goto("/audit/?action=nothing-matches&since=not-a-date")
    visitor.click(page.locator("header").get_by_role("link", name=str(hq_manager)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    visitor.click(page.get_by_role("link", name="API tokens"))
    page.get_by_label("Token name").fill("nightly export")
    visitor.click(page.get_by_role("button", name="Create token"))
    expect(page.locator("#new-token")).to_contain_text("hb_")
    visitor.click(page.get_by_role("button", name="Revoke “nightly export”"))
    expect(page.get_by_role("status")).to_contain_text("was revoked")
    visitor.goto("/accounts/two-factor/")
    visitor.click(page.get_by_role("button", name="Set up two-factor authentication"))
    expect(page.locator("#totp-secret")).to_be_visible()
    visitor.goto("/dashboard/")
    visitor.click(page.get_by_role("link", name=f"Manage members of {ministry.name_en}"))
    page.get_by_label("Email address").fill("not-an-email")
    visitor.click(page.get_by_role("button", name="Send invitation"))
    expect(page.locator("#id_email_error")).to_have_text("Enter a valid email address.")


def test_organisation_admin_pages_pass_axe(visit, admin_a, business_a):
    visitor = visit("ja")
    page = visitor.page
    visitor.log_in("sakura-admin", PASSWORD, **LABELS["ja"])
    visitor.click(page.get_by_role("link", name="自組織"))
    visitor.click(page.locator("main").get_by_role("link", name="メンバーを管理"))
    visitor.goto("/accounts/password/change/")
    visitor.goto("/no/such/page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")


def test_public_pages_pass_axe(visit, db):
    visitor = visit("en")
    visitor.goto("/")
    visitor.goto("/accounts/password/reset/")
    visitor.page.get_by_label("Email").fill("nobody@example.jp")
    visitor.click(visitor.page.get_by_role("button").last)


def test_hq_analyst_turns_on_two_factor_and_logs_in_with_a_code(visit, hq_analyst):
    from base64 import b32decode

    from django_otp.oath import totp

    visitor = visit("en")
    page = visitor.page
    visitor.log_in("hq-analyst", PASSWORD, **LABELS["en"])
    visitor.click(page.get_by_role("link", name="Two-factor authentication"))
    visitor.click(page.get_by_role("button", name="Set up two-factor authentication"))
    key = b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
    confirmed_step = int(time.time() // 30)
    page.get_by_label("6-digit code").fill(f"{totp(key):06d}")
    visitor.click(page.get_by_role("button", name="Turn on two-factor authentication"))
    expect(page.get_by_role("status")).to_contain_text("Two-factor authentication is on.")
    visitor.click(page.get_by_role("button", name="Log out"))
    visitor.log_in("hq-analyst", PASSWORD, **LABELS["en"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    # A code of a later time step than the one that confirmed the device (that one is spent), within the
    # one-step tolerance: the next step's code while still in the same step, else the current one.
    drift = 1 if int(time.time() // 30) <= confirmed_step else 0
    page.get_by_label("6-digit code").fill(f"{totp(key, drift=drift):06d}")
    visitor.click(page.locator("main").get_by_role("button", name="Log in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
