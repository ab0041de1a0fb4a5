"""What changed between two assessments of one system, in words a person reads.

Saved assessments keep a compact form of the rulebook's result (`compact`): tier, model axis, the fired
rules, the obligations as (id, addressee, date) and the open questions. Texts are looked up again when
shown, so a stored row stays small enough to keep one per change for 300,000 systems.
"""

import hashlib
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

import honbu.rulebook as rulebook

from honbu.assessments.report import ADDRESSEE, EU_TIERS, GPAI, question


def compact(result: dict) -> dict:
    def side(s: dict) -> dict:
        return {
            "tier": s.get("tier"),
            "gpai": s.get("gpai"),
            "citations": s["citations"],
            "rules": [[step["rule"], step["citation"]] for step in s["trace"] if "overridden_by" not in step],
            "obligations": sorted([o["id"], o["addressee"], o["applies_from"]] for o in s["obligations"]),
            "needs_answers": s["needs_answers"],
        }

    return {"eu": side(result["eu"]), "jp": side(result["jp"])}


def encode(compacted: dict) -> tuple[str, str]:
    """The canonical JSON text of a compact result and its SHA-256, computed together (re-assessment's hot path)."""
    text = json.dumps(compacted, sort_keys=True, separators=(",", ":"))
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
            new_rules = [citation for rule, citation in new["eu"]["rules"] if [rule, citation] not in old["eu"]["rules"]]
            because = ", ".join(dict.fromkeys(new_rules or new["eu"]["citations"][-3:]))
            found.append(Change(kind, _("EU AI Act: now “%(after)s” (was “%(before)s”), because of %(because)s.") % {
                "after": labels.get(after, after), "before": labels.get(before, before), "because": because}))
    for jurisdiction in ("eu", "jp"):
        before = {(o[0], o[1]): o[2] for o in old[jurisdiction]["obligations"]}
        after = {(o[0], o[1]): o[2] for o in new[jurisdiction]["obligations"]}
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
