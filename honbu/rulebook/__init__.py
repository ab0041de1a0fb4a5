"""honbu rulebook: places an AI system under the EU AI Act and Japan's AI framework, side by side.

Pure Python (no Django).  Public API:

    classify(profile, *, jurisdiction, as_of) -> Decision
    assess(profile, *, as_of) -> dict      # both jurisdictions, JSON-ready
    profile.validate / profile.load / profile.schema / profile.questions
"""
from __future__ import annotations

import datetime as dt

from .engine import Decision, OutOfRange, RuleConflict, as_date, flatten
from .jurisdictions.eu import rules as _eu
from .jurisdictions.jp import rules as _jp

RULEBOOK_VERSION = "1.1.0"
BOOKS = {"eu": _eu.book(), "jp": _jp.book()}
_EU, _JP = BOOKS["eu"], BOOKS["jp"]

__all__ = ["BOOKS", "Decision", "OutOfRange", "RULEBOOK_VERSION", "RuleConflict", "assess", "change_dates", "classify", "coverage"]


def classify(profile: dict, *, jurisdiction: str, as_of: dt.date | str) -> Decision:
    """One jurisdiction's decision. Validate the profile first (``profile.validate``); this does not."""
    return BOOKS[jurisdiction].classify(profile, as_date(as_of))


def assess(profile: dict, *, as_of: dt.date | str) -> dict:
    """Both jurisdictions in the shape shared with the CLI, API and saved assessments."""
    day = as_date(as_of)
    eu, jp = _EU.snapshot(day), _JP.snapshot(day)     # refuses before any work if either law does not cover the date
    facts = flatten(profile)
    return {"eu": _EU.result(eu, facts), "jp": _JP.result(jp, facts), "as_of": eu.iso, "rulebook_version": RULEBOOK_VERSION}


def change_dates() -> tuple[dt.date, ...]:
    """Every date on which some encoded law changes: a parameter's new value or a rule coming into or out of
    force. Between two consecutive dates, ``assess`` decides the same for the same profile (only whether an
    obligation is already ``in_effect`` moves with ``as_of``), so a saved result can be reused."""
    return _CHANGE_DATES


def _collect_change_dates() -> tuple[dt.date, ...]:
    dates = set()
    for book in BOOKS.values():
        for parameter in book.law.parameters.values():
            dates.update(parameter.starts)
        for rule in book.rules:
            dates.update(d for d in (rule.since, rule.until) if d is not None)
    return tuple(sorted(dates))


_CHANGE_DATES = _collect_change_dates()


def coverage() -> dict[str, tuple[dt.date, dt.date]]:
    return {name: (book.law.start, book.law.end) for name, book in BOOKS.items()}
