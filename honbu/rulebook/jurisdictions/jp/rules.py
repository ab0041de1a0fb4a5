"""Japan: who is expected to do what under the AI Promotion Act and the soft law around it.

Japan's framework has no risk tiers and no penalties, so there is no classification: each rule
adds expectations (obligation id, addressee) for the organisation's actor status under the Act
and its roles under the METI/MIC AI Guidelines for Business.  Strength is on the obligation.
"""
from __future__ import annotations

from pathlib import Path

from ...engine import (Evaluation, Law, Rule, Rulebook, Variable, all3, always, any3, fact_holds, guarded, has_any, has_choices,
                       has_item, load_obligations)

HERE = Path(__file__).parent
LAW = Law.load(HERE / "law.yaml")
ACT = LAW.parameters["act_partly_in_force"].values[0]           # Arts 1-17
ACT_FULL = LAW.parameters["act_fully_in_force"].values[0]       # Arts 18-28
GUIDELINE = LAW.parameters["art13_guideline_decided"].values[0]
HAIP = LAW.parameters["haip_reporting_launched"].values[0]


def status(*names):
    return has_any("japan.actor_status", *names)


def meti(name):
    return has_item("japan.meti_roles", name)


def expect(label, citation, when, pairs, since=None, en="", ja=""):
    return Rule(label, citation, "jp.expectations", when, value=tuple(pairs), since=since, because_en=en, because_ja=ja)


_BUSINESS = status("rd_institution", "utilising_business")
_DEVELOPER, _PROVIDER = meti("developer"), meti("provider")
_BUSINESS_GUIDELINE = ("jp.guideline_governance", "jp.guideline_transparency", "jp.guideline_safety",
                       "jp.guideline_continuity", "jp.guideline_data_care")

RULES = [
    Rule("jp.no_tiers", "AI Promotion Act", "jp.framework", always,
         because_en="Japan's framework has no risk tiers and no penalties: it sets out who is expected to do what, and how strongly.",
         because_ja="日本の枠組みにはリスク区分も罰則もない。誰に何がどの程度期待されるかを示す。"),
    expect("jp.act_art5", "AI Promotion Act Art 5", status("local_government"), [("jp.act_art5", "local_government")],
           since=ACT, en="Local government: responsibility under Art 5.", ja="地方公共団体: 第5条の責務。"),
    expect("jp.act_art6", "AI Promotion Act Art 6", status("rd_institution"), [("jp.act_art6", "rd_institution")],
           since=ACT, en="Research and development institution (研究開発機関): endeavour duties under Art 6.",
           ja="研究開発機関: 第6条の努力義務。"),
    expect("jp.act_art7", "AI Promotion Act Art 7", status("utilising_business"),
           [("jp.act_art7_use", "utilising_business"), ("jp.act_art7_cooperate", "utilising_business")],
           since=ACT, en="Utilising business operator (活用事業者): endeavour to use AI, must cooperate (Art 7).",
           ja="活用事業者: 活用の努力義務と協力義務（第7条）。"),
    expect("jp.act_art8", "AI Promotion Act Art 8", status("citizen"), [("jp.act_art8", "citizen")],
           since=ACT, en="Citizen (国民): endeavour duties under Art 8.", ja="国民: 第8条の努力義務。"),
    expect("jp.act_art25_1", "AI Promotion Act Art 25(1)", status("local_government", "incorporated_administrative_agency"),
           [("jp.act_art25_1", "public_body")], since=ACT_FULL,
           en="Public bodies listed in Art 25(1) may receive requests from the AI Strategic Headquarters.",
           ja="第25条(1)に掲げる公的主体は、人工知能戦略本部から協力を求められることがある。"),
    expect("jp.act_art25_2", "AI Promotion Act Art 25(2)", status("rd_institution", "utilising_business", "other"),
           [("jp.act_art25_2", "any_person")], since=ACT_FULL,
           en="Any other person may be asked to cooperate where particularly necessary (Art 25(2)).",
           ja="特に必要があるときは、その他の者も協力を依頼されることがある（第25条(2)）。"),
    expect("jp.guideline_businesses", "Art 13 Guideline 2", status("rd_institution", "utilising_business"),
           [(o, "rd_institution_or_business") for o in _BUSINESS_GUIDELINE], since=GUIDELINE,
           en="The Art 13 guideline's expectations of R&D institutions and utilising businesses.",
           ja="第13条の指針が研究開発機関と活用事業者に求める事項。"),
    expect("jp.guideline_user_information", "Art 13 Guideline 2(2)",
           guarded(lambda ev: all3(_BUSINESS(ev), _PROVIDER(ev)),
                   "japan.meti_roles", "provider"),
           [("jp.guideline_user_information", "provider")], since=GUIDELINE,
           en="Operators providing AI give users the information needed for proper use.",
           ja="AIを提供する事業者は、適正な利用に必要な情報を利用者に提供する。"),
    expect("jp.guideline_governments", "Art 13 Guideline 3", status("local_government"),
           [("jp.guideline_governments", "local_government")], since=GUIDELINE,
           en="The Art 13 guideline's expectations of national and local governments.",
           ja="第13条の指針が国と地方公共団体に求める事項。"),
    expect("jp.meti_common", "AI Guidelines for Business Part 2-C", has_choices("japan.meti_roles"),
           [("jp.meti_common", "ai_business_actor")],
           en="Every AI business actor: the common guiding principles.", ja="全てのAI事業者: 共通の指針。"),
    expect("jp.meti_developer", "AI Guidelines for Business Part 3", meti("developer"), [("jp.meti_developer", "developer")],
           en="AI developer (AI開発者).", ja="AI開発者。"),
    expect("jp.meti_provider", "AI Guidelines for Business Part 4", meti("provider"), [("jp.meti_provider", "provider")],
           en="AI provider (AI提供者).", ja="AI提供者。"),
    expect("jp.meti_business_user", "AI Guidelines for Business Part 5", meti("business_user"),
           [("jp.meti_business_user", "business_user")], en="AI business user (AI利用者).", ja="AI利用者。"),
    expect("jp.meti_privacy", "AI Guidelines for Business C-4", fact_holds("japan.personal_data"),
           [("jp.meti_privacy", "ai_business_actor")], en="Processes personal information.", ja="個人情報を取り扱う。"),
    expect("jp.meti_human_judgement", "AI Guidelines for Business C-3", has_choices("japan.rights_sensitive_domains"),
           [("jp.meti_human_judgement", "ai_business_actor")],
           en="Outputs affect people's rights or interests.", ja="出力が人の権利利益に影響する。"),
    expect("jp.meti_manipulation", "AI Guidelines for Business C-1", has_item("japan.rights_sensitive_domains", "elections"),
           [("jp.meti_manipulation", "ai_business_actor")],
           en="Touches elections and public opinion.", ja="選挙・世論に関わる。"),
    expect("jp.meti_advanced_ai", "AI Guidelines for Business Part 2-D", fact_holds("japan.advanced_ai"),
           [("jp.meti_advanced_ai", "ai_business_actor")], en="Advanced AI system.", ja="高度なAIシステム。"),
    expect("jp.hiroshima_code", "Hiroshima Process Code of Conduct",
           guarded(lambda ev: all3(ev.fact("japan.advanced_ai"), _DEVELOPER(ev)), "japan.advanced_ai"), [("jp.hiroshima_code", "developer")],
           en="Develops an advanced AI system: the Code of Conduct is addressed to you.",
           ja="高度なAIシステムを開発しており、国際行動規範の対象となる。"),
    expect("jp.oecd_haip", "OECD HAIP Reporting Framework",
           guarded(lambda ev: all3(ev.fact("japan.advanced_ai"), any3(_DEVELOPER(ev), _PROVIDER(ev))),
                   "japan.advanced_ai"),
           [("jp.oecd_haip", "developer_or_provider")], since=HAIP,
           en="Advanced AI developer or provider: voluntary annual reporting to the OECD.",
           ja="高度なAIの開発者・提供者: OECDへの任意の年次報告。"),
]

VARIABLES = [Variable("jp.framework"), Variable("jp.expectations", (), collect=True)]


def decide(ev: Evaluation) -> dict:
    ev.value("jp.framework")
    expectations = ev.value("jp.expectations")
    if expectations:       # a tuple of (id, addressee) tuples per rule: the obligation dicts are built once per date
        ev.oblige_all(expectations)
    return {"tier": None, "gpai": None}


def book() -> Rulebook:
    return Rulebook(law=LAW, variables=VARIABLES, rules=RULES, obligations=load_obligations(HERE / "obligations.yaml"),
                    decide=decide)
