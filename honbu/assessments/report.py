"""Turns the rulebook's result into what a person reads: labels in the active language, a dated timeline,
and the open questions with their titles. Reads the rulebook's output; decides nothing itself."""

from dataclasses import dataclass
from datetime import date
from functools import cache

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from honbu.rulebook import profile as profile_schema

EU_TIERS = {
    "out_of_scope": _("Outside the scope of the EU AI Act"),
    "prohibited": _("Prohibited practice"),
    "high": _("High-risk AI system"),
    "limited": _("Transparency obligations (limited risk)"),
    "minimal": _("Minimal risk"),
    None: _("Not yet determined: answers are missing"),
}
GPAI = {
    None: _("No general-purpose AI model obligations"),
    "gpai": _("General-purpose AI model"),
    "gpai_systemic": _("General-purpose AI model with systemic risk"),
}
ADDRESSEE = {
    "provider": pgettext_lazy("addressee", "Provider"),
    "deployer": pgettext_lazy("addressee", "Deployer"),
    "importer": pgettext_lazy("addressee", "Importer"),
    "distributor": pgettext_lazy("addressee", "Distributor"),
    "product_manufacturer": pgettext_lazy("addressee", "Product manufacturer"),
    "authorised_representative": pgettext_lazy("addressee", "Authorised representative"),
    "developer": pgettext_lazy("addressee", "AI developer"),
    "business_user": pgettext_lazy("addressee", "AI business user"),
    "developer_or_provider": pgettext_lazy("addressee", "AI developer or provider"),
    "ai_business_actor": pgettext_lazy("addressee", "Every AI business actor"),
    "utilising_business": pgettext_lazy("addressee", "Business utilising AI"),
    "rd_institution_or_business": pgettext_lazy("addressee", "R&D institution or business"),
    "local_government": pgettext_lazy("addressee", "Local government"),
    "any_person": pgettext_lazy("addressee", "Anyone"),
    "other": pgettext_lazy("addressee", "Other"),
}
STRENGTH = {
    "must": pgettext_lazy("obligation strength", "must"),
    "endeavour": pgettext_lazy("obligation strength", "endeavour"),
    "voluntary": pgettext_lazy("obligation strength", "voluntary"),
}


def _lang() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"


@cache
def _questions() -> dict[str, dict]:
    return {q["path"]: q for q in profile_schema.questions()}


@dataclass
class Question:
    path: str
    title: str
    help: str
    citation: str
    section: str


@dataclass
class Obligation:
    addressee: str
    addressee_label: str
    strength: str
    strength_label: str
    citation: str
    text: str
    applies_from: date
    in_effect: bool


@dataclass
class Side:
    jurisdiction: str
    tier: str | None
    tier_label: str
    gpai: str | None
    gpai_label: str
    citations: list[str]
    obligations: list[Obligation]
    questions: list[Question]
    trace: list[dict]

    @property
    def upcoming(self) -> list[Obligation]:
        return [o for o in self.obligations if not o.in_effect]


def question(path: str) -> Question:
    lang = _lang()
    known = _questions().get(path)
    if known is None:
        return Question(path, path, "", "", path.split(".")[0])
    return Question(path, known["title"][lang], known["help"][lang], known["citation"], known["section"])


def side(jurisdiction: str, result: dict) -> Side:
    lang = _lang()
    obligations = sorted(
        (
            Obligation(o["addressee"], str(ADDRESSEE.get(o["addressee"], o["addressee"])), o["strength"], str(STRENGTH.get(o["strength"], o["strength"])), o["citation"],
                       o["text"][lang], date.fromisoformat(o["applies_from"]), o["in_effect"])
            for o in result["obligations"]
        ),
        key=lambda o: (o.applies_from, o.citation),
    )
    trace = [
        {"rule": step["rule"], "citation": step["citation"], "because": step.get("because", {}).get(lang, ""),
         "overridden_by": step.get("overridden_by")}
        for step in result["trace"]
    ]
    tier = result.get("tier")
    return Side(
        jurisdiction=jurisdiction,
        tier=tier,
        tier_label=str(EU_TIERS.get(tier, tier)) if jurisdiction == "eu" else "",
        gpai=result.get("gpai"),
        gpai_label=str(GPAI.get(result.get("gpai"), "")),
        citations=result["citations"],
        obligations=obligations,
        questions=[question(path) for path in result["needs_answers"]],
        trace=trace,
    )


def build(result: dict) -> dict:
    return {
        "eu": side("eu", result["eu"]),
        "jp": side("jp", result["jp"]),
        "as_of": date.fromisoformat(result["as_of"]),
        "rulebook_version": result["rulebook_version"],
    }
