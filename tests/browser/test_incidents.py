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
    page.get_by_label("登録簿を検索する").fill("顔画像")
    expect(page.locator("#id_system option", has_text="翻訳エンジン")).to_have_count(0)  # htmx re-listed the select
    expect(page.locator("#id_system option", has_text="顔画像生成サービス")).to_have_count(1)
    page.locator("#id_system").select_option(str(system.pk))
    page.get_by_label("ディープフェイク・肖像の悪用").check()
    page.get_by_label("一人以上への重大な被害", exact=True).check()
    person.check()
    person.click(page.get_by_role("button", name="報告を送る"))
    expect(page.get_by_role("heading", level=1)).to_have_text("報告を受け付けました")
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
