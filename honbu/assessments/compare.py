"""What changed between two assessments of one system, in words a person reads.

Saved assessments keep a compact form of the rulebook's result (`compact`): tier, model axis, the labels of
the fired rules, the obligation ids grouped by addressee and date, and the open questions. Citations and
texts are looked up in the rulebook when shown, so a row stays small (≈1 KB) for 300,000 systems.
"""

import hashlib
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

import honbu.rulebook as rulebook
from honbu.assessments.report import ADDRESSEE, EU_TIERS, GPAI, question


def compact(result: dict) -> dict:
    def side(s: dict) -> dict:
        obligations: dict[str, list[str]] = {}
        for o in s["obligations"]:
            obligations.setdefault(f"{o['addressee']}@{o['applies_from']}", []).append(o["id"])
        return {
            "tier": s.get("tier"),
            "gpai": s.get("gpai"),
            "rules": [step["rule"] for step in s["trace"] if "overridden_by" not in step],
            "obligations": {key: sorted(ids) for key, ids in obligations.items()},
            "needs_answers": s["needs_answers"],
        }

    return {"eu": side(result["eu"]), "jp": side(result["jp"])}


def _dated_obligations(side: dict) -> dict[tuple[str, str], str]:
    """{(obligation id, addressee): applies_from} from a compact side."""
    out = {}
    for key, ids in side["obligations"].items():
        addressee, applies_from = key.rsplit("@", 1)
        for oid in ids:
            out[(oid, addressee)] = applies_from
    return out


def rule_citations() -> dict[str, str]:
    return {rule.label: rule.citation for book in rulebook.BOOKS.values() for rule in book.rules}


def encode(compacted: dict) -> tuple[str, str]:
    """The canonical JSON text of a compact result and its SHA-256, computed together (re-assessment's hot path)."""
    text = json.dumps(compacted, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text, hashlib.sha256(text.encode()).hexdigest()


def digest(compacted: dict) -> str:
    return encode(compacted)[1]


def obligation_citations() -> dict[str, str]:
    return {oid: spec.citation for book in rulebook.BOOKS.values() for oid, spec in book.obligations.items()}


@dataclass
class Change:
    kind: str  # tier | gpai | obligation_added | obligation_removed | obligation_moved | answers
    message: str


def changes(old: dict, new: dict) -> list[Change]:
    """Differences from `old` to `new` (both compact), most important first."""
    obligation_texts = obligation_citations()
    found: list[Change] = []
    for axis, labels, kind in (("tier", EU_TIERS, "tier"), ("gpai", GPAI, "gpai")):
        before, after = old["eu"][axis], new["eu"][axis]
        if before != after:
            citations = rule_citations()
            new_rules = [rule for rule in new["eu"]["rules"] if rule not in old["eu"]["rules"]]
            because = ", ".join(dict.fromkeys(citations.get(rule, rule) for rule in (new_rules or new["eu"]["rules"][-3:])))
            found.append(Change(kind, _("EU AI Act: now “%(after)s” (was “%(before)s”), because of %(because)s.") % {
                "after": labels.get(after, after), "before": labels.get(before, before), "because": because}))
    for jurisdiction in ("eu", "jp"):
        before, after = _dated_obligations(old[jurisdiction]), _dated_obligations(new[jurisdiction])
        for key in sorted(after.keys() - before.keys()):
            found.append(Change("obligation_added", _("New obligation (%(addressee)s): %(citation)s, applies from %(date)s.") % {
                "citation": obligation_texts.get(key[0], key[0]), "addressee": ADDRESSEE.get(key[1], key[1]), "date": after[key]}))
        for key in sorted(before.keys() - after.keys()):
            found.append(Change("obligation_removed", _("Obligation no longer applies (%(addressee)s): %(citation)s.") % {
                "citation": obligation_texts.get(key[0], key[0]), "addressee": ADDRESSEE.get(key[1], key[1])}))
        for key in sorted(before.keys() & after.keys()):
            if before[key] != after[key]:
                found.append(Change("obligation_moved", _("Obligation moved (%(addressee)s): %(citation)s now applies from %(date)s instead of %(before)s.") % {
                    "citation": obligation_texts.get(key[0], key[0]), "addressee": ADDRESSEE.get(key[1], key[1]), "date": after[key], "before": before[key]}))
    opened = [p for p in new["eu"]["needs_answers"] + new["jp"]["needs_answers"]
              if p not in old["eu"]["needs_answers"] + old["jp"]["needs_answers"]]
    if opened:
        found.append(Change("answers", _("New questions to answer: %(questions)s.") % {
            "questions": ", ".join(question(p).title for p in dict.fromkeys(opened))}))
    return found
