"""The rulebook engine, in the manner of OpenFisca and Catala.

* Law as dated data: each parameter holds ``values: {date: {value, reference}}``; superseded values
  stay in the file.  A date outside a jurisdiction's ``coverage`` is refused.
* Rules are small labelled conditions that give a *variable* a value, each with a citation and the
  dates between which it is law.  An exception names the rules it overrides.  Two applicable rules
  that give different values with neither overriding the other raise ``RuleConflict``.  Rules that
  agree are all kept, so every ground is cited.
* Facts are three-valued: ``True``/``False``/``None`` (unanswered).  A variable that an unanswered
  fact could change is ``None`` and its missing facts go to ``needs_answers``: nothing is guessed.

Everything that does not depend on the profile (active rules, obligation texts, trace entries) is
built once per ``as_of`` and cached, so one evaluation is a few dict look-ups per rule.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from . import profile as profile_module


class OutOfRange(ValueError):
    """The ``as_of`` date lies outside the law encoded for a jurisdiction."""

    def __init__(self, jurisdiction: str, as_of: dt.date, start: dt.date, end: dt.date):
        self.jurisdiction, self.as_of, self.start, self.end = jurisdiction, as_of, start, end
        super().__init__(f"{jurisdiction}: as_of {as_of} is outside the encoded law "
                         f"(covered range {start} to {end}).")


class RuleConflict(RuntimeError):
    """Two rules both apply to one variable, disagree, and no exception settles which wins."""


# --------------------------------------------------------------------------- three-valued logic

def all3(*values):
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


def any3(*values):
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def not3(value):
    return None if value is None else not value


def nonempty(value):
    """A list answer or collected variable: None stays unknown, else whether anything is in it."""
    return None if value is None else bool(value)


def guarded(when, path: str, *items):
    """Mark a condition as unable to hold when the answer at ``path`` is False (or, for a list
    answer, contains none of ``items``).  The engine then skips it without calling it: most rules
    of a profile are off, and skipping them is what keeps one assessment in microseconds."""
    when.guard = (path, frozenset(items) if items else None)
    return when


# --------------------------------------------------------------------------- law as dated data

@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    starts: tuple[dt.date, ...]
    values: tuple[Any, ...]
    references: tuple[str, ...]

    def at(self, as_of: dt.date):
        i = bisect.bisect_right(self.starts, as_of) - 1
        if i < 0:
            raise OutOfRange(self.name, as_of, self.starts[0], self.starts[-1])
        return self.values[i]


@dataclass(frozen=True)
class Law:
    jurisdiction: str
    start: dt.date
    end: dt.date
    parameters: dict[str, Parameter]

    @classmethod
    def load(cls, path: Path) -> "Law":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        params = {}
        for name, spec in data["parameters"].items():
            dated = sorted(spec["values"].items())
            params[name] = Parameter(name, spec.get("description", ""), tuple(d for d, _ in dated),
                                     tuple(v["value"] for _, v in dated), tuple(v["reference"] for _, v in dated))
        cov = data["coverage"]
        return cls(data["jurisdiction"], cov["from"], cov["to"], params)

    def check(self, as_of: dt.date) -> None:
        if not (self.start <= as_of <= self.end):
            raise OutOfRange(self.jurisdiction, as_of, self.start, self.end)


# --------------------------------------------------------------------------- rules

@dataclass(frozen=True, slots=True)
class Rule:
    label: str
    citation: str
    decides: str
    when: Callable[["Evaluation"], bool | None]
    value: Any = True
    because_en: str = ""
    because_ja: str = ""
    since: dt.date | None = None     # first day the rule is law (None: from the start of coverage)
    until: dt.date | None = None     # first day it no longer is
    overrides: tuple[str, ...] = ()

    def in_force(self, as_of: dt.date) -> bool:
        return (self.since is None or self.since <= as_of) and (self.until is None or as_of < self.until)


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    default: Any = False
    collect: bool = False     # many rules may each add a value (e.g. several Annex III points)


@dataclass(frozen=True)
class ObligationSpec:
    id: str
    citation: str
    strength: str             # must / endeavour / voluntary
    text_en: str
    text_ja: str
    applies_from: str         # parameter name holding the date


def load_obligations(path: Path) -> dict[str, ObligationSpec]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {oid: ObligationSpec(oid, o["citation"], o["strength"], o["en"].strip(), o["ja"].strip(), o["applies_from"])
            for oid, o in data.items()}


class Rulebook:
    """One jurisdiction: its law parameters, variables, rules, obligations and decision procedure."""

    def __init__(self, *, law: Law, variables: list[Variable], rules: list[Rule],
                 obligations: dict[str, ObligationSpec], decide: Callable[["Evaluation"], dict]):
        self.jurisdiction, self.law, self.obligations, self.decide = law.jurisdiction, law, obligations, decide
        self.variables = {v.name: v for v in variables}
        labels = {}
        for r in rules:
            if r.label in labels:
                raise ValueError(f"duplicate rule label {r.label}")
            if r.decides not in self.variables:
                raise ValueError(f"rule {r.label} decides unknown variable {r.decides}")
            labels[r.label] = r
        seen = set()
        for r in rules:
            for target in r.overrides:
                if target not in seen or labels[target].decides != r.decides:
                    raise ValueError(f"exception {r.label} must follow {target}, a rule for {r.decides}")
            seen.add(r.label)
        self.rules = rules
        self._snapshots: dict[dt.date, Snapshot] = {}

    def snapshot(self, as_of: dt.date) -> "Snapshot":
        snap = self._snapshots.get(as_of)
        if snap is None:
            self.law.check(as_of)
            snap = self._snapshots[as_of] = Snapshot(self, as_of)
        return snap

    def classify(self, profile: dict, as_of: dt.date, facts: dict | None = None) -> "Decision":
        """``facts`` is ``flatten(profile)`` when the caller already has it (assess shares it)."""
        ev = Evaluation(self.snapshot(as_of), flatten(profile) if facts is None else facts)
        result = self.decide(ev)
        return Decision(self.jurisdiction, as_of, result, ev.trace, ev.citations(), ev.obligations,
                        list(ev.needs))


class Snapshot:
    """The law of one jurisdiction on one date: parameter values, rules in force, built outputs."""

    def __init__(self, book: Rulebook, as_of: dt.date):
        self.book, self.as_of = book, as_of
        # a parameter introduced by an amendment has no value before the amendment
        self.params = {n: p.at(as_of) for n, p in book.law.parameters.items() if p.starts[0] <= as_of}
        self.rules: dict[str, tuple] = {name: () for name in book.variables}
        for r in book.rules:
            if r.in_force(as_of):
                self.rules[r.decides] += ((r, getattr(r.when, "guard", None)),)
        self._trace: dict[tuple, dict] = {}
        self._obligations: dict[tuple, dict] = {}

    def trace_entry(self, rule: Rule, overridden_by: str | None = None) -> dict:
        key = (rule.label, overridden_by)
        entry = self._trace.get(key)
        if entry is None:
            entry = {"rule": rule.label, "citation": rule.citation,
                     "because": {"en": rule.because_en, "ja": rule.because_ja}}
            if overridden_by:
                entry["overridden_by"] = overridden_by
            entry = self._trace[key] = entry
        return entry

    def obligation(self, oid: str, addressee: str, applies_from: str | None = None) -> dict:
        key = (oid, addressee, applies_from)
        out = self._obligations.get(key)
        if out is None:
            spec = self.book.obligations[oid]
            start = self.params[applies_from or spec.applies_from]
            out = self._obligations[key] = {
                "id": oid, "addressee": addressee, "strength": spec.strength,
                "citation": spec.citation.format(**self.params),
                "text": {"en": spec.text_en.format(**self.params), "ja": spec.text_ja.format(**self.params)},
                "applies_from": start.isoformat(), "in_effect": start <= self.as_of,
            }
        return out


# --------------------------------------------------------------------------- evaluation

def flatten(profile: dict) -> dict:
    """``{section: {field: answer}}`` -> ``{"section.field": answer}``.  Evaluations add the
    not-applicable answers of questions whose x-show-if is false; those hold for every jurisdiction."""
    facts = {}
    for section, answers in profile.items():
        if type(answers) is dict:
            for key, value in answers.items():
                facts[section + "." + key] = value
    return facts


def _compile_gate(cond: dict):
    """Compile an ``x-show-if`` condition into a three-valued predicate over an Evaluation."""
    if "all" in cond:
        parts = [_compile_gate(c) for c in cond["all"]]
        return lambda ev: all3(*(p(ev) for p in parts))
    if "any" in cond:
        parts = [_compile_gate(c) for c in cond["any"]]
        return lambda ev: any3(*(p(ev) for p in parts))
    path = cond["field"]
    if "equals" in cond:
        want = cond["equals"]
        return lambda ev: (lambda v: None if v is None else v == want)(ev.fact(path))
    if "in" in cond:
        want = frozenset(cond["in"])
        return lambda ev: (lambda v: None if v is None else v in want)(ev.fact(path))
    if "contains" in cond:
        want = cond["contains"]
        return lambda ev: (lambda v: None if v is None else want in v)(ev.fact(path))
    if "contains_any" in cond:
        want = frozenset(cond["contains_any"])
        return lambda ev: (lambda v: None if v is None else not want.isdisjoint(v))(ev.fact(path))
    if "nonempty" in cond:
        return lambda ev: nonempty(ev.fact(path))
    raise ValueError(f"unknown x-show-if condition {cond}")


def _not_applicable(prop: dict):
    """The answer a question has when it is not asked because its x-show-if is false."""
    kind = next(t for t in prop["type"] if t != "null")
    return {"boolean": False, "array": (), "number": 0}.get(kind, "")


def _gates() -> dict[str, tuple[Callable, Any]]:
    gates = {}
    for section, sec in profile_module.schema()["properties"].items():
        for key, prop in sec.get("properties", {}).items():
            cond = prop.get("x-show-if") or sec.get("x-show-if")
            if cond:
                gates[f"{section}.{key}"] = (_compile_gate(cond), _not_applicable(prop))
    return gates


GATES = _gates()


class Evaluation:
    """One profile under one snapshot: memoised variable values, trace, obligations, needs."""

    __slots__ = ("snap", "params", "facts", "values", "trace", "obligations", "needs", "_missing")

    def __init__(self, snap: Snapshot, facts: dict):
        self.snap, self.params, self.facts = snap, snap.params, facts
        self.values: dict[str, Any] = {}
        self.trace: list[dict] = []
        self.obligations: list[dict] = []
        self.needs: dict[str, None] = {}      # ordered set of unanswered question paths
        self._missing: list[str] = []

    # facts ------------------------------------------------------------------
    def fact(self, path: str):
        value = self.facts.get(path)
        if value is None:
            gate = GATES.get(path)
            if gate is not None:
                shown = gate[0](self)
                if shown is False:
                    self.facts[path] = gate[1]     # later look-ups (and rule guards) see it directly
                    return gate[1]
                if shown is None:
                    return None          # the gate's own unanswered facts are already recorded
            self._missing.append(path)
        return value

    def has(self, path: str, item) -> bool | None:
        value = self.fact(path)
        return None if value is None else item in value

    def need(self, paths) -> None:
        for p in paths:
            self.needs[p] = None

    # variables --------------------------------------------------------------
    def settle(self, name: str, value) -> None:
        """Record a value the decision procedure derived itself, for rules that read it."""
        self.values[name] = value

    def value(self, name: str):
        if name in self.values:
            return self.values[name]
        result = self.values[name] = self._resolve(name)
        return result

    def _resolve(self, name: str):
        var = self.snap.book.variables[name]
        applied, unknown = [], []
        state: dict[str, bool | None] = {}      # label -> True (applies) / None (unanswered)
        facts = self.facts
        for rule, guard in self.snap.rules[name]:
            # an exception refines the rules it overrides: it matters only where one of them may hold
            if rule.overrides and not any(t in state for t in rule.overrides):
                continue
            if guard is not None:
                answer = facts.get(guard[0])
                if answer is not None and (answer is False or (guard[1] is not None and guard[1].isdisjoint(answer))):
                    continue
            self._missing = []
            holds = rule.when(self)
            if holds is True:
                applied.append(rule)
                state[rule.label] = True
            elif holds is None:
                unknown.append((rule, self._missing))
                state[rule.label] = None
        overridden = {t: r.label for r in applied for t in r.overrides}
        effective = [r for r in applied if r.label not in overridden]
        # an unanswered exception matters unless an applicable rule already overrides it
        open_unknown = [(r, m) for r, m in unknown if r.label not in overridden]
        for r in applied:
            by = overridden.get(r.label)
            self.trace.append(self.snap.trace_entry(r, by))
        if var.collect:
            blocked = {t for r, _ in open_unknown for t in r.overrides}
            certain = [r.value for r in effective if r.label not in blocked and r.value is not None]
            for _, missing in open_unknown:
                self.need(missing)
            if open_unknown and not certain:
                return None
            return tuple(dict.fromkeys(certain))
        if effective:
            values = {r.value for r in effective}
            if len(values) > 1:
                raise RuleConflict(f"{name}: rules {[r.label for r in effective]} apply and disagree "
                                   f"without a declared exception")
            value = effective[0].value
            labels = {r.label for r in effective}
            pending = [(r, m) for r, m in open_unknown if labels.intersection(r.overrides) or r.value != value]
        else:
            value = var.default
            pending = [(r, m) for r, m in open_unknown if r.value != value]
        if pending:
            for _, missing in pending:
                self.need(missing)
            return None
        return value

    # outputs ----------------------------------------------------------------
    def oblige(self, oid: str, addressee: str, applies_from: str | None = None) -> None:
        self.obligations.append(self.snap.obligation(oid, addressee, applies_from))

    def citations(self) -> list[str]:
        return list(dict.fromkeys(e["citation"] for e in self.trace if "overridden_by" not in e))


@dataclass
class Decision:
    jurisdiction: str
    as_of: dt.date
    result: dict                     # tier, gpai and any jurisdiction-specific keys
    trace: list[dict]
    citations: list[str]
    obligations: list[dict]
    needs_answers: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {**self.result, "citations": self.citations, "obligations": self.obligations,
                "needs_answers": self.needs_answers, "trace": self.trace}


@lru_cache(maxsize=None)
def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else _date(value)
