"""Turn citation strings (`Art 5(1)(a)`, `Annex III 4(a)`, `Annex I Section A 11`, `Art. 16`) into links."""

import re
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from honbu.laws.texts import Law, eu_text_for, laws

ARTICLE = re.compile(r"^(?:Suppl\.\s*)?Art(?:icle)?\.?\s*(\d+[a-z]?)((?:\([0-9a-z]+\))*)", re.IGNORECASE)
ANNEX = re.compile(r"^Annex\s+([IVX]+)(?:\s+Section\s+([A-Z]))?(?:\s+(\d+))?((?:\([a-z0-9]+\))*)", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    law: Law
    slug: str
    anchor: str

    @property
    def url(self) -> str:
        path = reverse("laws:provision", args=[self.law.key, self.slug])
        return f"{path}#{self.anchor}" if self.anchor else path


def _best_anchor(candidates: list[str], available: set[str]) -> str:
    for anchor in candidates:
        if anchor in available:
            return anchor
    return ""


def resolve(citation: str, *, jurisdiction: str = "eu", as_of: date | None = None) -> Target | None:
    """The provision a citation points at, in the text in force on `as_of`; None when it cannot be found."""
    law = laws()["jp-ai-promotion-act"] if jurisdiction == "jp" else eu_text_for(as_of or date.today())
    text = citation.strip()
    if jurisdiction == "jp":
        text = text.removeprefix("AI Promotion Act").strip()
    if match := ARTICLE.match(text):
        provision = law.article(match.group(1))
        if provision is None:
            return None
        parts = re.findall(r"\(([0-9a-z]+)\)", match.group(2))
        candidates = []
        if parts:
            paragraph = parts[0]
            if len(parts) > 1:
                candidates.append(f"p{paragraph}-{parts[1]}")
            candidates.append(f"p{paragraph}")
        return Target(law, provision.slug, _best_anchor(candidates, provision.anchors()))
    if match := ANNEX.match(text):
        provision = law.annex(match.group(1).upper())
        if provision is None:
            return None
        section, point = match.group(2), match.group(3)
        candidates = [f"p{point}"] if point else []
        if section:
            candidates.append(f"s{section.upper()}")
        return Target(law, provision.slug, _best_anchor(candidates, provision.anchors()))
    return None
