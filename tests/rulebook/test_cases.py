"""Every YAML case of every jurisdiction, run by one parametrised test."""
import pytest
import yaml

from honbu.rulebook import classify
from honbu.rulebook.profile import validate

from .conftest import JURISDICTIONS, with_answers


def _cases():
    for path in sorted(JURISDICTIONS.glob("*/cases/*.yaml")):
        jurisdiction = path.parent.parent.name
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(jurisdiction, case, id=f"{jurisdiction}: {case['name']}")


def _observed(decision: dict) -> dict:
    return {**decision,
            "obligations": [f"{o['addressee']}:{o['id']}@{o['applies_from']}" for o in decision["obligations"]],
            "in_effect": [f"{o['addressee']}:{o['id']}" for o in decision["obligations"] if o["in_effect"]]}


@pytest.mark.parametrize(("jurisdiction", "case"), list(_cases()))
def test_case_matches_expected(jurisdiction, case):
    profile = with_answers(case["facts"], base=case.get("base", True))
    assert validate(profile) == []
    decision = _observed(classify(profile, jurisdiction=jurisdiction, as_of=case["as_of"]).to_dict())
    assert {key: decision[key] for key in case["expected"]} == case["expected"]
