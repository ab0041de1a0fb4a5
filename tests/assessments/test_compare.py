"""What changed between two assessments, as the organisation and HQ read it."""

from pathlib import Path

import yaml
from django.utils import translation

import honbu.rulebook as rulebook
from honbu.assessments.compare import changes, compact, digest

HIRING = yaml.safe_load((Path(__file__).parent / "profiles" / "hiring-screening.yaml").read_text())


def assess(profile, as_of="2026-11-29"):
    return compact(rulebook.assess(profile, as_of=as_of))


def test_same_profile_and_date_give_the_same_digest():
    assert digest(assess(HIRING)) == digest(assess(HIRING))


def test_derogation_without_profiling_takes_the_system_out_of_high_risk_and_says_why():
    before = assess(HIRING)
    after = assess({**HIRING, "derogation": {**HIRING["derogation"], "no_material_influence": True, "profiling": False}})
    with translation.override("en"):
        found = changes(before, after)
    assert found[0].kind == "tier"
    assert found[0].message.startswith("EU AI Act: now “")
    assert "(was “High-risk AI system”)" in found[0].message
    assert "Obligation no longer applies (Provider): Art 9." in [c.message for c in found]


def test_adding_the_eu_market_is_reported_in_japanese():
    japan_only = {**HIRING, "eu_nexus": {k: False for k in HIRING["eu_nexus"]} | {"civilian_use": True}}
    with translation.override("ja"):
        found = changes(assess(japan_only), assess(HIRING))
    assert found[0].kind == "tier"
    assert "高リスクAIシステム" in found[0].message


def test_nothing_changed_means_no_changes():
    assert changes(assess(HIRING), assess(HIRING)) == []
