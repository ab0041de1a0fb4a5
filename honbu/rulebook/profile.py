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
# The schema uses a handful of keywords; compiling them into one generated Python function (in the
# manner of fastjsonschema, but for exactly this schema) makes the common case, a valid profile,
# a few microseconds instead of jsonschema's hundreds.  Any keyword it does not know is refused when
# the check is first built, so it can never be laxer than the schema: when it says no, jsonschema names the errors.
_ANNOTATIONS = {"title", "description", "x-title-ja", "x-help-ja", "x-citation", "x-show-if", "x-enum-titles"}
_TOP_KEYWORDS = _ANNOTATIONS | {"$schema", "$id", "type", "additionalProperties", "properties"}
_SECTION_KEYWORDS = _ANNOTATIONS | {"type", "additionalProperties", "properties", "const"}
_FIELD_KEYWORDS = _ANNOTATIONS | {"type", "enum", "items", "uniqueItems", "minimum", "maxLength"}


def _refuse_unknown(where: str, spec: dict, known: set) -> None:
    unknown = set(spec) - known
    if unknown:
        raise ValueError(f"fast profile check does not know {sorted(unknown)} at {where}")


def _field_test(where: str, prop: dict, ns: dict) -> str | None:
    """A Python expression that is true when ``v`` (not None) is a valid answer; None for a yes/no
    answer (the generated code tests those keys together, as one set)."""
    _refuse_unknown(where, prop, _FIELD_KEYWORDS)
    kinds = set(prop["type"]) - {"null"}
    if "null" not in prop["type"] or len(kinds) != 1 or (prop.get("enum") and None not in prop["enum"]):
        raise ValueError(f"fast profile check expects one type besides null, null allowed, at {where}")
    kind, name = kinds.pop(), f"C{len(ns)}"
    if kind == "boolean" and set(prop) <= _ANNOTATIONS | {"type"}:
        return None
    if kind == "number" and set(prop) <= _ANNOTATIONS | {"type", "minimum"}:
        ns[name] = prop.get("minimum", float("-inf"))
        return f"(type(v) is int or type(v) is float) and v >= {name}"
    if kind == "string" and "enum" in prop and set(prop) <= _ANNOTATIONS | {"type", "enum"}:
        ns[name] = frozenset(v for v in prop["enum"] if v is not None)
        return f"type(v) is str and v in {name}"
    if kind == "string" and set(prop) <= _ANNOTATIONS | {"type", "maxLength"}:
        ns[name] = prop.get("maxLength", float("inf"))
        return f"type(v) is str and len(v) <= {name}"
    if kind == "array" and set(prop) <= _ANNOTATIONS | {"type", "items", "uniqueItems"} and set(prop["items"]) == {"type", "enum"} \
            and prop["items"]["type"] == "string":
        ns[name] = frozenset(prop["items"]["enum"])
        unique = " and len(set(v)) == len(v)" if prop.get("uniqueItems") else ""
        return f"type(v) is list and STRINGS.issuperset(map(type, v)) and {name}.issuperset(v){unique}"
    raise ValueError(f"fast profile check does not know the combination {sorted(prop)} at {where}")


@lru_cache(maxsize=1)
def _conformance_check():
    top = schema()
    _refuse_unknown("(profile)", top, _TOP_KEYWORDS)
    if top["type"] != "object" or top.get("additionalProperties") is not False:
        raise ValueError("fast profile check expects a closed object at the top")
    ns: dict = {"STRINGS": frozenset((str,)), "MISSING": object(),
                "SECTIONS": frozenset(top["properties"])}
    code = ["def conforms(profile):",
            "    if type(profile) is not dict or not SECTIONS.issuperset(profile):",
            "        return False",
            "    get = profile.get"]
    for section, spec in top["properties"].items():
        _refuse_unknown(section, spec, _SECTION_KEYWORDS)
        if "const" in spec:
            if set(spec) - _ANNOTATIONS != {"const"}:
                raise ValueError(f"fast profile check expects a bare const at {section}")
            ns[f"CONST_{section}"] = spec["const"]
            code += [f"    v = get({section!r}, MISSING)",
                     f"    if v is not MISSING and (type(v) is not type(CONST_{section}) or v != CONST_{section}):",
                     "        return False"]
            continue
        if spec["type"] != "object" or spec.get("additionalProperties") is not False:
            raise ValueError(f"fast profile check expects a closed object at {section}")
        fields = spec["properties"]
        code += [f"    a = get({section!r}, MISSING)",
                 "    if a is not MISSING:",
                 "        if type(a) is not dict:",
                 "            return False",
                 "        for k, v in a.items():"]
        yes_no, others = [], []
        for key, prop in fields.items():
            test = _field_test(f"{section}.{key}", prop, ns)
            (yes_no if test is None else others).append((key, test))
        branch = "if"
        if yes_no:
            ns[f"YES_NO_{section}"] = frozenset(key for key, _ in yes_no)
            code += [f"            if k in YES_NO_{section}:",
                     "                if v is not True and v is not False and v is not None:",
                     "                    return False"]
            branch = "elif"
        for key, test in others:
            code += [f"            {branch} k == {key!r}:",
                     f"                if v is not None and not ({test}):",
                     "                    return False"]
            branch = "elif"
        code += ["            else:", "                return False"]
    code.append("    return True")
    exec(compile("\n".join(code), "<profile/v1 conformance check>", "exec"), ns)
    return ns["conforms"]


@lru_cache(maxsize=1)
def number_fields() -> tuple[tuple[str, str], ...]:
    """``(section, field)`` of every numeric answer: in a valid profile, the only places a number can be."""
    return tuple((section, key) for section, spec in schema()["properties"].items()
                 for key, prop in spec.get("properties", {}).items() if "number" in prop["type"] or "integer" in prop["type"])


def _conforms(profile: object) -> bool:
    """Whether ``profile`` satisfies the schema (without naming the errors: jsonschema does that)."""
    return _conformance_check()(profile)


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


NO_ANSWERS: dict = {}  # an absent section: read-only, shared


def _contradictions(profile: dict) -> list[ProfileError]:
    """Answers that cannot all be true.  ``profile`` conforms to the schema (each section a dict)."""
    found = []

    def flag(path, en, ja):
        found.append(ProfileError(path, en, ja))

    section = profile.get
    exclusions, nexus, gpai = section("exclusions") or NO_ANSWERS, section("eu_nexus") or NO_ANSWERS, section("gpai") or NO_ANSWERS
    if exclusions.get("military_defence_security_only") and nexus.get("civilian_use"):
        flag("eu_nexus.civilian_use",
             "Contradiction: the system is said to be exclusively military, defence or national security, yet also civilian (Art 2(3)).",
             "矛盾: 専ら軍事・防衛・国家安全保障用とされながら、民生用途もあるとされています（第2条(3)）。")
    if gpai.get("open_weights") and gpai.get("licence") == "proprietary":
        flag("gpai.licence",
             "Contradiction: the weights are public, yet the licence is proprietary; choose 'open weights with use restrictions' or correct the answer (Art 53(2)).",
             "矛盾: 重みが公開されているのにライセンスがプロプライエタリです。「利用制限付きの公開」を選ぶか回答を修正してください（第53条(2)）。")
    annex_iii = section("annex_iii") or NO_ANSWERS
    points = annex_iii.get("points")
    if points:
        areas = set(annex_iii.get("areas") or ())
        for point in points:
            area = point.split("(")[0]
            if area not in areas:
                flag("annex_iii.points",
                     f"Contradiction: point {point} belongs to Annex III area {area}, which is not among the chosen areas.",
                     f"矛盾: 項目{point}は附属書IIIの分野{area}に属しますが、その分野が選択されていません。")
    if gpai.get("provides_gpai_model") is False and (section("system") or NO_ANSWERS).get("subject") == "gpai_model":
        flag("gpai.provides_gpai_model",
             "Contradiction: a general-purpose AI model is being assessed, yet you say you do not provide one (Art 3(63)).",
             "矛盾: 汎用目的AIモデルを評価対象としながら、汎用目的AIモデルを提供しないとされています（第3条(63)）。")
    if nexus.get("placed_on_eu_market"):
        for key, cite in (("scientific_research_sole_purpose", "Art 2(6)"), ("pre_market_research_testing", "Art 2(8)")):
            if exclusions.get(key):
                flag(f"exclusions.{key}",
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
