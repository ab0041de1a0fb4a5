"""Demo data in Japanese and English: the secretariat, ministries, businesses and universities.

Organisations other than government bodies are fictional; corporate numbers are made up but carry valid check digits.
Loading is idempotent: records are looked up by a natural key before they are created.
"""

from django.db import transaction

from honbu.core.audit import record
from honbu.core.models import Membership, Organisation, User
from honbu.core.validators import corporate_number_check_digit

PASSWORD = "honbu-demo-2026"

Kind, Status = Organisation.Kind, Organisation.ActStatus

GOVERNMENT = [
    ("hq_secretariat", "内閣府 人工知能政策推進室", "Cabinet Office, AI Policy Promotion Office (AI Strategy HQ secretariat)", "ないかくふ じんこうちのうせいさくすいしんしつ"),
    ("ministry", "経済産業省", "Ministry of Economy, Trade and Industry", "けいざいさんぎょうしょう"),
    ("ministry", "総務省", "Ministry of Internal Affairs and Communications", "そうむしょう"),
    ("ministry", "文部科学省", "Ministry of Education, Culture, Sports, Science and Technology", "もんぶかがくしょう"),
    ("ministry", "厚生労働省", "Ministry of Health, Labour and Welfare", "こうせいろうどうしょう"),
    ("ministry", "デジタル庁", "Digital Agency", "でじたるちょう"),
    ("ministry", "個人情報保護委員会", "Personal Information Protection Commission", "こじんじょうほうほごいいんかい"),
]

# (kind, name_ja, name_en, kana, act status, sector (JSIC division), prefecture code, SME, D/P/U roles, EU)
OTHERS = [
    ("business", "さくらAIソリューションズ株式会社", "Sakura AI Solutions K.K.", "さくらえーあいそりゅーしょんず", "utilising_business", "G", "13", False, "DP", True),
    ("business", "株式会社みなと言語技術", "Minato Language Technologies Inc.", "みなとげんごぎじゅつ", "utilising_business", "G", "14", True, "DP", False),
    ("business", "東雲モビリティ株式会社", "Shinonome Mobility Co., Ltd.", "しののめもびりてぃ", "utilising_business", "E", "23", False, "PU", True),
    ("business", "株式会社あおば人材サービス", "Aoba HR Services Inc.", "あおばじんざいさーびす", "utilising_business", "R", "04", True, "U", False),
    ("business", "北斗メディカルAI株式会社", "Hokuto Medical AI K.K.", "ほくとめでぃかるえーあい", "utilising_business", "P", "01", True, "DP", True),
    ("business", "株式会社やまびこ銀行", "Yamabiko Bank, Ltd.", "やまびこぎんこう", "utilising_business", "J", "27", False, "U", False),
    ("business", "かがやき生成AIラボ株式会社", "Kagayaki Generative AI Lab K.K.", "かがやきせいせいえーあいらぼ", "utilising_business", "G", "13", True, "D", True),
    ("business", "株式会社つばさ保険", "Tsubasa Insurance Co., Ltd.", "つばさほけん", "utilising_business", "J", "13", False, "U", False),
    ("business", "なぎさロボティクス株式会社", "Nagisa Robotics Inc.", "なぎさろぼてぃくす", "utilising_business", "E", "26", True, "DP", True),
    ("business", "株式会社ひかり教育テック", "Hikari EdTech Inc.", "ひかりきょういくてっく", "utilising_business", "O", "40", True, "PU", False),
    ("business", "株式会社こまち小売", "Komachi Retail Co., Ltd.", "こまちこうり", "utilising_business", "I", "05", False, "U", False),
    ("business", "いぶき電力株式会社", "Ibuki Electric Power Co., Inc.", "いぶきでんりょく", "utilising_business", "F", "34", False, "U", False),
    ("business", "株式会社ふたば顔認証システムズ", "Futaba Face Recognition Systems Inc.", "ふたばかおにんしょうしすてむず", "utilising_business", "G", "11", True, "DP", True),
    ("business", "あさぎりメディア株式会社", "Asagiri Media Corporation", "あさぎりめでぃあ", "utilising_business", "G", "13", False, "U", False),
    ("university", "国立大学法人 東都大学", "Toto National University", "とうとだいがく", "rd_institution", "O", "13", False, "D", False),
    ("university", "学校法人 西陵学院 西陵大学", "Seiryo University", "せいりょうだいがく", "rd_institution", "O", "27", False, "DU", False),
    ("university", "国立研究開発法人 未来情報研究機構", "National Institute for Future Informatics", "みらいじょうほうけんきゅうきこう", "rd_institution", "L", "08", False, "D", False),
    ("university", "公立大学法人 みちのく科学技術大学", "Michinoku University of Science and Technology", "みちのくかがくぎじゅつだいがく", "rd_institution", "O", "04", False, "DU", False),
    ("local_government", "架空県", "Kakuu Prefecture", "かくうけん", "local_government", "S", "19", False, "U", False),
    ("public_body", "独立行政法人 情報基盤支援機構", "Information Infrastructure Support Agency", "じょうほうきばんしえんきこう", "administrative_agency", "S", "13", False, "U", False),
]

# (username, display name, organisation name_ja, role): shown on the login page in demo mode.
ACCOUNTS = [
    ("hq-manager", "内閣 花子 (HQ manager)", "内閣府 人工知能政策推進室", Membership.Role.HQ_MANAGER),
    ("hq-analyst", "分析 太郎 (HQ analyst)", "内閣府 人工知能政策推進室", Membership.Role.HQ_ANALYST),
    ("meti-liaison", "経産 次郎 (METI liaison)", "経済産業省", Membership.Role.MINISTRY_LIAISON),
    ("sakura-admin", "佐倉 美咲 (Sakura AI admin)", "さくらAIソリューションズ株式会社", Membership.Role.ORG_ADMIN),
    ("sakura-member", "Emily Carter (Sakura AI member)", "さくらAIソリューションズ株式会社", Membership.Role.ORG_MEMBER),
    ("minato-admin", "港 健一 (Minato admin)", "株式会社みなと言語技術", Membership.Role.ORG_ADMIN),
    ("toto-admin", "東都 翔 (Toto University admin)", "国立大学法人 東都大学", Membership.Role.ORG_ADMIN),
]


def demo_corporate_number(index: int) -> str:
    base = f"{7010001000000 + index * 7919:013d}"[1:]
    return f"{corporate_number_check_digit(base)}{base}"


@transaction.atomic
def load() -> dict[str, int]:
    created = {"organisations": 0, "users": 0}
    for index, (kind, name_ja, name_en, kana) in enumerate(GOVERNMENT):
        _, is_new = Organisation.objects.get_or_create(
            name_ja=name_ja,
            defaults={"kind": kind, "name_en": name_en, "name_kana": kana, "verification": "verified",
                      "corporate_number": demo_corporate_number(index), "legal_form": "国の行政機関"},
        )
        created["organisations"] += is_new
    for index, (kind, name_ja, name_en, kana, status, sector, pref, sme, roles, eu) in enumerate(OTHERS, start=100):
        organisation, is_new = Organisation.objects.get_or_create(
            name_ja=name_ja,
            defaults={
                "kind": kind, "name_en": name_en, "name_kana": kana, "act_status": status, "sector": sector,
                "prefecture": pref, "is_sme": sme, "is_ai_developer": "D" in roles, "is_ai_provider": "P" in roles,
                "is_ai_business_user": "U" in roles, "established_in_eu": False, "has_eu_authorised_representative": eu,
                "corporate_number": demo_corporate_number(index), "verification": "verified",
                "website": f"https://www.{name_en.split()[0].lower()}.example.jp/",
                "contact_email": f"ai-governance@{name_en.split()[0].lower()}.example.jp",
            },
        )
        if is_new:
            created["organisations"] += 1
            record("demo", "organisation.created", organisation)
    for username, display_name, organisation_name, role in ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username=username, email=f"{username}@demo.honbu.example.jp", password=PASSWORD, display_name=display_name,
        )
        Membership.objects.create(user=user, organisation=Organisation.objects.get(name_ja=organisation_name), role=role)
        created["users"] += 1
        record("demo", "user.created", user, role=role)
    # A few more members, so organisation pages are not empty.
    for organisation in Organisation.objects.filter(kind__in=["business", "university"]).exclude(memberships__isnull=False):
        username = f"member-{organisation.pk}"
        if not User.objects.filter(username=username).exists():
            user = User.objects.create_user(username=username, email=f"{username}@demo.honbu.example.jp",
                                            password=PASSWORD, display_name=f"{organisation.name_ja} 担当者")
            Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ORG_ADMIN)
            created["users"] += 1
    return created
