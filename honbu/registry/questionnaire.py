"""The profile questionnaire, generated from the rulebook's JSON Schema (`profile/v1`).

Sections and questions come from the schema in its order; `x-show-if` decides, on the server, which follow-ups
are asked, so the form works without JavaScript. Answers to questions that are no longer relevant are dropped.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from honbu.rulebook import profile as rulebook_profile
from honbu.rulebook.profile import condition_holds

SCHEMA_ID = "profile/v1"


def _lang() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def _get(data: dict, path: str):
    section, _dot, key = path.partition(".")
    return (data.get(section) or {}).get(key)


@dataclass
class Question:
    section: str
    key: str
    spec: dict
    value: object = None
    error: str = ""

    @property
    def path(self) -> str:
        return f"{self.section}.{self.key}"

    @property
    def name(self) -> str:
        return f"{self.section}__{self.key}"

    @property
    def kind(self) -> str:
        types = [t for t in self.spec["type"] if t != "null"]
        if types[0] == "array":
            return "multi"
        if types[0] == "string" and "enum" in self.spec:
            return "choice"
        return types[0]  # boolean, string, number

    @property
    def title(self) -> str:
        return self.spec["x-title-ja"] if _lang() == "ja" else self.spec["title"]

    @property
    def help(self) -> str:
        return self.spec["x-help-ja"] if _lang() == "ja" else self.spec["description"]

    @property
    def citation(self) -> str:
        return "" if self.spec.get("x-citation") in (None, "—") else self.spec["x-citation"]

    @property
    def choices(self) -> list[tuple[str, str]]:
        titles = self.spec.get("x-enum-titles") or {}
        values = self.spec.get("enum") or self.spec.get("items", {}).get("enum") or []
        return [(v, titles.get(v, {}).get(_lang(), v)) for v in values if v is not None]

    @property
    def selected(self) -> list:
        return self.value if isinstance(self.value, list) else []

    def parse(self, post) -> None:
        """Read this question's answer from POST data; an empty answer means "not answered yet" (null)."""
        kind, raw = self.kind, post.get(self.name, "")
        self.error = ""
        if kind == "multi":
            allowed = {v for v, _label in self.choices}
            chosen = [v for v in post.getlist(self.name) if v]
            if any(v not in allowed for v in chosen):
                self.error = _("Choose from the listed options.")
            self.value = [v for v, _label in self.choices if v in chosen] or None
        elif kind == "boolean":
            self.value = {"yes": True, "no": False}.get(raw)
        elif kind == "choice":
            if raw and raw not in {v for v, _label in self.choices}:
                self.error = _("Choose from the listed options.")
            self.value = raw or None
        elif kind == "number":
            raw = raw.strip().replace(",", "").replace("×10^", "e").replace("x10^", "e").replace("10^", "1e")
            try:
                self.value = float(raw) if raw else None
            except ValueError:
                self.value, self.error = None, _("Enter a number, for example 1e25.")
            else:
                if self.value is not None and (not math.isfinite(self.value) or self.value < self.spec.get("minimum", -math.inf)):
                    self.error = _("Enter a number that is zero or more.")
                elif self.value is not None and self.value.is_integer() and abs(self.value) < 2**53:
                    self.value = int(self.value)
        else:
            self.value = raw.strip() or None
            if self.value and len(self.value) > self.spec.get("maxLength", 2000):
                self.error = _("This answer is too long.")


@dataclass
class Section:
    key: str
    spec: dict
    questions: list[Question] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.spec["x-title-ja"] if _lang() == "ja" else self.spec["title"]

    @property
    def help(self) -> str:
        return self.spec["x-help-ja"] if _lang() == "ja" else self.spec["description"]

    def applies(self, data: dict) -> bool:
        return condition_holds(self.spec.get("x-show-if"), data)

    def visible_questions(self, data: dict) -> list[Question]:
        return [q for q in self.questions if condition_holds(q.spec.get("x-show-if"), data)]

    @property
    def has_errors(self) -> bool:
        return any(q.error for q in self.questions)


def sections(data: dict | None = None) -> list[Section]:
    data = data or {}
    found = []
    for key, spec in rulebook_profile.schema()["properties"].items():
        if "properties" not in spec:
            continue  # profile_version is set by honbu, not asked
        section = Section(key, spec)
        for name, question_spec in spec["properties"].items():
            section.questions.append(Question(key, name, question_spec, _get(data, f"{key}.{name}")))
        found.append(section)
    return found


def section_named(key: str, data: dict) -> Section | None:
    return next((s for s in sections(data) if s.key == key), None)


def prune(data: dict) -> dict:
    """Drop answers to questions that are not asked given the other answers (repeat until stable)."""
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    for _round in range(5):
        changed = False
        for section in sections(data):
            answers = data.get(section.key)
            if not isinstance(answers, dict):
                continue
            if not section.applies(data):
                if any(v is not None for v in answers.values()):
                    data[section.key], changed = {}, True
                continue
            for question in section.questions:
                if question.key in answers and not condition_holds(question.spec.get("x-show-if"), data):
                    del answers[question.key]
                    changed = True
        if not changed:
            break
    return data


def apply_answers(data: dict, section: Section, post) -> dict:
    """A new profile with this section's answers taken from POST (only the questions currently asked)."""
    new = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    new["profile_version"] = "v1"
    answers = dict(new.get(section.key) or {})
    # Two passes: a follow-up revealed by an answer in this same POST is read as well.
    for _round in range(3):
        snapshot = {**new, section.key: answers}
        for question in section.visible_questions(snapshot):
            question.parse(post)
            if question.value is None:
                answers.pop(question.key, None)
            else:
                answers[question.key] = question.value
    new[section.key] = answers
    return prune(new)


def errors_by_path(errors) -> dict[str, str]:
    lang = _lang()
    return {e.path: (e.message_ja if lang == "ja" else e.message_en) for e in errors}


def question_titles() -> dict[str, str]:
    return {q.path: q.title for s in sections() for q in s.questions}


def validate(data: dict):
    return rulebook_profile.validate(data)


def initial_profile(system) -> dict:
    """A first draft prefilled from the registry record."""
    roles = [r for r, flag in (("developer", system.is_developer), ("provider", system.is_provider),
                               ("business_user", system.is_business_user)) if flag]
    data = {"profile_version": "v1", "system": {"name": system.name_ja or system.name_en}}
    if system.intended_purpose:
        data["system"]["intended_purpose"] = system.intended_purpose[:2000]
    status = ACT_STATUS.get(system.organisation.act_status)
    if status:
        data["japan"] = {"actor_status": [status], **({"meti_roles": roles} if roles else {})}
    return prune(data)


ACT_STATUS = {"rd_institution": "rd_institution", "utilising_business": "utilising_business",
              "local_government": "local_government", "administrative_agency": "incorporated_administrative_agency",
              "other": "other"}
