"""A person reports a deepfake harm in Japanese without an account and follows it; an analyst triages it.

Every page visited passes axe (no serious or critical violation).
"""

import pytest
from playwright.sync_api import expect

from honbu.incidents.models import Report
from tests.browser.pages import Visitor
from tests.browser.test_browsing import LABELS, PASSWORD
from tests.incidents.factories import DEEPFAKE_JA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visitor(browser, live_server):
    contexts = []

    def open_visitor(language: str) -> Visitor:
        context = browser.new_context(locale={"ja": "ja-JP", "en": "en-GB"}[language])
        context.set_default_timeout(5000)
        contexts.append(context)
        return Visitor(context.new_page(), live_server.url)

    yield open_visitor
    for context in contexts:
        context.close()


def choose_by_search(search, text: str, select, *, gone: str, choose) -> None:
    """Type in a picker's search box, wait until htmx has re-listed its select without `gone`, choose a row."""
    search.fill(text)
    expect(select.locator("option", has_text=gone)).to_have_count(0)
    select.select_option(str(choose))


def send_report(person, boxes: list[str], *, button: str, heading: str) -> None:
    """Tick the kinds of harm and the severity, check the page with axe, send, and land on the receipt."""
    for label in boxes:
        person.page.get_by_label(label, exact=True).check()
    person.check()
    person.click(person.page.get_by_role("button", name=button))
    expect(person.page.get_by_role("heading", level=1)).to_have_text(heading)


def test_public_report_in_japanese_then_analyst_triages_it(visitor, hq_analyst, business_a):
    from honbu.incidents import similar
    from tests.registry.factories import AISystemFactory

    similar.reset()
    system = AISystemFactory(organisation=business_a, name_ja="顔画像生成サービス", name_en="FaceGen Studio",
                             is_public=True)
    AISystemFactory(organisation=business_a, name_ja="翻訳エンジン", name_en="Translator", is_public=True)
    person = visitor("ja")
    page = person.page
    person.goto("/incidents/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("AIによる被害を報告する")
    page.get_by_label("件名").fill(DEEPFAKE_JA["title"])
    page.get_by_label("何が起きたか").fill(DEEPFAKE_JA["description"])
    choose_by_search(page.get_by_label("登録簿を検索する"), "顔画像", page.locator("#id_system"),
                     gone="翻訳エンジン", choose=system.pk)
    send_report(person, ["ディープフェイク・肖像の悪用", "一人以上への重大な被害"], button="報告を送る",
                heading="報告を受け付けました")
    code = page.locator("#receipt-code").inner_text()
    report = Report.objects.get()
    assert (code, report.system, report.channel) == (report.receipt_display, system, "public")
    person.click(page.get_by_role("link", name="報告の状況を確認する"))
    page.get_by_label("受付番号").fill(code.lower().replace("-", " "))
    person.click(page.get_by_role("button", name="状況を表示する"))
    expect(page.locator(".receipt-status")).to_contain_text("受付済み（確認待ち）")

    analyst = visitor("ja")
    analyst.log_in("hq-analyst", PASSWORD, **LABELS["ja"])
    analyst.goto("/incidents/triage/")
    analyst.click(analyst.page.get_by_role("link", name=f"R{report.pk} {report.title}"))
    expect(analyst.page.locator("main")).to_contain_text("顔画像生成サービス")
    analyst.click(analyst.page.get_by_role("button", name="事案に統合する"))
    expect(analyst.page.get_by_role("heading", level=1)).to_contain_text(report.title)
    expect(analyst.page.locator("ul.systems")).to_contain_text("顔画像生成サービス (さくらAIソリューションズ株式会社)")


def test_public_report_names_an_organisation_found_by_typing_in_english(visitor, business_a, business_b):
    person = visitor("en")
    page = person.page
    person.goto("/incidents/report/")
    page.get_by_label("Title").fill("Chatbot gave out my address")
    page.get_by_label("What happened").fill("A customer-support chatbot told another customer my home address.")
    choose_by_search(page.get_by_label("Search for the organisation"), "Minato", page.locator("#id_organisation"),
                     gone="Sakura", choose=business_b.pk)
    send_report(person, ["Privacy or personal data", "Harm that was limited or quickly remedied"],
                button="Send the report", heading="Your report was received")
    assert Report.objects.get().organisation == business_b


def test_analyst_adds_an_organisation_to_the_analysis_and_keeps_the_first(visitor, hq_analyst, business_a, business_b):
    from honbu.incidents import transitions
    from tests.factories import OrganisationFactory
    from tests.incidents.factories import make_report

    case = transitions.merge_into_case(reports=[make_report()], by=hq_analyst)
    transitions.record_analysis(case=case, by=hq_analyst, organisations=[business_a], title=case.title)
    analyst = visitor("ja")
    analyst.log_in("hq-analyst", PASSWORD, **LABELS["ja"])
    analyst.goto(f"/incidents/cases/{case.pk}/")
    page = analyst.page
    OrganisationFactory(name_ja="株式会社ひかり翻訳", name_en="Hikari Translation K.K.")
    page.locator("#id_organisations_query").fill("みなと")
    expect(page.locator("#id_organisations option", has_text="ひかり")).to_have_count(0)  # htmx re-listed the select
    expect(page.locator("#id_organisations option:checked")).to_have_text(["さくらAIソリューションズ株式会社"])
    page.locator("#id_organisations").select_option([str(business_a.pk), str(business_b.pk)])
    analyst.check()
    analyst.click(page.get_by_role("button", name="分析を保存する"))
    assert set(case.organisations.all()) == {business_a, business_b}
