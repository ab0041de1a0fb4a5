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
import json
import sys
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


def fact_holds(path: str):
    """The yes/no answer at ``path``: the compiled plan reads it straight from the facts."""
    when = guarded(lambda ev: ev.fact(path), path)
    when.simple = ("fact", path, None)
    return when


def has_choices(path: str):
    """A list answer at ``path`` has at least one choice (an empty list is "none of these")."""
    when = lambda ev: nonempty(ev.fact(path))     # noqa: E731
    when.simple = ("nonempty", path, None)
    return when


def always(ev) -> bool:
    """A rule that holds whenever it is law (e.g. a statement about the whole framework)."""
    return True


always.simple = ("always", None, None)


def all_hold(*paths: str):
    """Every yes/no answer at ``paths`` is yes (three-valued: unknown while one is unanswered)."""
    when = guarded(lambda ev: all3(*[ev.fact(p) for p in paths]), paths[0])
    when.simple = ("all_true", paths, None)
    return when


def any_holds(*paths: str):
    """One of the yes/no answers at ``paths`` is yes."""
    when = lambda ev: any3(*[ev.fact(p) for p in paths])     # noqa: E731
    when.simple = ("any_true", paths, None)
    return when


def any_fails(*paths: str):
    """One of the yes/no answers at ``paths`` is no."""
    when = lambda ev: any3(*[not3(ev.fact(p)) for p in paths])     # noqa: E731
    when.simple = ("any_false", paths, None)
    return when


def has_item(path: str, item: str):
    """A list answer at ``path`` includes ``item``."""
    when = guarded(lambda ev: ev.has(path, item), path, item)
    when.simple = ("any", path, frozenset((item,)))
    return when


def has_any(path: str, *items: str):
    """A list answer at ``path`` includes one of ``items``."""
    wanted = frozenset(items)
    when = guarded(lambda ev: (lambda v: None if v is None else not wanted.isdisjoint(v))(ev.fact(path)), path, *items)
    when.simple = ("any", path, wanted)
    return when


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
    note: dict | None = None  # {literal_from, en, ja}: shown when that date exists and differs from ours
    notes_by_start: dict = field(default_factory=dict)   # {parameter: {en, ja}}: shown when dated by it

    def text(self, params: dict, start: dt.date, applies_from: str) -> tuple[str, str]:
        en, ja = self.text_en, self.text_ja
        notes = []
        if self.note and self.note["literal_from"] in params and params[self.note["literal_from"]] != start:
            notes.append(self.note)
        if applies_from in self.notes_by_start:
            notes.append(self.notes_by_start[applies_from])
        for note in notes:
            en, ja = f"{en} {note['en'].strip()}", ja + note["ja"].strip()
        return en.format(**params), ja.format(**params)


def load_obligations(path: Path) -> dict[str, ObligationSpec]:
    """Obligation specs by id; keys starting with ``_`` hold shared YAML anchors (notes), not obligations."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {oid: ObligationSpec(oid, o["citation"], o["strength"], o["en"].strip(), o["ja"].strip(), o["applies_from"],
                                o.get("note"), o.get("notes_by_start") or {})
            for oid, o in data.items() if not oid.startswith("_")}


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
        self._resolvers: dict[tuple, Callable] = {}     # (variable, labels in force) -> compiled plan
        self._trace: dict[tuple, dict] = {}

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

    def result(self, snap: "Snapshot", facts: dict) -> dict:
        """``classify(...).to_dict()`` without the Decision in between (``assess`` calls this)."""
        ev = Evaluation(snap, facts)
        out = self.decide(ev)
        out["citations"] = ev.citations()
        out["obligations"] = ev.obligations
        out["needs_answers"] = list(ev.needs)
        out["trace"] = ev.trace
        return out

    def trace_entry(self, rule: Rule, overridden_by: str | None = None) -> dict:
        key = (rule.label, overridden_by)
        entry = self._trace.get(key)
        if entry is None:
            entry = {"rule": rule.label, "citation": rule.citation,
                     "because": {"en": rule.because_en, "ja": rule.because_ja}}
            if overridden_by:
                entry["overridden_by"] = overridden_by
            entry = self._trace[key] = _frozen(entry)
        return entry

    def resolver(self, variable: "Variable", rules: list[Rule]) -> Callable[["Evaluation"], Any]:
        key = (variable.name, tuple(r.label for r in rules))
        compiled = self._resolvers.get(key)
        if compiled is None:
            compiled = self._resolvers[key] = compile_plan(variable, rules, self.trace_entry)
        return compiled


# --------------------------------------------------------------------------- compiled plans
def compile_plan(variable: Variable, rules: list[Rule], trace_entry: Callable[[Rule], dict]) -> Callable:
    """Generate one Python function that evaluates the rules in force for ``variable``.

    It has exactly the semantics of reading the rule table in order, then the exceptions:
    a rule that cannot hold because of a "no" (or a list answer without its choice) is skipped
    without a call (``guarded``); a condition that only reads one answer (``fact_holds``, ``has_choices``,
    ``has_item``, ``has_any``) is decided inline and its ``when`` is called only when the answer is
    missing (so that follow-up gates and ``needs_answers`` work as before); an exception runs only
    where a rule it overrides applies or is unanswered.  When no rule is unanswered and no
    exception applies, it returns the value and the prebuilt trace entries directly; otherwise
    it hands over to ``_finish`` (priorities, conflicts, needs)."""
    index = {r.label: i for i, r in enumerate(rules)}
    plain = [r for r in rules if not r.overrides]
    exceptions = [r for r in rules if r.overrides]
    watched = {index[t] for r in exceptions for t in r.overrides}
    ns: dict[str, Any] = {"_finish": _finish, "VAR": variable, "RULES": tuple(rules), "DEFAULT": variable.default,
                          "OUTCOMES": _Outcomes(variable, rules, tuple(trace_entry(r) for r in rules)),
                          "ORDER": tuple(index[r.label] for r in plain + exceptions)}     # the order they are read in
    # the rules that hold are the bits of ``applied`` (bit i: rule i), so that the common outcome,
    # no rule unanswered and no exception applying, is one look-up of the value and trace entries
    code = ["def resolve(ev):", "    get = ev.facts.get", "    applied = 0", "    unknown = []"]
    code += ["    excepted = False"] if exceptions else []
    code += [f"    s{i} = 0" for i in sorted(watched)]

    def holds(i, pad):
        return ([f"{pad}applied |= {1 << i}"] + ([f"{pad}s{i} = 1"] if i in watched else [])
                + ([f"{pad}excepted = True"] if rules[i].overrides else []))

    def call(i, pad):
        ns[f"W{i}"] = rules[i].when
        return ([f"{pad}ev._missing = []", f"{pad}h = W{i}(ev)", f"{pad}if h is True:"] + holds(i, pad + "    ")
                + [f"{pad}elif h is None:", f"{pad}    unknown.append(({i}, ev._missing))"]
                + ([f"{pad}    s{i} = 2"] if i in watched else []))

    def emit(i, pad):
        when = rules[i].when
        simple, guard = getattr(when, "simple", None), getattr(when, "guard", None)
        inner = pad + "    "
        if simple is not None:
            kind, path, items = simple
            ns[f"P{i}"], ns[f"I{i}"] = path, items
            if kind == "always":
                return holds(i, pad)
            if kind in ("all_true", "any_true", "any_false"):
                # decided inline when every answer is in (or one settles it); else the call records the needs
                for k, p in enumerate(path):
                    ns[f"P{i}_{k}"] = p
                names = [f"a{k}" for k in range(len(path))]
                reads = [f"{pad}{n} = get(P{i}_{k})" for k, n in enumerate(names)]
                every_true = " and ".join(f"{n} is True" for n in names)
                one_false = " or ".join(f"{n} is False" for n in names)
                if kind == "all_true":
                    yes, no = every_true, one_false
                elif kind == "any_true":
                    yes, no = " or ".join(f"{n} is True" for n in names), " and ".join(f"{n} is False" for n in names)
                else:
                    yes, no = one_false, every_true
                return (reads + [f"{pad}if {yes}:"] + holds(i, inner) + [f"{pad}elif not ({no}):"] + call(i, inner))
            if kind == "fact":
                return ([f"{pad}v = get(P{i})", f"{pad}if v is True:"] + holds(i, inner)
                        + [f"{pad}elif v is None:"] + call(i, inner))
            if kind == "nonempty":
                return ([f"{pad}v = get(P{i})", f"{pad}if v is None:"] + call(i, inner)
                        + [f"{pad}elif v:"] + holds(i, inner))
            test = f"{next(iter(items))!r} in v" if len(items) == 1 else f"not I{i}.isdisjoint(v)"
            return ([f"{pad}v = get(P{i})", f"{pad}if v is None:"] + call(i, inner)
                    + [f"{pad}elif v is not False and {test}:"] + holds(i, inner))
        if guard is None:
            return call(i, pad)
        path, items = guard
        ns[f"P{i}"], ns[f"I{i}"] = path, items
        if items is None:
            return [f"{pad}if get(P{i}) is not False:"] + call(i, inner)
        return ([f"{pad}v = get(P{i})", f"{pad}if v is None or (v is not False and not I{i}.isdisjoint(v)):"]
                + call(i, inner))

    for rule in plain:
        code += emit(index[rule.label], "    ")
    for rule in exceptions:
        code.append(f"    if {' or '.join(f's{index[t]}' for t in rule.overrides)}:")
        code += emit(index[rule.label], "        ")
    # nothing unanswered and no exception applied: the rules that hold decide, with their trace entries
    code += ["    if not unknown and not excepted:" if exceptions else "    if not unknown:",
             "        if not applied:", "            return DEFAULT",
             "        entries, value = OUTCOMES[applied]", "        ev.trace.extend(entries)", "        return value",
             "    return _finish(ev, VAR, [RULES[i] for i in ORDER if applied >> i & 1],"
             " [(RULES[i], m) for i, m in unknown])"]
    if not any("get(" in line for line in code):
        code.remove("    get = ev.facts.get")
    exec(compile("\n".join(code), f"<plan {variable.name}>", "exec"), ns)
    resolve = ns["resolve"]
    resolve.source = "\n".join(code)
    return resolve


class _Outcomes(dict):
    """What a set of rules that hold (a bit mask, no exception among them) gives a variable: the trace
    entries and the value, worked out once per set.  Rules that disagree raise RuleConflict each time."""

    def __init__(self, variable: Variable, rules: list[Rule], entries: tuple[dict, ...]):
        super().__init__()
        self.variable, self.rules, self.entries = variable, rules, entries

    def __missing__(self, applied: int) -> tuple[tuple[dict, ...], Any]:
        held = [i for i in range(len(self.rules)) if applied >> i & 1]
        values = [self.rules[i].value for i in held]
        if self.variable.collect:
            value = tuple(dict.fromkeys(v for v in values if v is not None))
        else:
            value = _agreed(self.variable.name, [self.rules[i] for i in held])
        if len(self) >= 4096:        # not expected (a few dozen sets per variable); keeps memory bounded
            self.clear()
        outcome = self[applied] = (tuple(self.entries[i] for i in held), value)
        return outcome


def _finish(ev: "Evaluation", var: Variable, applied: list[Rule], unknown: list[tuple[Rule, list]]):
    """Priorities, conflicts and needs, once an exception is in play or a rule is unanswered."""
    overridden = {t: r.label for r in applied for t in r.overrides}
    effective = [r for r in applied if r.label not in overridden]
    # an unanswered exception matters unless an applicable rule already overrides it
    open_unknown = [(r, m) for r, m in unknown if r.label not in overridden]
    entry = ev.snap.book.trace_entry
    for r in applied:
        ev.trace.append(entry(r, overridden.get(r.label)))
    if var.collect:
        blocked = {t for r, _ in open_unknown for t in r.overrides}
        certain = [r.value for r in effective if r.label not in blocked and r.value is not None]
        for _, missing in open_unknown:
            ev.need(missing)
        if open_unknown and not certain:
            return None
        return tuple(dict.fromkeys(certain))
    if effective:
        value = _agreed(var.name, effective)
        labels = {r.label for r in effective}
        pending = [(r, m) for r, m in open_unknown if labels.intersection(r.overrides) or r.value != value]
    else:
        value = var.default
        pending = [(r, m) for r, m in open_unknown if r.value != value]
    if pending:
        for _, missing in pending:
            ev.need(missing)
        return None
    return value


def _agreed(name: str, rules: list[Rule]):
    value = rules[0].value
    for r in rules:
        if r.value != value:
            raise RuleConflict(f"{name}: rules {[r.label for r in rules]} apply and disagree "
                               f"without a declared exception")
    return value


class Snapshot:
    """The law of one jurisdiction on one date: parameter values, compiled rules in force, built outputs."""

    def __init__(self, book: Rulebook, as_of: dt.date):
        self.book, self.as_of, self.iso = book, as_of, as_of.isoformat()
        # a parameter introduced by an amendment has no value before the amendment
        self.params = {n: p.at(as_of) for n, p in book.law.parameters.items() if p.starts[0] <= as_of}
        self.resolvers = {name: book.resolver(var, [r for r in book.rules if r.decides == name and r.in_force(as_of)])
                          for name, var in book.variables.items()}
        self._obligations: dict[tuple, dict] = {}
        self._groups: dict[tuple, list[dict]] = {}

    def trace_entry(self, rule: Rule, overridden_by: str | None = None) -> dict:
        return self.book.trace_entry(rule, overridden_by)

    def obligations_for(self, groups: tuple) -> list[dict]:
        out = self._groups.get(groups)
        if out is None:
            out = self._groups[groups] = [self.obligation(*spec) for group in groups for spec in group]
        return out

    def obligation(self, oid: str, addressee: str, applies_from: str | None = None) -> dict:
        key = (oid, addressee, applies_from)
        out = self._obligations.get(key)
        if out is None:
            spec = self.book.obligations[oid]
            dated_by = applies_from or spec.applies_from
            start = self.params[dated_by]
            en, ja = spec.text(self.params, start, dated_by)
            out = self._obligations[key] = {
                "id": oid, "addressee": addressee, "strength": spec.strength,
                "citation": spec.citation.format(**self.params),
                "text": {"en": en, "ja": ja},
                "applies_from": start.isoformat(), "in_effect": start <= self.as_of,
            }
            _frozen(out)
        return out



# --------------------------------------------------------------------------- evaluation

def flatten(profile: dict) -> dict:
    """``{section: {field: answer}}`` -> ``{"section.field": answer}``.  Evaluations add the
    not-applicable answers of questions whose x-show-if is false; those hold for every jurisdiction."""
    facts = {}
    try:
        for section, answers in profile.items():
            if type(answers) is dict:
                paths = _PATHS[section]
                for key, value in answers.items():
                    facts[paths[key]] = value
        return facts
    except KeyError:       # a section or field the schema does not know (an unvalidated profile): the slow way
        pass
    facts = {}
    for section, answers in profile.items():
        if type(answers) is dict:
            paths = _PATHS.get(section) or {}
            for key, value in answers.items():
                facts[paths.get(key) or section + "." + key] = value
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
        return has_choices(path)
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
# the dotted path of every question, built once: flatten looks them up instead of concatenating
_PATHS = {section: {key: sys.intern(f"{section}.{key}") for key in sec.get("properties", {})}
          for section, sec in profile_module.schema()["properties"].items()}


class Evaluation:
    """One profile under one snapshot: memoised variable values, trace, obligations, needs."""

    __slots__ = ("snap", "params", "resolvers", "facts", "values", "trace", "obligations", "needs", "_missing")

    def __init__(self, snap: Snapshot, facts: dict):
        self.snap, self.params, self.resolvers, self.facts = snap, snap.params, snap.resolvers, facts
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

    def ask(self, path: str):
        """A fact the decision procedure reads itself: when it is missing, the question (or the
        unanswered question it depends on) goes to ``needs_answers``."""
        self._missing = []
        value = self.fact(path)
        if value is None:
            self.need(self._missing)
        return value

    def need(self, paths) -> None:
        for p in paths:
            self.needs[p] = None

    # variables --------------------------------------------------------------
    def settle(self, name: str, value) -> None:
        """Record a value the decision procedure derived itself, for rules that read it."""
        self.values[name] = value

    def value(self, name: str):
        values = self.values
        if name in values:
            return values[name]
        result = values[name] = self.resolvers[name](self)
        return result

    # outputs ----------------------------------------------------------------
    def oblige(self, oid: str, addressee: str, applies_from: str | None = None) -> None:
        self.obligations.append(self.snap.obligation(oid, addressee, applies_from))

    def oblige_all(self, groups: tuple) -> None:
        """``oblige`` each ``(id, addressee[, applies_from])`` of each group in ``groups`` (nested
        tuples, e.g. a collected variable); the list is built once per date and ``groups``."""
        self.obligations.extend(self.snap.obligations_for(groups))

    def citations(self) -> list[str]:
        return list(dict.fromkeys([e["citation"] for e in self.trace if "overridden_by" not in e]))


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


# --------------------------------------------------------------------------- JSON output
# Obligation and trace dicts are built once per date and shared by every result (read-only), so
# their JSON is built once too, as UTF-8 bytes: ``encode`` joins those fragments instead of
# re-encoding the same Japanese and English sentences for every profile of a batch, and a batch
# writes the bytes as they are (no str -> UTF-8 pass over some 9 KB of mostly Japanese per line).
_dumps = json.JSONEncoder(ensure_ascii=False).encode
_string = json.encoder.encode_basestring          # what json.dumps(ensure_ascii=False) does to a str
_JSON: dict[int, bytes] = {}    # id of a shared dict -> its JSON
_KEEP: list[dict] = []          # the shared dicts, kept alive so that no other object can take their id


def _frozen(shared: dict) -> dict:
    _KEEP.append(shared)
    _JSON[id(shared)] = _dumps(shared).encode()
    return shared


class _Strings(dict):
    """JSON of the strings in a result (tiers, citations, question paths, dates): a few hundred
    distinct ones, each encoded once.  Anything but a str or None raises TypeError."""

    def __missing__(self, value: str) -> bytes:
        if len(self) > 10_000:       # not expected; keeps memory bounded whatever comes in
            self.clear()
            self[None] = b"null"
        encoded = self[value] = _string(value).encode()
        return encoded


_STRINGS = _Strings({None: b"null"})
_DECISION_KEYS = ["tier", "gpai", "citations", "obligations", "needs_answers", "trace"]
_shared = _JSON.__getitem__
_str = _STRINGS.__getitem__


def _decision(d: dict) -> list[bytes]:
    return [b'{"tier": ', _str(d["tier"]), b', "gpai": ', _str(d["gpai"]),
            b', "citations": [', b", ".join(map(_str, d["citations"])),
            b'], "obligations": [', b", ".join(map(_shared, map(id, d["obligations"]))),
            b'], "needs_answers": [', b", ".join(map(_str, d["needs_answers"])),
            b'], "trace": [', b", ".join(map(_shared, map(id, d["trace"]))), b"]}"]


def encode(result: dict) -> bytes:
    """``json.dumps(result, ensure_ascii=False).encode()`` for ``assess`` output, joined from the JSON
    of the shared obligation and trace dicts; anything of another shape goes to ``json.dumps``."""
    try:
        eu, jp = result["eu"], result["jp"]
        if len(result) == 4 and list(eu) == _DECISION_KEYS and list(jp) == _DECISION_KEYS:
            return b"".join([b'{"eu": ', *_decision(eu), b', "jp": ', *_decision(jp), b', "as_of": ',
                             _str(result["as_of"]), b', "rulebook_version": ', _str(result["rulebook_version"]), b"}"])
    except (KeyError, TypeError):        # not the assess shape, or a dict that is not shared: encode it all
        pass
    return _dumps(result).encode()
