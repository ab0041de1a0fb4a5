"""EU AI Act rules: labelled, cited and dated, plus the decision order of the Act.

Decision order (shared/domain/eu-ai-act.md §1.1): scope (Art 2(1)) and exclusions (Art 2) →
AI system (Art 3(1)) → prohibited (Art 5) → high-risk (Art 6(1) Annex I; Art 6(2) Annex III minus
Art 6(3)) → transparency (Art 50, stacking on high-risk) → minimal.  The general-purpose model
axis (Arts 51-55) is evaluated separately.  Tier precedence: out_of_scope > prohibited > high >
limited > minimal.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...engine import (Law, Rule, Rulebook, Variable, all3, all_hold, any3, any_fails, any_holds, fact_holds, guarded, has_item, load_obligations,
                       nonempty, not3)

HERE = Path(__file__).parent
LAW = Law.load(HERE / "law.yaml")
OMNIBUS = dt.date(2026, 7, 27)    # Regulation (EU) 2026/1744 in force

R = Rule


def fact(path):
    return fact_holds(path)


def both(a, b):
    return all_hold(a, b)


def listed(path, item):
    return has_item(path, item)


def role(name):
    return listed("role.eu_roles", name)


# --------------------------------------------------------------------------- definition and scope
SCOPE = [
    R("eu.art3_1", "Art 3(1)", "eu.ai_system",
      all_hold("system.machine_based", "system.autonomy", "system.infers_outputs"),
      because_en="Machine-based, with some autonomy, and infers from input how to generate outputs: an AI system.",
      because_ja="機械ベースで一定の自律性があり、入力から出力の生成方法を推論するため、AIシステムに当たる。"),
    R("eu.art3_1_not_met", "Art 3(1)", "eu.ai_system",
      any_fails("system.machine_based", "system.autonomy", "system.infers_outputs"),
      value=False,
      because_en="Not machine-based, without autonomy, or not inferring its outputs (e.g. purely human-defined rules): not an AI system.",
      because_ja="機械ベースでない、自律性がない、又は出力を推論しない（人が定めた規則のみ等）ため、AIシステムに当たらない。"),
    R("eu.art2_1_none", "Art 2(1)", "eu.in_scope",
      lambda ev: all3(not3(ev.fact("eu_nexus.placed_on_eu_market")), not3(ev.fact("eu_nexus.put_into_service_in_eu")),
                      not3(ev.fact("eu_nexus.output_used_in_eu")),
                      not3(all3(ev.has("role.eu_roles", "deployer"), ev.fact("eu_nexus.established_in_eu")))),
      value=False,
      because_en="Not placed on the EU market, not put into service or used by a deployer in the EU, and no output used in the EU.",
      because_ja="EU市場での上市、EU域内の導入者による使用開始・利用、EU域内での出力の利用のいずれもない。"),
    R("eu.art2_1_a", "Art 2(1)(a)", "eu.in_scope",
      any_holds("eu_nexus.placed_on_eu_market", "eu_nexus.put_into_service_in_eu"),
      because_en="Placed on the EU market or put into service in the EU.",
      because_ja="EU市場で上市され、又はEU域内で使用開始される。"),
    R("eu.art2_1_b", "Art 2(1)(b)", "eu.in_scope",
      guarded(lambda ev: all3(ev.has("role.eu_roles", "deployer"), ev.fact("eu_nexus.established_in_eu")),
              "eu_nexus.established_in_eu"),
      because_en="A deployer established or located in the EU.",
      because_ja="EU域内に拠点を有する導入者である。"),
    R("eu.art2_1_c", "Art 2(1)(c)", "eu.in_scope", fact("eu_nexus.output_used_in_eu"),
      because_en="The output of the system is used in the EU.",
      because_ja="システムの出力がEU域内で利用される。"),
]

EXCLUSIONS = [
    R("eu.art2_3", "Art 2(3)", "eu.excluded", fact("exclusions.military_defence_security_only"), value="2(3)",
      because_en="Exclusively for military, defence or national-security purposes: outside the Act.",
      because_ja="専ら軍事・防衛・国家安全保障の目的であり、本規則の対象外。"),
    R("eu.art2_4", "Art 2(4)", "eu.excluded", fact("exclusions.third_country_authority_cooperation"), value="2(4)",
      because_en="Third-country authority in international law-enforcement or judicial cooperation with safeguards.",
      because_ja="保護措置を伴う国際的な法執行・司法協力における第三国当局の利用である。"),
    R("eu.art2_6", "Art 2(6)", "eu.excluded", fact("exclusions.scientific_research_sole_purpose"), value="2(6)",
      because_en="Developed and put into service for the sole purpose of scientific research and development.",
      because_ja="科学的研究開発のみを目的として開発・使用開始される。"),
    R("eu.art2_8", "Art 2(8)", "eu.excluded", fact("exclusions.pre_market_research_testing"), value="2(8)",
      because_en="Research, testing or development before placing on the market or putting into service.",
      because_ja="上市又は使用開始前の研究・試験・開発である。"),
    R("eu.art2_8_real_world", "Art 2(8)", "eu.excluded", fact("exclusions.real_world_testing"), value=None,
      overrides=("eu.art2_8",),
      because_en="Testing in real-world conditions is not covered by the research exclusion.",
      because_ja="実環境での試験は研究開発の適用除外に含まれない。"),
]

# --------------------------------------------------------------------------- Art 5
PROHIBITED = [
    R("eu.art5_1_a", "Art 5(1)(a)", "eu.prohibited",
      both("prohibited.manipulative_techniques", "prohibited.manipulation_significant_harm"), value="a",
      because_en="Subliminal, manipulative or deceptive techniques that materially distort behaviour and cause significant harm.",
      because_ja="サブリミナル・操作的・欺瞞的な技法により行動を実質的に歪め、重大な損害を生じさせる。"),
    R("eu.art5_1_b", "Art 5(1)(b)", "eu.prohibited",
      both("prohibited.exploits_vulnerabilities", "prohibited.vulnerability_significant_harm"), value="b",
      because_en="Exploits vulnerabilities due to age, disability or social or economic situation, causing significant harm.",
      because_ja="年齢、障害又は社会的・経済的状況による脆弱性を悪用し、重大な損害を生じさせる。"),
    R("eu.art5_1_ba", "Art 5(1)(ba)", "eu.prohibited", fact("prohibited.intimate_imagery_without_consent"),
      value="ba", since=OMNIBUS,
      because_en="Generates intimate or sexually explicit imagery of an identifiable person without consent.",
      because_ja="特定可能な人物の性的な画像等を同意なく生成する。"),
    R("eu.art5_1_bb", "Art 5(1)(bb)", "eu.prohibited", fact("prohibited.child_sexual_abuse_material"),
      value="bb", since=OMNIBUS,
      because_en="Generates child sexual abuse material.",
      because_ja="児童性的虐待コンテンツを生成する。"),
    R("eu.art5_1_c", "Art 5(1)(c)", "eu.prohibited",
      both("prohibited.social_scoring", "prohibited.social_score_detrimental_treatment"), value="c",
      because_en="Social scoring leading to detrimental treatment in unrelated contexts or out of proportion.",
      because_ja="社会的スコアリングにより、無関係な文脈又は不均衡な不利益取扱いが生じる。"),
    R("eu.art5_1_d", "Art 5(1)(d)", "eu.prohibited",
      both("prohibited.crime_risk_prediction", "prohibited.crime_prediction_solely_profiling"), value="d",
      because_en="Predicts a person's criminal offending solely from profiling or personality traits.",
      because_ja="プロファイリング又は人格的特性のみから個人の犯罪リスクを予測する。"),
    R("eu.art5_1_d_human_assessment", "Art 5(1)(d)", "eu.prohibited",
      fact("prohibited.supports_human_assessment_on_facts"), value=None, overrides=("eu.art5_1_d",),
      because_en="Supports a human assessment already based on objective and verifiable facts: not prohibited (see Annex III 6(d)).",
      because_ja="客観的・検証可能な事実に基づく人の評価を支援するもので、禁止されない（附属書III 6(d)参照）。"),
    R("eu.art5_1_e", "Art 5(1)(e)", "eu.prohibited", fact("prohibited.untargeted_facial_scraping"), value="e",
      because_en="Builds facial-recognition databases by untargeted scraping.",
      because_ja="無差別な収集により顔認識データベースを構築する。"),
    R("eu.art5_1_f", "Art 5(1)(f)", "eu.prohibited",
      both("prohibited.emotion_inference", "prohibited.emotion_workplace_or_education"), value="f",
      because_en="Infers emotions in the workplace or in education.",
      because_ja="職場又は教育機関で感情を推定する。"),
    R("eu.art5_1_f_medical_safety", "Art 5(1)(f)", "eu.prohibited",
      fact("prohibited.emotion_medical_or_safety"), value=None, overrides=("eu.art5_1_f",),
      because_en="Intended for medical or safety reasons: the emotion-inference ban does not apply.",
      because_ja="医療又は安全上の理由のためのもので、感情推定の禁止は適用されない。"),
    R("eu.art5_1_g", "Art 5(1)(g)", "eu.prohibited", fact("prohibited.biometric_categorisation_sensitive"), value="g",
      because_en="Biometric categorisation deducing race, political opinions, beliefs, trade-union membership, sex life or orientation.",
      because_ja="生体分類により人種、政治的意見、信条、労働組合加入、性生活又は性的指向を推測する。"),
    R("eu.art5_1_g_labelling", "Art 5(1)(g)", "eu.prohibited", fact("prohibited.lawful_dataset_labelling"),
      value=None, overrides=("eu.art5_1_g",),
      because_en="Labelling or filtering lawfully acquired biometric datasets, or law-enforcement categorisation: excepted.",
      because_ja="適法に取得した生体データセットのラベル付け・フィルタリング又は法執行での分類であり、例外に当たる。"),
    R("eu.art5_1_h", "Art 5(1)(h)", "eu.prohibited", fact("prohibited.realtime_remote_biometric_id_le"), value="h",
      because_en="Real-time remote biometric identification in publicly accessible spaces for law enforcement.",
      because_ja="公衆がアクセス可能な場所での法執行目的のリアルタイム遠隔生体識別である。"),
    R("eu.art5_1_h_objective", "Art 5(1)(h)(i)–(iii)", "eu.prohibited",
      lambda ev: (lambda v: None if v is None else v not in ("none", ""))(ev.fact("prohibited.rbi_objective")),
      value=None, overrides=("eu.art5_1_h",),
      because_en="Strictly necessary for a listed objective: allowed only under the conditions of Art 5(2)–(7).",
      because_ja="列挙された目的のために厳に必要であり、第5条(2)〜(7)の条件の下でのみ認められる。"),
]


# --------------------------------------------------------------------------- Art 6(1) + Annex I
def _annex_i_rules(law: Law) -> list[Rule]:
    """One rule per Annex I point, dated from the law file (the Omnibus moved machinery to Section B)."""
    param = law.parameters["annex_i"]
    ends = param.starts[1:] + (None,)
    spans: dict[tuple, list] = {}
    for start, end, mapping in zip(param.starts, ends, param.values):
        for key, (section, point) in mapping.items():
            span = spans.setdefault((key, section, point), [start, end])
            span[1] = end
    rules = []
    for (key, section, point), (start, end) in spans.items():
        rules.append(R(f"eu.annex_i_{section}{point}", f"Annex I Section {section} {point}", "eu.annex_i_points",
                       listed("annex_i.legislation", key), value=(section, point),
                       since=start, until=end,
                       because_en=f"The product is covered by Annex I Section {section} point {point}.",
                       because_ja=f"製品が附属書Iセクション{section}第{point}項の対象である。"))
    return rules


ANNEX_I = _annex_i_rules(LAW) + [
    R("eu.art6_1", "Art 6(1)", "eu.annex_i_high",
      lambda ev: all3(nonempty(ev.value("eu.annex_i_points")), ev.fact("annex_i.safety_component"),
                      ev.fact("annex_i.third_party_conformity_assessment")),
      because_en="Safety component of (or itself) an Annex I product that needs third-party conformity assessment: high-risk.",
      because_ja="第三者適合性評価を要する附属書I製品の安全部品（又は製品そのもの）であり、高リスク。"),
    R("eu.art6_1a", "Art 6(1a)", "eu.annex_i_high", fact("annex_i.assistance_only_no_safety_risk"), value=False,
      since=OMNIBUS, overrides=("eu.art6_1",),
      because_en="Only non-safety assistance or optimisation whose failure does not endanger health or safety: not a safety component.",
      because_ja="安全以外の補助・最適化のみで、故障しても健康・安全を害しないため、安全部品に当たらない。"),
    R("eu.art6_1c", "Art 6(1c)", "eu.annex_i_high", fact("annex_i.third_party_only_for_non_safety_risks"),
      value=False, since=OMNIBUS, overrides=("eu.art6_1",),
      because_en="Third-party assessment only for non-safety risks does not meet Art 6(1)(b).",
      because_ja="安全以外のリスクのみの第三者評価は第6条(1)(b)を満たさない。"),
]


# --------------------------------------------------------------------------- Art 6(2) + Annex III, Art 6(3)
def _annex_iii_rules(law: Law) -> list[Rule]:
    param = law.parameters["annex_iii_points"]
    return [R(f"eu.annex_iii_{p.replace('(', '').replace(')', '')}", f"Annex III {p}", "eu.annex_iii_points",
              listed("annex_iii.points", p), value=p,
              because_en=f"The intended purpose falls under Annex III point {p}.",
              because_ja=f"意図された目的が附属書III第{p}項に該当する。")
            for p in param.values[0]]


def _point_exception(point, field, en, ja):
    label = point.replace("(", "").replace(")", "")
    return R(f"eu.annex_iii_{label}_excluded", f"Annex III {point}", "eu.annex_iii_points", fact(field), value=None,
             overrides=(f"eu.annex_iii_{label}",), because_en=en, because_ja=ja)


ANNEX_III = _annex_iii_rules(LAW) + [
    _point_exception("1(a)", "annex_iii.biometric_verification_only",
                     "Biometric verification of a claimed identity is excluded from point 1(a).",
                     "本人確認のための生体照合は1(a)から除外される。"),
    _point_exception("5(b)", "annex_iii.fraud_detection_only",
                     "Detecting financial fraud is excluded from point 5(b).", "金融詐欺の検知は5(b)から除外される。"),
    _point_exception("7(d)", "annex_iii.travel_document_verification_only",
                     "Verifying travel documents is excluded from point 7(d).", "渡航文書の確認は7(d)から除外される。"),
    _point_exception("8(b)", "annex_iii.no_direct_exposure",
                     "Tools whose output people are not directly exposed to are excluded from point 8(b).",
                     "出力に人が直接触れないツールは8(b)から除外される。"),
    R("eu.art6_2", "Art 6(2)", "eu.annex_iii_high", lambda ev: nonempty(ev.value("eu.annex_iii_points")),
      because_en="Listed in Annex III: high-risk.", because_ja="附属書IIIに該当し、高リスク。"),
    R("eu.art6_3", "Art 6(3)", "eu.annex_iii_high",
      lambda ev: all3(any3(ev.fact("derogation.narrow_procedural_task"),
                           ev.fact("derogation.improves_completed_human_activity"),
                           ev.fact("derogation.detects_patterns_with_human_review"),
                           ev.fact("derogation.preparatory_task")),
                      ev.fact("derogation.no_material_influence")),
      value=False, overrides=("eu.art6_2",),
      because_en="A condition of Art 6(3)(a)–(d) holds and the system does not materially influence decisions: not high-risk.",
      because_ja="第6条(3)(a)〜(d)のいずれかに該当し、意思決定に実質的な影響を与えないため、高リスクではない。"),
    R("eu.art6_3_profiling", "Art 6(3)", "eu.annex_iii_high", fact("derogation.profiling"),
      overrides=("eu.art6_3",),
      because_en="An Annex III system that profiles natural persons is always high-risk.",
      because_ja="自然人のプロファイリングを行う附属書IIIのシステムは常に高リスク。"),
]

# --------------------------------------------------------------------------- Art 50
_LE = ("eu.art50_1", "eu.art50_2", "eu.art50_3", "eu.art50_4_deep_fake", "eu.art50_4_text")
TRANSPARENCY = [
    R("eu.art50_1", "Art 50(1)", "eu.art50", fact("transparency.interacts_with_people"), value="50(1)",
      because_en="Interacts directly with natural persons.", because_ja="自然人と直接やり取りする。"),
    R("eu.art50_1_obvious", "Art 50(1)", "eu.art50", fact("transparency.ai_interaction_obvious"), value=None,
      overrides=("eu.art50_1",),
      because_en="Obvious to a reasonably well-informed person that it is an AI system.",
      because_ja="合理的に情報を得た人にとってAIであることが明白である。"),
    R("eu.art50_2", "Art 50(2)", "eu.art50", fact("transparency.generates_synthetic_content"), value="50(2)",
      because_en="Generates synthetic audio, image, video or text.", because_ja="合成の音声・画像・動画・テキストを生成する。"),
    R("eu.art50_2_editing", "Art 50(2)", "eu.art50", fact("transparency.assistive_editing_only"), value=None,
      overrides=("eu.art50_2",),
      because_en="Only assistive standard editing, without substantial alteration.",
      because_ja="標準的な編集補助のみで、実質的な変更を加えない。"),
    R("eu.art50_3", "Art 50(3)", "eu.art50", fact("transparency.emotion_recognition_or_biometric_categorisation"),
      value="50(3)", because_en="Emotion recognition or biometric categorisation.", because_ja="感情認識又は生体分類を行う。"),
    R("eu.art50_4_deep_fake", "Art 50(4)", "eu.art50", fact("transparency.deep_fake"), value="50(4)",
      because_en="Generates or manipulates deep fakes.", because_ja="ディープフェイクを生成・加工する。"),
    R("eu.art50_4_text", "Art 50(4)", "eu.art50", fact("transparency.public_interest_text"), value="50(4)",
      because_en="Generates text published to inform the public on matters of public interest.",
      because_ja="公共の利益に関する事項を知らせるために公表されるテキストを生成する。"),
    R("eu.art50_4_editorial", "Art 50(4)", "eu.art50", fact("transparency.human_editorial_control"), value=None,
      overrides=("eu.art50_4_text",),
      because_en="Human review or editorial control with editorial responsibility.",
      because_ja="人による確認・編集管理があり、編集責任者がいる。"),
    R("eu.art50_law_enforcement", "Art 50(1)–(4)", "eu.art50", fact("transparency.law_enforcement_authorised"),
      value=None, overrides=_LE,
      because_en="Authorised by law for criminal-offence purposes: the Art 50 duties do not apply.",
      because_ja="犯罪対策として法律で認められた利用であり、第50条の義務は適用されない。"),
]

# --------------------------------------------------------------------------- open source, Art 2(12)
OPEN_SOURCE = [
    R("eu.art2_12", "Art 2(12)", "eu.open_source_excluded",
      guarded(lambda ev: all3(ev.fact("exclusions.free_open_source_licence"), not3(ev.value("eu.high_risk")),
                              not3(nonempty(ev.value("eu.prohibited"))), not3(nonempty(ev.value("eu.art50")))),
              "exclusions.free_open_source_licence"),
      because_en="Released under a free and open-source licence and neither high-risk, prohibited nor under Art 50: outside the Act.",
      because_ja="フリー・オープンソースライセンスで公開され、高リスク・禁止・第50条のいずれにも当たらないため対象外。"),
]

# --------------------------------------------------------------------------- roles, Art 25
_ROLES = ("provider", "deployer", "importer", "distributor", "product_manufacturer", "authorised_representative")
ROLES = [R(f"eu.role_{r}", "Art 3(3)–(8)", "eu.roles", role(r), value=r,
           because_en=f"Your stated role: {r.replace('_', ' ')}.", because_ja=f"申告された役割: {r}。")
         for r in _ROLES] + [
    R("eu.art25_1_a", "Art 25(1)(a)", "eu.roles",
      guarded(lambda ev: all3(ev.fact("role.own_name_or_trademark"), ev.value("eu.high_risk")), "role.own_name_or_trademark"), value="provider",
      because_en="Your name or trademark on a high-risk system makes you its provider.",
      because_ja="高リスクシステムに自社の名称・商標を付すと、その提供者となる。"),
    R("eu.art25_1_b", "Art 25(1)(b)", "eu.roles",
      guarded(lambda ev: all3(ev.fact("role.substantial_modification"), ev.value("eu.high_risk")), "role.substantial_modification"), value="provider",
      because_en="A substantial modification of a high-risk system that stays high-risk makes you its provider.",
      because_ja="高リスクのままの高リスクシステムに実質的な変更を加えると、その提供者となる。"),
    R("eu.art25_1_c", "Art 25(1)(c)", "eu.roles",
      guarded(lambda ev: all3(ev.fact("role.changed_intended_purpose"), ev.value("eu.high_risk")), "role.changed_intended_purpose"), value="provider",
      because_en="Changing the intended purpose so that the system becomes high-risk makes you its provider.",
      because_ja="意図された目的を変更して高リスクとした者は、その提供者となる。"),
    R("eu.art25_3", "Art 25(3)", "eu.roles",
      guarded(lambda ev: all3(ev.has("role.eu_roles", "product_manufacturer"), ev.value("eu.annex_i_section_a_high")),
              "role.eu_roles", "product_manufacturer"),
      value="provider",
      because_en="For a safety component of an Annex I Section A product, the product manufacturer is the provider.",
      because_ja="附属書IセクションAの製品の安全部品については、製品製造者が提供者となる。"),
    R("eu.art2_10", "Art 2(10)", "eu.roles", fact("role.personal_non_professional_use"), value=None,
      overrides=("eu.role_deployer",),
      because_en="Deployer obligations do not apply to purely personal, non-professional use.",
      because_ja="純粋に個人的・職業外の利用には導入者の義務は適用されない。"),
]

# --------------------------------------------------------------------------- general-purpose AI models
GPAI = [
    R("eu.art51_gpai", "Art 3(63)", "eu.gpai", fact("gpai.provides_gpai_model"), value="gpai",
      because_en="You provide a general-purpose AI model.", because_ja="汎用目的AIモデルを提供している。"),
    R("eu.art51_2", "Art 51(2)", "eu.gpai",
      lambda ev: (lambda f: None if f is None else f > ev.params["gpai_systemic_flop_threshold"])(
          ev.fact("gpai.training_compute_flop")),
      value="gpai_systemic", overrides=("eu.art51_gpai",),
      because_en="Training compute above 10^25 FLOP: high-impact capabilities are presumed (systemic risk).",
      because_ja="学習計算量が10^25 FLOPを超え、高影響能力が推定される（システミックリスク）。"),
    R("eu.art51_1_b", "Art 51(1)(b)", "eu.gpai", fact("gpai.commission_designated"), value="gpai_systemic",
      overrides=("eu.art51_gpai",),
      because_en="Designated by the Commission as a model with systemic risk.",
      because_ja="欧州委員会によりシステミックリスクを有するモデルとして指定された。"),
    R("eu.art53_2", "Art 53(2)", "eu.gpai_open_source_exempt",
      guarded(lambda ev: all3((lambda v: None if v is None else v == "free_open_source")(ev.fact("gpai.licence")),
                              ev.fact("gpai.open_weights")), "gpai.open_weights"),
      because_en="Free and open-source licence with public weights: Art 53(1)(a), (b) and Art 54 do not apply.",
      because_ja="フリー・オープンソースで重みを公開しており、第53条(1)(a)(b)及び第54条は適用されない。"),
    R("eu.art53_2_systemic", "Art 53(2)", "eu.gpai_open_source_exempt",
      lambda ev: (lambda g: None if g is None else g == "gpai_systemic")(ev.value("eu.gpai")),
      value=False, overrides=("eu.art53_2",),
      because_en="The open-source exemption never applies to models with systemic risk.",
      because_ja="オープンソースの免除はシステミックリスクを有するモデルには適用されない。"),
]

VARIABLES = [
    Variable("eu.ai_system"), Variable("eu.in_scope"), Variable("eu.excluded", (), collect=True),
    Variable("eu.prohibited", (), collect=True), Variable("eu.annex_i_points", (), collect=True),
    Variable("eu.annex_i_high"), Variable("eu.annex_iii_points", (), collect=True), Variable("eu.annex_iii_high"),
    Variable("eu.high_risk"), Variable("eu.annex_i_section_a_high"), Variable("eu.art50", (), collect=True),
    Variable("eu.open_source_excluded"), Variable("eu.roles", (), collect=True), Variable("eu.gpai"),
    Variable("eu.gpai_open_source_exempt"),
]
RULES = SCOPE + EXCLUSIONS + PROHIBITED + ANNEX_I + ANNEX_III + TRANSPARENCY + OPEN_SOURCE + ROLES + GPAI
OBLIGATIONS = load_obligations(HERE / "obligations.yaml")


def book() -> Rulebook:
    from .decision import decide
    return Rulebook(law=LAW, variables=VARIABLES, rules=RULES, obligations=OBLIGATIONS, decide=decide)
