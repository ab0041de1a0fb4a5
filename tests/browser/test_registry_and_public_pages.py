"""HQ searches the registry in Japanese and opens the inventory; the public reads the statutes and the public list of
AI systems and checks a pasted profile; the main pages fit a 375 px phone screen. axe runs on every page visited."""

import os
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

import honbu.rulebook as rulebook
from honbu.registry.models import AISystem
from tests.browser.pages import PHONE, Visitor, horizontal_overflow, open_context, squeezed_text
from tests.factories import OrganisationFactory
from tests.registry.factories import AISystemFactory, SystemProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def hiring_profile_yaml() -> str:
    """The rulebook's complete base profile, made a recruitment system (Annex III 4(a)) that no derogation covers."""
    base = yaml.safe_load((Path(rulebook.__file__).parent / "jurisdictions" / "base-profile.yaml").read_text())
    base["system"]["name"] = "採用面接支援AI"
    base["annex_iii"] = {"areas": ["4"], "points": ["4(a)"]}
    base["derogation"] = {"narrow_procedural_task": False, "improves_completed_human_activity": False,
                          "detects_patterns_with_human_review": False, "preparatory_task": False}
    return yaml.safe_dump(base, allow_unicode=True, sort_keys=False)


@pytest.fixture
def visit(browser, live_server):
    """`visit("ja")` opens a fresh browser context (own cookies) in that language; `phone=True` makes it 375 px wide."""
    contexts = []

    def open_visitor(language: str, *, phone: bool = False) -> Visitor:
        context = open_context(browser, language, **({"viewport": PHONE} if phone else {}))
        contexts.append(context)
        return Visitor(context.new_page(), live_server.url)

    yield open_visitor
    for context in contexts:
        context.close()


@pytest.fixture
def registry(db):
    """A hiring system and a chatbot in verified businesses; only the chatbot is listed publicly."""
    hiring = AISystemFactory(name_ja="採用選考支援AI", name_en="Hiring screening assistant",
                             organisation=OrganisationFactory(name_ja="さくら人材株式会社", name_en="Sakura HR K.K."))
    chatbot = AISystemFactory(name_ja="自治体案内チャットボット", name_en="Municipal enquiries chatbot", is_public=True,
                              description_ja="住民からの問い合わせに答えるチャットボットです。",
                              description_en="Answers residents' questions.", intended_purpose="住民案内",
                              organisation=OrganisationFactory(name_ja="みなと情報サービス株式会社",
                                                               name_en="Minato Information Services K.K."))
    return hiring, chatbot


def test_hq_analyst_searches_the_registry_in_japanese_and_opens_the_inventory(visit, hq_analyst, registry):
    hiring, chatbot = registry
    visitor = visit("ja")
    page = visitor.page
    visitor.log_in("hq-analyst", PASSWORD, user_label="ユーザー名", password_label="パスワード", button="ログイン")
    visitor.goto("/registry/systems/")
    search = page.get_by_role("search")
    search.get_by_label("検索", exact=True).fill("採用")
    visitor.click(search.get_by_role("button", name="検索"))
    expect(page.locator("main table thead th").first).to_have_text("名称")  # a system's name, not a person's (氏名)
    results = page.locator("main table tbody")
    expect(results.get_by_role("link")).to_have_text([hiring.name_ja])
    visitor.click(results.get_by_role("link", name=hiring.name_ja))
    expect(page.get_by_role("heading", level=1)).to_have_text(hiring.name_ja)
    visitor.goto("/dashboard/")
    visitor.click(page.locator("main").get_by_role("link", name="判定の一覧を開く"))
    expect(page.get_by_role("heading", level=1)).to_have_text("登録AIシステムの判定一覧")
    expect(page.locator("main .lead")).to_contain_text("2")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_public_reads_statutes_and_public_systems(visit, registry, language):
    hiring, chatbot = registry
    visitor = visit(language)
    page = visitor.page
    main = page.locator("main")
    visitor.goto("/laws/")
    visitor.click(main.get_by_role("link", name="EU AI Act (consolidated, 2026)"))
    visitor.click(main.get_by_role("link", name="Article 5" if language == "en" else "第5条", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prohibited AI practices")
    expect(page.get_by_role("heading", level=1).locator("[lang=en]")).to_have_text("Prohibited AI practices")
    visitor.goto("/laws/jp-ai-promotion-act/")
    visitor.click(main.get_by_role("link", name="第16条", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("第16条")
    expect(page.get_by_role("heading", level=1).locator("[lang=ja]")).to_have_text(
        page.get_by_role("heading", level=1).locator("[lang=ja]").inner_text())
    expect(main.locator(".statute-unit p[lang=ja]").first).to_be_visible()

    visitor.goto("/public/systems/")
    names = {"ja": chatbot.name_ja, "en": chatbot.name_en}
    expect(main.locator(".results").get_by_role("link")).to_have_text([names[language]])
    visitor.click(main.get_by_role("link", name=names[language]))
    expect(page.get_by_role("heading", level=1)).to_have_text(names[language])


@pytest.mark.parametrize(("language", "label", "button", "high"), [
    ("ja", "システムプロファイル（JSONまたはYAML）", "判定する", "高リスクAIシステム"),
    ("en", "System profile (JSON or YAML)", "Assess", "High-risk AI system"),
])
def test_anyone_checks_a_pasted_yaml_profile(visit, db, language, label, button, high):
    visitor = visit(language)
    page = visitor.page
    visitor.goto("/assessments/check/")
    # A wrong answer type: the field is named, nothing assessed.
    profile = hiring_profile_yaml()
    page.get_by_label(label).fill(profile.replace("machine_based: true", "machine_based: perhaps"))
    visitor.click(page.locator("main").get_by_role("button", name=button))
    expect(page.get_by_role("alert")).to_contain_text("system.machine_based")
    expect(page.locator(".side-by-side")).to_have_count(0)
    page.get_by_label(label).fill(profile)
    visitor.click(page.locator("main").get_by_role("button", name=button))
    report = page.locator(".side-by-side")
    expect(report.locator(".trace").get_by_role("link", name="Annex III 4(a)")).to_be_visible()
    expect(report.locator(".tier").first).to_have_text(high)
    assert AISystem.objects.count() == 0


@pytest.mark.parametrize("path", [
    "/register/", "/laws/", "/laws/eu-ai-act-2026/art-5/", "/laws/jp-ai-promotion-act/art-16/",
    "/public/systems/", "/assessments/check/",
])
def test_public_pages_fit_a_phone_screen(visit, registry, path, tmp_path):
    visitor = visit("ja", phone=True)
    visitor.goto(path)
    screenshot(visitor.page, "phone" + path.replace("/", "-").rstrip("-"))
    assert (horizontal_overflow(visitor.page), squeezed_text(visitor.page)) == ([], [])


def screenshot(page, name: str) -> None:
    """With BROWSER_SCREENSHOTS=/some/dir set, keep a full-page picture to look at (the layout check is by eye too)."""
    folder = os.environ.get("BROWSER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True, clip={"x": 0, "y": 0, "width": 375, "height": 1200})


def test_business_pages_fit_a_phone_screen(visit, admin_a, business_a):
    system = AISystemFactory(organisation=business_a, name_ja="採用面接支援AI", name_en="Interview screening assistant")
    SystemProfileFactory(system=system, version=1, status="submitted", data=yaml.safe_load(hiring_profile_yaml()))
    visitor = visit("ja", phone=True)
    page = visitor.page
    visitor.log_in("sakura-admin", PASSWORD, user_label="ユーザー名", password_label="パスワード", button="ログイン")
    for name, path in [
        ("dashboard", "/dashboard/"), ("systems", "/registry/systems/"), ("system", f"/registry/systems/{system.pk}/"),
        ("profile", f"/registry/systems/{system.pk}/profile/"),
        ("questions", f"/registry/systems/{system.pk}/profile/annex_iii/"),
        ("assessment", f"/assessments/systems/{system.pk}/"),
    ]:
        visitor.goto(path)
        screenshot(page, f"phone-{name}")
        assert (horizontal_overflow(page), squeezed_text(page)) == ([], []), path
