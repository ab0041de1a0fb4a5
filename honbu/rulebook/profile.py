"""The system profile (schema `profile/v1`): loading, validation, contradictions, questionnaire metadata.

A profile is nested one level: ``{section: {field: answer}}``. An absent field or ``null`` means
"not answered yet"; the engine lists the unanswered questions that would change its answer.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).parent / "schema" / "profile-v1.json"


@dataclass(frozen=True, slots=True)
class ProfileError:
    path: str          # dotted, e.g. "annex_iii.points"
    message_en: str
    message_ja: str

    def to_dict(self) -> dict:
        return {"path": self.path, "message_en": self.message_en, "message_ja": self.message_ja}


@lru_cache(maxsize=1)
def schema() -> dict:
    with SCHEMA_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def load(path: str | Path) -> dict:
    """Read a profile from a ``.json``, ``.yaml`` or ``.yml`` file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) if path.suffix.lower() in (".yaml", ".yml") else json.loads(text)
    return data if data is not None else {}


def validate(profile: object) -> list[ProfileError]:
    """Every schema error (one per bad field), then contradictions between answers."""
    if not _conforms(profile):          # jsonschema only when something is wrong: it names every error
        errors = [_schema_error(e) for e in _validator().iter_errors(profile)]
        if errors:
            return sorted(errors, key=lambda e: (e.path, e.message_en))
    return sorted(_contradictions(profile), key=lambda e: (e.path, e.message_en))


# --------------------------------------------------------------------------- fast conformance check
# The schema uses a handful of keywords; compiling them into plain predicates makes the common case
# (a valid profile) about a hundred times cheaper than jsonschema.  An unknown keyword is refused at
# import, so this check can never be laxer than the schema.
_KNOWN = {"type", "enum", "items", "uniqueItems", "minimum", "maxLength", "title", "description", "const",
          "x-title-ja", "x-help-ja", "x-citation", "x-show-if", "x-enum-titles"}


def _compile_property(prop: dict):
    unknown = set(prop) - _KNOWN
    if unknown:
        raise ValueError(f"fast profile check does not know {sorted(unknown)}")
    kind = next(t for t in prop["type"] if t != "null")
    if kind == "boolean":
        return lambda v: v is None or v is True or v is False
    if kind == "number":
        low = prop.get("minimum", float("-inf"))
        return lambda v: v is None or (type(v) in (int, float) and v >= low)
    if kind == "string" and "enum" in prop:
        allowed = frozenset(v for v in prop["enum"] if v is not None)
        return lambda v: v is None or (type(v) is str and v in allowed)
    if kind == "string":
        longest = prop.get("maxLength", float("inf"))
        return lambda v: v is None or (type(v) is str and len(v) <= longest)
    if kind == "array":
        allowed = frozenset(prop["items"]["enum"])
        return lambda v: v is None or (type(v) is list and len(set(v)) == len(v) and allowed.issuperset(v)
                                       and all(type(x) is str for x in v))
    raise ValueError(f"fast profile check does not know type {kind}")


@lru_cache(maxsize=1)
def _checks() -> dict:
    checks = {}
    for name, section in schema()["properties"].items():
        if name == "profile_version":
            checks[name] = section["const"]
            continue
        checks[name] = {key: _compile_property(prop) for key, prop in section["properties"].items()}
    return checks


def _conforms(profile: object) -> bool:
    if type(profile) is not dict:
        return False
    checks = _checks()
    for name, answers in profile.items():
        check = checks.get(name)
        if check is None:
            return False
        if type(check) is str:
            if answers != check:
                return False
            continue
        if type(answers) is not dict:
            return False
        for key, value in answers.items():
            field = check.get(key)
            if field is None or not field(value):
                return False
    return True


def _schema_error(error) -> ProfileError:
    path = ".".join(str(p) for p in error.absolute_path)
    kind = error.validator
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        path = ".".join(p for p in (path, extra[0]) if p)
        return ProfileError(path, f"Unknown field '{extra[0]}'.", f"未知の項目「{extra[0]}」です。")
    if kind == "type":
        expected = error.validator_value
        expected = [t for t in expected if t != "null"] if isinstance(expected, list) else [expected]
        names = " or ".join(expected)
        return ProfileError(path or "(profile)", f"Expected {names}, got {error.instance!r}.",
                            f"{names} 型の値が必要です（入力値: {error.instance!r}）。")
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value if v is not None)
        return ProfileError(path, f"{error.instance!r} is not one of: {allowed}.",
                            f"{error.instance!r} は選択肢（{allowed}）にありません。")
    if kind == "uniqueItems":
        return ProfileError(path, "Each choice may be listed only once.", "同じ選択肢は一度だけ指定してください。")
    if kind == "minimum":
        return ProfileError(path, f"Must be at least {error.validator_value}.",
                            f"{error.validator_value} 以上の値を指定してください。")
    if kind == "const":
        return ProfileError(path, f"Must be {error.validator_value!r}.", f"{error.validator_value!r} を指定してください。")
    return ProfileError(path or "(profile)", error.message, f"値が不正です: {error.message}")


def _get(profile: dict, path: str):
    section, _, key = path.partition(".")
    return (profile.get(section) or {}).get(key)


def _contradictions(profile: dict) -> list[ProfileError]:
    found = []

    def flag(path, en, ja):
        found.append(ProfileError(path, en, ja))

    if _get(profile, "exclusions.military_defence_security_only") and _get(profile, "eu_nexus.civilian_use"):
        flag("eu_nexus.civilian_use",
             "Contradiction: the system is said to be exclusively military, defence or national security, yet also civilian (Art 2(3)).",
             "矛盾: 専ら軍事・防衛・国家安全保障用とされながら、民生用途もあるとされています（第2条(3)）。")
    if _get(profile, "gpai.open_weights") and _get(profile, "gpai.licence") == "proprietary":
        flag("gpai.licence",
             "Contradiction: the weights are public, yet the licence is proprietary; choose 'open weights with use restrictions' or correct the answer (Art 53(2)).",
             "矛盾: 重みが公開されているのにライセンスがプロプライエタリです。「利用制限付きの公開」を選ぶか回答を修正してください（第53条(2)）。")
    areas = set(_get(profile, "annex_iii.areas") or ())
    for point in _get(profile, "annex_iii.points") or ():
        area = point.split("(")[0]
        if area not in areas:
            flag("annex_iii.points",
                 f"Contradiction: point {point} belongs to Annex III area {area}, which is not among the chosen areas.",
                 f"矛盾: 項目{point}は附属書IIIの分野{area}に属しますが、その分野が選択されていません。")
    if _get(profile, "system.subject") == "gpai_model" and _get(profile, "gpai.provides_gpai_model") is False:
        flag("gpai.provides_gpai_model",
             "Contradiction: a general-purpose AI model is being assessed, yet you say you do not provide one (Art 3(63)).",
             "矛盾: 汎用目的AIモデルを評価対象としながら、汎用目的AIモデルを提供しないとされています（第3条(63)）。")
    for flag_path, cite in (("exclusions.scientific_research_sole_purpose", "Art 2(6)"),
                            ("exclusions.pre_market_research_testing", "Art 2(8)")):
        if _get(profile, flag_path) and _get(profile, "eu_nexus.placed_on_eu_market"):
            flag(flag_path,
                 f"Contradiction: research-only use is claimed, yet the system is placed on the EU market ({cite}).",
                 f"矛盾: 研究目的のみとされながら、EU市場で上市されています（{cite}）。")
    return found


def questions() -> list[dict]:
    """The questionnaire in schema order: one dict per question, for forms and documentation."""
    out = []
    for section, sec in schema()["properties"].items():
        for key, prop in sec.get("properties", {}).items():
            out.append({
                "path": f"{section}.{key}", "section": section,
                "title": {"en": prop["title"], "ja": prop["x-title-ja"]},
                "help": {"en": prop["description"], "ja": prop["x-help-ja"]},
                "citation": prop["x-citation"],
                "type": next(t for t in prop["type"] if t != "null"),
                "choices": prop.get("x-enum-titles"),
                "show_if": prop.get("x-show-if") or sec.get("x-show-if"),
            })
    return out


def condition_holds(condition: dict | None, profile: dict) -> bool:
    """Whether a question with this ``x-show-if`` is asked, given the answers so far (an unanswered field
    satisfies no condition). The engine compiles the same conditions three-valued in ``engine._compile_gate``."""
    if not condition:
        return True
    if "any" in condition:
        return any(condition_holds(c, profile) for c in condition["any"])
    if "all" in condition:
        return all(condition_holds(c, profile) for c in condition["all"])
    value = _get(profile, condition["field"])
    if "equals" in condition:
        return value is not None and value == condition["equals"]
    if "in" in condition:
        return value is not None and value in condition["in"]
    if "contains" in condition:
        return isinstance(value, list) and condition["contains"] in value
    if "contains_any" in condition:
        return isinstance(value, list) and any(item in value for item in condition["contains_any"])
    if "nonempty" in condition:
        return bool(value) == bool(condition["nonempty"])
    raise ValueError(f"unknown x-show-if condition {condition}")
