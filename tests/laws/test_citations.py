from datetime import date

import pytest

from honbu.laws.citations import resolve


@pytest.mark.parametrize(("citation", "url"), [
    ("Art 5(1)(a)", "/laws/eu-ai-act-2026/art-5/#p1-a"),
    ("Art 6(3)", "/laws/eu-ai-act-2026/art-6/#p3"),
    ("Art 50(2)", "/laws/eu-ai-act-2026/art-50/#p2"),
    ("Art 4a", "/laws/eu-ai-act-2026/art-4a/"),
    ("Annex III 4(a)", "/laws/eu-ai-act-2026/annex-III/#p4"),
    ("Annex I Section A 11", "/laws/eu-ai-act-2026/annex-I/#p11"),
    ("Annex I Section B", "/laws/eu-ai-act-2026/annex-I/#sB"),
])
def test_eu_citations_point_at_the_provision_in_force(citation, url):
    assert resolve(citation, as_of=date(2026, 11, 29)).url == url


def test_eu_citation_before_the_amendment_uses_the_enacted_text():
    assert resolve("Art 6(3)", as_of=date(2026, 1, 1)).url == "/laws/eu-ai-act/art-6/#p3"
    assert resolve("Art 4a", as_of=date(2026, 1, 1)) is None  # inserted by Regulation (EU) 2026/1744


@pytest.mark.parametrize(("citation", "url"), [
    ("Art. 16", "/laws/jp-ai-promotion-act/art-16/"),
    ("Art 7", "/laws/jp-ai-promotion-act/art-7/"),
    ("Art. 25(2)", "/laws/jp-ai-promotion-act/art-25/#p2"),
    ("AI Promotion Act Art 7", "/laws/jp-ai-promotion-act/art-7/"),
])
def test_japanese_citations_point_at_the_act(citation, url):
    assert resolve(citation, jurisdiction="jp").url == url


def test_unknown_citation_does_not_resolve():
    assert resolve("Art 999") is None
    assert resolve("Hiroshima Code 3") is None
