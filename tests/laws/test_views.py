import pytest


def test_statutes_are_public(client, db):
    response = client.get("/laws/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "人工知能関連技術の研究開発及び活用の推進に関する法律" in response.content.decode()


def test_article_16_shows_japanese_text_and_reference_translation(client, db):
    body = client.get("/laws/jp-ai-promotion-act/art-16/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "指導、助言、情報の提供" in body
    assert "give guidance, advice" in body
    assert "第16条" in body


def test_eu_article_has_anchors_for_each_point(client, db):
    body = client.get("/laws/eu-ai-act-2026/art-5/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="p1-a"' in body and 'id="p1-h"' in body
    assert "subliminal techniques" in body


@pytest.mark.parametrize("path", ["/laws/nope/", "/laws/eu-ai-act/art-999/", "/laws/jp-ai-promotion-act/annex-I/"])
def test_unknown_provisions_are_404(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(("language", "text"), [("ja", "2025年2月2日から適用されます。"), ("en", "Applies from 2 February 2025.")])
def test_application_date_is_shown_in_the_active_language(client, db, language, text):
    body = client.get("/laws/eu-ai-act-2026/art-5/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert text in body
