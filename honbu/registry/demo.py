"""Demo AI systems (ja/en) with profiles for the demo organisations of honbu.core.demo, looked up by name_ja.

Idempotent: a system is looked up by (organisation, name_ja) before it is created.
"""

from pathlib import Path

import yaml
from django.db import transaction

from honbu.core.audit import record
from honbu.core.models import Organisation
from honbu.registry.models import AISystem, SystemProfile
from honbu.rulebook import profile as rulebook_profile

Y, N = True, False

# (organisation name_ja, name_ja, name_en, description_ja, description_en, purpose, lifecycle, D/P/U, markets, public,
#  general-purpose models, profile answers)
SYSTEMS = [
    ("さくらAIソリューションズ株式会社", "さくら窓口チャットボット", "Sakura Help Desk Chatbot",
     "自治体や企業の問い合わせ窓口で、住民・顧客の質問に日本語と英語で回答する対話型AIです。",
     "A conversational assistant that answers residents' and customers' questions in Japanese and English.",
     "問い合わせ窓口での一次回答", "in_service", "DP", "JP EU", Y, [("Sakura-LM 13B", "", Y)],
     {"system": {"subject": "ai_system", "machine_based": Y, "autonomy": Y, "infers_outputs": Y},
      "eu_nexus": {"placed_on_eu_market": Y}, "transparency": {"interacts_with_people": Y, "ai_interaction_obvious": N}}),
    ("株式会社あおば人材サービス", "あおば採用選考アシスタント", "Aoba Hiring Screening Assistant",
     "応募書類を読み取り、求人要件との適合度を評価して面接候補者を推薦します。",
     "Reads application documents, scores fit against the job requirements and recommends candidates for interview.",
     "書類選考の補助", "in_service", "U", "JP", N, [("GPT-4o", "OpenAI", N)],
     {"annex_iii": {"areas": ["4"], "points": ["4(a)"]}, "derogation": {"profiling": Y}}),
    ("株式会社やまびこ銀行", "やまびこ与信スコアリング", "Yamabiko Credit Scoring",
     "個人向けローン申込者の返済能力を推定し、信用スコアを算出します。",
     "Estimates consumer-loan applicants' ability to repay and computes a credit score.",
     "個人向け融資の審査補助", "in_service", "U", "JP", N, [],
     {"annex_iii": {"areas": ["5"], "points": ["5(b)"], "fraud_detection_only": N}}),
    ("北斗メディカルAI株式会社", "北斗胸部CT読影支援", "Hokuto Chest CT Reading Support",
     "胸部CT画像から結節の候補を検出し、放射線科医の読影を支援する医療機器プログラムです。",
     "Medical-device software that detects candidate nodules in chest CT images to support radiologists.",
     "放射線科医の読影支援", "in_development", "DP", "JP EU", Y, [],
     {"annex_i": {"legislation": ["medical_devices"], "safety_component": Y, "third_party_conformity_assessment": Y, "assistance_only_no_safety_risk": N, "third_party_only_for_non_safety_risks": N},
      "eu_nexus": {"placed_on_eu_market": Y}}),
    ("あさぎりメディア株式会社", "あさぎりディープフェイク検知", "Asagiri Deepfake Detector",
     "報道に使う動画・音声が合成されたものかどうかを判定し、編集部に警告します。",
     "Checks whether video and audio used in news reports are synthetic and warns the editors.",
     "報道素材の真正性確認", "in_service", "U", "JP", Y, [],
     {"transparency": {"generates_synthetic_content": N}}),
    ("株式会社ふたば顔認証システムズ", "ふたば店舗顔認証", "Futaba In-Store Face Recognition",
     "店舗の入口カメラで来店者の顔を登録済みの顔画像と照合し、万引き対策に利用します。",
     "Matches shoppers' faces at shop entrances against enrolled images to deter shoplifting.",
     "小売店での万引き防止", "in_service", "DP", "JP EU", N, [],
     {"annex_iii": {"areas": ["1"], "points": ["1(a)"], "biometric_verification_only": N},
      "eu_nexus": {"placed_on_eu_market": Y}}),
    ("東雲モビリティ株式会社", "東雲歩行者認識モジュール", "Shinonome Pedestrian Perception Module",
     "自動運転車の車載カメラ映像から歩行者と自転車を認識する安全部品です。",
     "A safety component that recognises pedestrians and cyclists from the camera images of automated vehicles.",
     "自動運転システムの認識機能", "in_development", "PU", "JP EU other", N, [],
     {"annex_i": {"legislation": ["motor_vehicles"], "safety_component": Y, "third_party_conformity_assessment": Y}}),
    ("かがやき生成AIラボ株式会社", "かがやき基盤モデル KG-1", "Kagayaki Foundation Model KG-1",
     "日本語と英語に強い汎用の大規模言語モデルで、重みを研究・商用向けに公開しています。",
     "A general-purpose large language model strong in Japanese and English, with weights released for research and commercial use.",
     "下流のAIシステムへの組込み", "in_service", "D", "JP EU other", Y, [("KG-1", "", Y)],
     {"system": {"subject": "gpai_model"},
      "gpai": {"provides_gpai_model": Y, "training_compute_flop": 3e24, "open_weights": Y, "licence": "restricted_open"}}),
]


def _to_schema(answers: dict) -> dict:
    """Keep only answers the rulebook schema knows; demo data must validate."""
    from honbu.rulebook.profile import schema

    properties = schema()["properties"]
    return {"profile_version": "v1", **{section: {k: v for k, v in fields.items() if k in properties[section]["properties"]}
                                        for section, fields in answers.items() if isinstance(fields, dict) and section in properties}}


def _complete(answers: dict, roles: str, markets: str, name: str, purpose: str) -> dict:
    """The demo answers on top of the rulebook's "nothing special" base profile, with the EU nexus, roles and
    Japanese status following the system's markets and roles, so that every demo system gets a real tier."""
    profile = yaml.safe_load((Path(rulebook_profile.__file__).parent / "jurisdictions" / "base-profile.yaml").read_text())
    in_eu = "EU" in markets
    profile["eu_nexus"].update(placed_on_eu_market=in_eu, output_used_in_eu=in_eu)
    profile["role"]["eu_roles"] = [r for r, flag in (("provider", "D" in roles or "P" in roles), ("deployer", "U" in roles)) if flag]
    profile["japan"]["meti_roles"] = [r for r, code in (("developer", "D"), ("provider", "P"), ("business_user", "U")) if code in roles]
    profile["system"].update(name=name, intended_purpose=purpose)
    for section, fields in answers.items():
        profile.setdefault(section, {}).update(fields)
    return profile


@transaction.atomic
def load() -> dict[str, int]:
    from honbu.rulebook.profile import validate

    created = 0
    for (org_name, name_ja, name_en, desc_ja, desc_en, purpose, lifecycle, roles, markets, public, models,
         answers) in SYSTEMS:
        organisation = Organisation.objects.filter(name_ja=org_name).first()
        if organisation is None or AISystem.objects.filter(organisation=organisation, name_ja=name_ja).exists():
            continue
        system = AISystem.objects.create(
            organisation=organisation, name_ja=name_ja, name_en=name_en, description_ja=desc_ja, description_en=desc_en,
            intended_purpose=purpose, lifecycle=lifecycle, is_developer="D" in roles, is_provider="P" in roles,
            is_business_user="U" in roles, market_jp="JP" in markets, market_eu="EU" in markets,
            market_other="other" in markets, is_public=public,
            general_purpose_models=[{"name": n, "provider": p, "own": own} for n, p, own in models])
        record("demo", "ai_system.created", system)
        data = _to_schema(_complete(answers, roles, markets, name_ja, purpose))
        # Valid answers are submitted, as a business would; anything else stays a draft to finish in the browser.
        status = SystemProfile.Status.DRAFT if validate(data) else SystemProfile.Status.SUBMITTED
        SystemProfile.objects.create(system=system, version=1, schema_id="profile/v1", data=data, status=status)
        created += 1
    return {"systems": created}
