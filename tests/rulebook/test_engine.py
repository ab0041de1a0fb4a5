"""Engine semantics: exceptions, conflicts, dated law, refusals, and the assess shape."""
import datetime as dt
from pathlib import Path

import pytest

from honbu.rulebook import RULEBOOK_VERSION, OutOfRange, RuleConflict, assess, classify, coverage
from honbu.rulebook.engine import Law, Rule, Rulebook, Variable, load_obligations

from .conftest import with_answers

EU_LAW = Law.load(Path(__file__).resolve().parents[2] / "honbu/rulebook/jurisdictions/eu/law.yaml")


def _toy_book(rules):
    return Rulebook(law=EU_LAW, variables=[Variable("x")], rules=rules, obligations={},
                    decide=lambda ev: {"tier": ev.value("x"), "gpai": None})


def test_rules_that_disagree_without_an_exception_raise_conflict():
    book = _toy_book([Rule("a", "Art 1", "x", lambda ev: True, value="high"),
                      Rule("b", "Art 2", "x", lambda ev: True, value="minimal")])
    for _ in range(2):          # every time, not only when first met
        with pytest.raises(RuleConflict):
            book.classify({}, dt.date(2026, 1, 1))


def test_rules_that_agree_are_both_cited():
    book = _toy_book([Rule("a", "Art 1", "x", lambda ev: True, value="high"),
                      Rule("b", "Art 2", "x", lambda ev: True, value="high")])
    assert book.classify({}, dt.date(2026, 1, 1)).citations == ["Art 1", "Art 2"]


def test_exception_overrides_the_rule_it_names():
    book = _toy_book([Rule("a", "Art 1", "x", lambda ev: True, value="high"),
                      Rule("b", "Art 1(2)", "x", lambda ev: True, value="minimal", overrides=("a",))])
    decision = book.classify({}, dt.date(2026, 1, 1))
    assert (decision.result["tier"], [e.get("overridden_by") for e in decision.trace]) == ("minimal", ["b", None])


def test_trace_lists_the_rules_then_the_exceptions_in_the_order_they_are_read():
    book = _toy_book([Rule("a", "Art 1", "x", lambda ev: True, value="minimal"),
                      Rule("a_excepted", "Art 1(2)", "x", lambda ev: True, value="high", overrides=("a",)),
                      Rule("b", "Art 2", "x", lambda ev: True, value="high")])
    decision = book.classify({}, dt.date(2026, 1, 1))
    assert (decision.result["tier"], [(e["rule"], e.get("overridden_by")) for e in decision.trace]) == (
        "high", [("a", "a_excepted"), ("b", None), ("a_excepted", None)])


def test_the_same_rules_holding_again_give_the_same_value_and_trace():
    book = _toy_book([Rule("a", "Art 1", "x", lambda ev: ev.fact("eu_nexus.placed_on_eu_market"), value="high"),
                      Rule("b", "Art 2", "x", lambda ev: ev.fact("eu_nexus.output_used_in_eu"), value="high")])
    day = dt.date(2026, 1, 1)
    decisions = [book.classify({"eu_nexus": answers}, day) for answers in (
        {"placed_on_eu_market": True, "output_used_in_eu": True}, {"placed_on_eu_market": True, "output_used_in_eu": False},
        {"placed_on_eu_market": True, "output_used_in_eu": True})]
    assert [(d.result["tier"], d.citations) for d in decisions] == [
        ("high", ["Art 1", "Art 2"]), ("high", ["Art 1"]), ("high", ["Art 1", "Art 2"])]


def test_exception_must_follow_the_rule_it_overrides():
    with pytest.raises(ValueError):
        _toy_book([Rule("b", "Art 1(2)", "x", lambda ev: True, overrides=("a",)),
                   Rule("a", "Art 1", "x", lambda ev: True)])


def test_rule_outside_its_dates_does_not_apply():
    book = _toy_book([Rule("a", "Art 1", "x", lambda ev: True, value="high", since=dt.date(2026, 7, 27))])
    assert [book.classify({}, d).result["tier"] for d in (dt.date(2026, 7, 26), dt.date(2026, 7, 27))] == [False, "high"]


def test_unanswered_fact_is_listed_not_guessed():
    book = _toy_book([Rule("a", "Art 1", "x", lambda ev: ev.fact("eu_nexus.placed_on_eu_market"), value="high")])
    decision = book.classify({}, dt.date(2026, 1, 1))
    assert (decision.result["tier"], decision.needs_answers) == (None, ["eu_nexus.placed_on_eu_market"])


def test_follow_up_question_waits_for_the_question_it_depends_on():
    book = _toy_book([Rule("a", "Art 1", "x", lambda ev: ev.fact("system.autonomy"), value="high")])
    assert book.classify({}, dt.date(2026, 1, 1)).needs_answers == ["system.subject"]


def test_follow_up_question_not_asked_counts_as_no():
    book = _toy_book([Rule("a", "Art 1", "x", lambda ev: ev.fact("system.autonomy"), value="high")])
    decision = book.classify({"system": {"subject": "gpai_model"}}, dt.date(2026, 1, 1))
    assert (decision.result["tier"], decision.needs_answers) == (False, [])


def test_classify_refuses_a_date_before_the_law():
    with pytest.raises(OutOfRange) as refused:
        classify({}, jurisdiction="eu", as_of="2024-07-31")
    assert str(refused.value) == "eu: as_of 2024-07-31 is outside the encoded law (covered range 2024-08-01 to 2030-12-31)."


def test_assess_refuses_a_date_beyond_the_encoded_law(base):
    with pytest.raises(OutOfRange) as refused:
        assess(base, as_of="2031-01-01")
    assert (refused.value.start, refused.value.end) == (dt.date(2024, 8, 1), dt.date(2030, 12, 31))


def test_coverage_lists_each_jurisdiction():
    assert coverage() == {"eu": (dt.date(2024, 8, 1), dt.date(2030, 12, 31)),
                          "jp": (dt.date(2024, 4, 19), dt.date(2030, 12, 31))}


def test_assess_returns_the_shared_shape(base):
    result = assess(base, as_of="2026-09-01")
    keys = ["tier", "gpai", "citations", "obligations", "needs_answers", "trace"]
    assert (list(result), list(result["eu"]), list(result["jp"]), result["as_of"], result["rulebook_version"]) == (
        ["eu", "jp", "as_of", "rulebook_version"], keys, keys, "2026-09-01", RULEBOOK_VERSION)


def test_assess_japan_says_plainly_there_are_no_tiers(base):
    jp = assess(base, as_of="2026-09-01")["jp"]
    assert (jp["tier"], jp["trace"][0]["rule"], jp["trace"][0]["citation"]) == (None, "jp.no_tiers", "AI Promotion Act")


def test_obligation_carries_bilingual_text_and_whether_it_is_in_effect():
    profile = with_answers({"transparency": {"interacts_with_people": True, "ai_interaction_obvious": False}})
    [before, after] = [[o for o in assess(profile, as_of=d)["eu"]["obligations"] if o["id"] == "eu.art50_1"][0]
                       for d in ("2026-08-01", "2026-08-02")]
    assert (before["in_effect"], after["in_effect"], after["addressee"], after["citation"]) == (False, True, "provider", "Art 50(1)")
    assert after["text"]["ja"].startswith("遅くとも最初のやり取りの時点で")


def test_meti_citation_names_the_guidelines_version_in_force():
    def version(day):
        return [o["citation"] for o in classify(with_answers({}), jurisdiction="jp", as_of=day).obligations
                if o["id"] == "jp.meti_provider"]
    assert (version("2025-01-10"), version("2026-04-01")) == (
        ["AI Guidelines for Business v1.01 Part 4"], ["AI Guidelines for Business v1.2 Part 4"])


def test_every_obligation_is_loadable_and_cited():
    root = Path(__file__).resolve().parents[2] / "honbu/rulebook/jurisdictions"
    for path in root.glob("*/obligations.yaml"):
        for spec in load_obligations(path).values():
            assert spec.citation and spec.text_en and spec.text_ja and spec.strength in ("must", "endeavour", "voluntary")


def _obligation(profile, day, oid):
    return next(o for o in assess(profile, as_of=day)["eu"]["obligations"] if o["id"] == oid)


ANNEX_III_3A = {"annex_iii": {"areas": ["3"], "points": ["3(a)"]},
                "derogation": {"narrow_procedural_task": False, "improves_completed_human_activity": False,
                               "detects_patterns_with_human_review": False, "preparatory_task": False}}


def test_section5_and_chapter_ix_duties_show_their_literal_date_after_the_amendment():
    profile = with_answers(ANNEX_III_3A)
    before, after = (_obligation(profile, day, "eu.art43_internal") for day in ("2026-07-01", "2026-09-01"))
    monitoring = _obligation(profile, "2026-09-01", "eu.art72")
    assert (before["applies_from"], after["applies_from"], after["in_effect"]) == ("2026-08-02", "2027-12-02", False)
    assert ("a reading" in before["text"]["en"], "Section 5 duty is not listed, so on its words it applies from 2026-08-02"
            in after["text"]["en"], "2026-08-02から適用される" in after["text"]["ja"]) == (False, True, True)
    assert ("Chapter IX is not listed" in monitoring["text"]["en"], "第9章" in monitoring["text"]["ja"]) == (True, True)
    assert "a reading" not in _obligation(profile, "2026-09-01", "eu.art9")["text"]["en"]


def test_marking_grace_period_is_named_in_the_obligation_text():
    profile = with_answers({"transparency": {"generates_synthetic_content": True, "assistive_editing_only": False,
                                             "placed_on_market_before_2026_08_02": True}})
    marking = _obligation(profile, "2026-09-01", "eu.art50_2")
    assert (marking["applies_from"], marking["in_effect"], marking["citation"]) == ("2026-12-02", False, "Art 50(2)")
    assert ("due from 2026-12-02 (Art 111(4)" in marking["text"]["en"], "第111条(4)" in marking["text"]["ja"]) == (True, True)
