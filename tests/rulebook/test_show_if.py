"""The questionnaire asks a follow-up only when its x-show-if holds; an unanswered field satisfies nothing."""
import pytest

from honbu.rulebook.profile import condition_holds, schema

PROFILE = {"system": {"subject": "ai_system"}, "role": {"eu_roles": ["deployer"]}, "annex_iii": {"areas": []}}


@pytest.mark.parametrize(("condition", "holds"), [
    (None, True),
    ({"field": "system.subject", "equals": "ai_system"}, True),
    ({"field": "system.subject", "in": ["gpai_model", "ai_system"]}, True),
    ({"field": "system.subject", "in": ["gpai_model"]}, False),
    ({"field": "role.eu_roles", "contains": "deployer"}, True),
    ({"field": "role.eu_roles", "contains_any": ["importer", "distributor"]}, False),
    ({"field": "annex_iii.areas", "nonempty": True}, False),
    ({"field": "gpai.provides_gpai_model", "equals": True}, False),
    ({"field": "gpai.provides_gpai_model", "in": [True, False]}, False),
    ({"any": [{"field": "role.eu_roles", "contains": "importer"}, {"field": "system.subject", "equals": "ai_system"}]}, True),
    ({"all": [{"field": "role.eu_roles", "contains": "importer"}, {"field": "system.subject", "equals": "ai_system"}]}, False),
])
def test_condition_holds(condition, holds):
    assert condition_holds(condition, PROFILE) is holds


def test_unknown_condition_is_an_error_not_a_shown_question():
    with pytest.raises(ValueError):
        condition_holds({"field": "system.subject", "startswith": "ai"}, PROFILE)


def test_every_condition_in_the_schema_is_understood():
    for section in schema()["properties"].values():
        for prop in [section, *section.get("properties", {}).values()]:
            if isinstance(prop, dict) and prop.get("x-show-if"):
                condition_holds(prop["x-show-if"], PROFILE)
