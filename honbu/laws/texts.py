"""The statutes honbu cites, read from the JSON in `data/` (origin and licences in data/SOURCES.md).

Each text unit gets an anchor from its own numbering — `p1` for "1. …", `p1-a` for "(a) …" inside paragraph 1 —
so a citation like `Art 5(1)(a)` can point at the exact place.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

PARAGRAPH = re.compile(r"^(\d+[a-z]?)\.\s")
POINT = re.compile(r"^\(([a-z]{1,2}|[ivx]+)\)\s")
SECTION = re.compile(r"^Section ([A-Z])\.")


@dataclass(frozen=True)
class Unit:
    anchor: str
    text: str
    text_en: str = ""


@dataclass
class Provision:
    """An article or an annex."""

    kind: str  # "article" | "annex"
    num: str
    title: str
    title_en: str = ""
    units: list[Unit] = field(default_factory=list)
    applies_from: date | None = None
    source: str = ""
    note: str = ""

    @property
    def slug(self) -> str:
        return f"{'art' if self.kind == 'article' else 'annex'}-{self.num}"

    def anchors(self) -> set[str]:
        return {unit.anchor for unit in self.units}


@dataclass
class Law:
    key: str
    title: str
    short_title: str
    language: str
    version: str
    in_force_from: date
    provisions: dict[str, Provision]
    source_note: str

    def article(self, num: str) -> Provision | None:
        return self.provisions.get(f"art-{num}")

    def annex(self, num: str) -> Provision | None:
        return self.provisions.get(f"annex-{num}")

    def articles(self) -> list[Provision]:
        return [p for p in self.provisions.values() if p.kind == "article"]

    def annexes(self) -> list[Provision]:
        return [p for p in self.provisions.values() if p.kind == "annex"]


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def eu_units(paragraphs: list[str]) -> list[Unit]:
    units, paragraph, section, seen = [], "", "", set()
    for text in paragraphs:
        if match := SECTION.match(text):
            section, paragraph = match.group(1), ""
            anchor = f"s{section}"
        elif match := PARAGRAPH.match(text):
            paragraph = match.group(1)
            anchor = f"p{paragraph}"
        elif match := POINT.match(text):
            anchor = f"p{paragraph}-{match.group(1)}" if paragraph else f"pt-{match.group(1)}"
        else:
            anchor = f"p{paragraph}-cont" if paragraph else "intro"
        while anchor in seen:  # continuation text after points, repeated sub-point letters
            anchor += "-2"
        seen.add(anchor)
        units.append(Unit(anchor, text))
    return units


def load_eu(key: str, filename: str, short_title: str, in_force_from: date) -> Law:
    raw = json.loads((DATA / filename).read_text())
    provisions = {}
    for article in raw["articles"]:
        p = Provision("article", article["num"], article["title"], units=eu_units(article["paragraphs"]),
                      applies_from=_date(article.get("appliesFrom")), source=article.get("source", ""),
                      note=article.get("introducedBy") or ("amended by Regulation (EU) 2026/1744" if article.get("amendingSource") else ""))
        provisions[p.slug] = p
    for annex in raw["annexes"]:
        p = Provision("annex", annex["num"], annex["title"], units=eu_units(annex["paragraphs"]),
                      source=annex.get("source", ""), note=annex.get("provenance", "") or "")
        provisions[p.slug] = p
    return Law(key, raw["title"], short_title, "en", raw["version"], in_force_from, provisions,
               "© European Union, https://eur-lex.europa.eu — only the text published in the Official Journal is authentic.")


def load_jp() -> Law:
    raw = json.loads((DATA / "jp-ai-promotion-act.json").read_text())
    provisions = {}
    for article in raw["articles"]:
        units = []
        for paragraph in article["paragraphs"]:
            units.append(Unit(f"p{paragraph['num']}", paragraph["text_ja"], paragraph["text_en"]))
        p = Provision("article", str(article["num"]), article["caption_ja"] or article["article_title_ja"],
                      article["caption_en"] or article["article_title_en"], units, _date(article["effective_from"]))
        provisions[p.slug] = p
    return Law("jp-ai-promotion-act", raw["title_ja"], raw["abbrev_ja"], "ja", raw["text_as_of"],
               date.fromisoformat(raw["promulgated"]), provisions,
               "e-Gov法令検索（デジタル庁）。英訳は日本法令外国語訳データベース（法務省）による参考訳で、法的効力はありません。")


@cache
def laws() -> dict[str, Law]:
    return {
        "jp-ai-promotion-act": load_jp(),
        "eu-ai-act": load_eu("eu-ai-act", "eu-ai-act.json", "EU AI Act (as enacted)", date(2024, 8, 1)),
        # Regulation (EU) 2026/1744 entered into force on 2026-07-27 (eu-ai-act.md §2; date marked [U] there).
        "eu-ai-act-2026": load_eu("eu-ai-act-2026", "eu-ai-act-consolidated-2026-07-27.json",
                                  "EU AI Act (consolidated, 2026)", date(2026, 7, 27)),
    }


def eu_text_for(as_of: date) -> Law:
    """The EU text in force on a date: as enacted until the 2026 amendment took effect, consolidated after."""
    consolidated = laws()["eu-ai-act-2026"]
    return consolidated if as_of >= consolidated.in_force_from else laws()["eu-ai-act"]
