import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from honbu.core.models import Organisation
from honbu.core.validators import corporate_number_check_digit
from honbu.registry.listcache import bump_version
from honbu.registry.models import AISystem
from honbu.registry.search import tokens

PLACES = [("さくら", "Sakura"), ("みなと", "Minato"), ("あおば", "Aoba"), ("ひかり", "Hikari"), ("北斗", "Hokuto"),
          ("東雲", "Shinonome"), ("やまびこ", "Yamabiko"), ("つばさ", "Tsubasa"), ("なぎさ", "Nagisa"), ("こまち", "Komachi"),
          ("いぶき", "Ibuki"), ("ふたば", "Futaba"), ("あさぎり", "Asagiri"), ("みずほ", "Mizuho"), ("若葉", "Wakaba"),
          ("青空", "Aozora"), ("白山", "Hakusan"), ("紅葉", "Momiji"), ("朝日", "Asahi"), ("銀河", "Ginga")]
TRADES = [("情報システム", "Information Systems", "G"), ("精密機械", "Precision Machinery", "E"), ("銀行", "Bank", "J"),
          ("保険", "Insurance", "J"), ("物流", "Logistics", "H"), ("医療技術", "Medical Technology", "P"),
          ("教育サービス", "Education Services", "O"), ("小売", "Retail", "I"), ("電力", "Electric Power", "F"),
          ("人材サービス", "HR Services", "R"), ("建設", "Construction", "D"), ("不動産", "Real Estate", "K")]
FORMS = [("株式会社", "K.K."), ("合同会社", "LLC"), ("有限会社", "Ltd.")]
SYSTEMS = [
    ("採用選考支援AI", "Hiring screening assistant", "応募書類を評価し、面接候補者を推薦します。", "Scores application documents and recommends candidates for interview."),
    ("与信審査スコアリング", "Credit scoring engine", "個人向けローンの信用スコアを算出します。", "Computes credit scores for consumer loans."),
    ("顧客対応チャットボット", "Customer service chatbot", "問い合わせに自然な日本語で回答します。", "Answers customer enquiries in natural language."),
    ("医用画像診断支援", "Medical imaging diagnosis support", "CT画像から病変の候補を検出します。", "Detects candidate lesions in CT images."),
    ("ディープフェイク検知", "Deepfake detection", "動画や音声の合成を検知します。", "Detects synthetic video and audio."),
    ("店舗顔認証システム", "In-store face recognition", "来店者の顔を照合し、万引き対策に使います。", "Matches shoppers' faces for theft prevention."),
    ("自動運転認識モジュール", "Autonomous driving perception module", "車載カメラ映像から歩行者を認識します。", "Recognises pedestrians from vehicle camera images."),
    ("需要予測AI", "Demand forecasting", "販売実績から需要を予測します。", "Forecasts demand from sales history."),
    ("文書要約アシスタント", "Document summarisation assistant", "社内文書を要約します。", "Summarises internal documents."),
    ("設備異常検知", "Equipment anomaly detection", "センサーデータから故障の予兆を検知します。", "Detects signs of failure from sensor data."),
    ("学習到達度評価", "Learning outcome assessment", "生徒の解答から理解度を評価します。", "Assesses pupils' understanding from their answers."),
    ("大規模言語モデル", "Large language model", "日本語に強い汎用の基盤モデルです。", "A general-purpose foundation model strong in Japanese."),
]


def _tokens(text: str, cache: dict) -> list[str]:
    if text not in cache:
        cache[text] = tokens(text)
    return cache[text]


def _search_text(parts: list[str], cache: dict) -> str:
    seen = dict.fromkeys(token for part in parts for token in _tokens(part, cache))
    return f" {' '.join(seen)} " if seen else ""


def corporate_number(index: int) -> str:
    base = f"{400000000000 + index:012d}"
    return f"{corporate_number_check_digit(base)}{base}"


class Command(BaseCommand):
    help = "Benchmark tools: `honbu bench seed --orgs N --systems M` generates realistic ja/en registry data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        seed = sub.add_parser("seed", help="add N organisations and M AI systems")
        seed.add_argument("--orgs", type=int, default=1000)
        seed.add_argument("--systems", type=int, default=3000)
        seed.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, action, orgs, systems, seed, **options):
        rng, cache, started = random.Random(seed), {}, time.monotonic()
        offset = Organisation.objects.count()
        batch, org_ids = [], []
        for i in range(orgs):
            (place_ja, place_en), (trade_ja, trade_en, sector), (form_ja, form_en) = (
                rng.choice(PLACES), rng.choice(TRADES), rng.choice(FORMS))
            name_ja, name_en = f"{form_ja}{place_ja}{trade_ja}{i}", f"{place_en} {trade_en} {i} {form_en}"
            number = corporate_number(offset + i)
            batch.append(Organisation(
                kind="business", name_ja=name_ja, name_en=name_en, corporate_number=number, sector=sector,
                prefecture=f"{rng.randint(1, 47):02d}", is_sme=rng.random() < 0.7, act_status="utilising_business",
                is_ai_developer=rng.random() < 0.3, is_ai_provider=rng.random() < 0.5, is_ai_business_user=rng.random() < 0.8,
                verification=rng.choice(["verified", "verified", "verified", "pending"]),
                search_text=_search_text([form_ja, place_ja, trade_ja, place_en, trade_en, str(i), form_en, number], cache)))
            if len(batch) == 5000 or i == orgs - 1:
                with transaction.atomic():
                    org_ids += [o.pk for o in Organisation.objects.bulk_create(batch)]
                batch = []
        if not org_ids:
            org_ids = list(Organisation.objects.values_list("pk", flat=True))
        for i in range(systems):
            name_ja, name_en, desc_ja, desc_en = rng.choice(SYSTEMS)
            place_ja, place_en = rng.choice(PLACES)
            batch.append(AISystem(
                organisation_id=rng.choice(org_ids), name_ja=f"{place_ja}{name_ja}", name_en=f"{place_en} {name_en}",
                description_ja=desc_ja, description_en=desc_en, intended_purpose=desc_ja,
                lifecycle=rng.choice(AISystem.Lifecycle.values), is_developer=rng.random() < 0.3,
                is_provider=rng.random() < 0.5, is_business_user=rng.random() < 0.6, market_jp=True,
                market_eu=rng.random() < 0.2, market_other=rng.random() < 0.1, is_public=rng.random() < 0.4,
                search_text=_search_text([place_ja, name_ja, place_en, name_en, desc_ja, desc_en], cache)))
            if len(batch) == 5000 or i == systems - 1:
                with transaction.atomic():
                    AISystem.objects.bulk_create(batch)
                batch = []
        bump_version()
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses until autovacuum runs; and a visibility map, without which
            # the filter indexes ((sector, id) and the like) cannot answer capped counts by index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE core_organisation, registry_aisystem")
        self.stdout.write(f"Seeded {orgs} organisations and {systems} AI systems in {time.monotonic() - started:.1f} s.")
