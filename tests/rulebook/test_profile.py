"""The profile schema, its questionnaire annotations, validation and contradictions."""
import json

import yaml

from honbu.rulebook.profile import ProfileError, load, questions, schema, validate

from .conftest import with_answers


def test_schema_id_is_profile_v1():
    assert schema()["$id"].endswith("profile/v1")


def test_schema_every_question_is_annotated_for_the_questionnaire():
    for section in schema()["properties"].values():
        for node in [section, *section.get("properties", {}).values()]:
            assert {"title", "x-title-ja", "description", "x-help-ja", "x-citation"} <= set(node), node.get("title")
            enum = node.get("enum") or node.get("items", {}).get("enum")
            if enum:
                assert set(node["x-enum-titles"]) == {v for v in enum if v is not None}


def test_schema_show_if_conditions_name_existing_questions():
    paths = {q["path"] for q in questions()}

    def fields(cond):
        if "all" in cond or "any" in cond:
            for c in cond.get("all", []) + cond.get("any", []):
                yield from fields(c)
        else:
            yield cond["field"]

    for q in questions():
        if q["show_if"]:
            assert set(fields(q["show_if"])) <= paths, q["path"]


def test_validate_base_profile_is_valid(base):
    assert validate(base) == []


def test_validate_empty_profile_is_valid():
    assert validate({}) == []


def test_validate_names_every_bad_field():
    profile = with_answers({"system": {"autonomy": "yes"}, "annex_iii": {"areas": ["9"]},
                            "gpai": {"training_compute_flop": -1}, "japan": {"meti_roles": ["developer", "developer"]},
                            "role": {"favourite_colour": "blue"}})
    assert [e.path for e in validate(profile)] == [
        "annex_iii.areas.0", "gpai.training_compute_flop", "japan.meti_roles", "role.favourite_colour", "system.autonomy"]


def test_validate_messages_are_bilingual():
    [error] = validate(with_answers({"system": {"subject": "robot"}}))
    assert error == ProfileError("system.subject", "'robot' is not one of: ai_system, gpai_model.",
                                 "'robot' は選択肢（ai_system, gpai_model）にありません。")


def test_validate_flags_military_only_on_the_civilian_market():
    profile = with_answers({"exclusions": {"military_defence_security_only": True}, "eu_nexus": {"civilian_use": True}})
    assert [e.path for e in validate(profile)] == ["eu_nexus.civilian_use"]


def test_validate_flags_open_weights_under_a_proprietary_licence():
    profile = with_answers({"gpai": {"provides_gpai_model": True, "open_weights": True, "licence": "proprietary"}})
    assert [e.path for e in validate(profile)] == ["gpai.licence"]


def test_validate_flags_annex_iii_point_outside_the_chosen_area():
    profile = with_answers({"annex_iii": {"areas": ["4"], "points": ["4(a)", "5(b)"]}})
    assert [(e.path, e.message_en) for e in validate(profile)] == [
        ("annex_iii.points", "Contradiction: point 5(b) belongs to Annex III area 5, which is not among the chosen areas.")]


def test_validate_flags_research_only_yet_on_the_market():
    profile = with_answers({"exclusions": {"scientific_research_sole_purpose": True}})
    assert [e.path for e in validate(profile)] == ["exclusions.scientific_research_sole_purpose"]


def test_validate_flags_bare_model_not_provided():
    profile = with_answers({"system": {"subject": "gpai_model"}, "gpai": {"provides_gpai_model": False}})
    assert [e.path for e in validate(profile)] == ["gpai.provides_gpai_model"]


def test_load_reads_yaml_and_json_alike(tmp_path, base):
    (tmp_path / "p.json").write_text(json.dumps(base), encoding="utf-8")
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(base), encoding="utf-8")
    assert load(tmp_path / "p.json") == load(tmp_path / "p.yaml") == base


def test_fast_check_agrees_with_jsonschema_on_bad_and_good_profiles(base):
    from honbu.rulebook.profile import _conforms, _validator

    bad = [[], {"nope": {}}, {"profile_version": "v2"}, {"system": []}, {"system": {"autonomy": 1}},
           {"system": {"subject": 3}}, {"system": {"name": "x" * 2001}}, {"gpai": {"training_compute_flop": True}},
           {"gpai": {"training_compute_flop": -1}}, {"annex_iii": {"points": ["9(z)"]}},
           {"annex_iii": {"areas": "4"}}, {"annex_iii": {"areas": ["4", "4"]}}, {"annex_iii": {"areas": [4]}},
           {"annex_iii": {"areas": [{}]}}, {"annex_iii": {"areas": [["4"]]}}, {"annex_iii": {"unknown": True}},
           {"system": None}, {"profile_version": None}, {"system": {"autonomy": 0}}, {"gpai": {"licence": "mit"}},
           {"gpai": {"training_compute_flop": "1e25"}}, {"prohibited": {"rbi_objective": True}}, {"japan": {"meti_roles": [True]}}]
    good = [base, {}, {"system": {"autonomy": None}}, {"gpai": {"training_compute_flop": 1e25}},
            {"gpai": {"training_compute_flop": 3 * 10**25}}, {"annex_iii": {"areas": [], "points": None}},
            {"system": {"name": "与信スコアリング", "subject": None}}, {"profile_version": "v1", "japan": {}}]
    assert [(_conforms(p), bool(list(_validator().iter_errors(p)))) for p in bad] == [(False, True)] * len(bad)
    assert [(_conforms(p), bool(list(_validator().iter_errors(p)))) for p in good] == [(True, False)] * len(good)


def test_validate_names_a_list_answer_holding_something_else_than_a_choice():
    errors = validate({"annex_iii": {"areas": [{}], "points": ["4(a)"]}})
    assert [(e.path, e.message_en) for e in errors] == [
        ("annex_iii.areas.0", "Expected string, got {}."), ("annex_iii.areas.0", "{} is not one of: 1, 2, 3, 4, 5, 6, 7, 8.")]
