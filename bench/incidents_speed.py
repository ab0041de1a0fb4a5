"""Speed and memory of the similarity engine on synthetic Japanese/English reports.

    .venv/bin/python bench/incidents_speed.py [--n 100000] [--dedup-n 5000] [--queries 500]

Prints: dedup throughput (reports/s, one core, tokenising included), index build rate, query
latency p50/p95 against an index of N reports, and peak resident memory.  Reports are generated
from templates (organisations × systems × harms × places, ja and en), with about a third written
as near-duplicates of earlier ones so that candidate lists are realistic.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from honbu.similarity import Report, SimilarityIndex, extract  # noqa: E402
from honbu.similarity.batch import dedup  # noqa: E402

ORGS = ["Tesla", "Uber", "Meta", "Google", "Amazon", "Microsoft", "OpenAI", "Clearview AI", "DPD", "Waymo",
        "Cruise", "TikTok", "Baidu", "LINE", "Rakuten", "SoftBank", "Toyota", "Sony", "Hitachi", "NEC"]
SYSTEMS_EN = ["chatbot", "facial recognition system", "self-driving car", "hiring algorithm", "image generator",
              "voice clone tool", "content moderation model", "credit scoring model", "recommendation engine"]
SYSTEMS_JA = ["チャットボット", "顔認識システム", "自動運転車", "採用アルゴリズム", "画像生成AI", "音声合成ツール",
              "投稿監視AI", "信用スコアリング", "推薦システム"]
HARMS_EN = ["made offensive remarks to users", "misidentified a Black man who was wrongfully arrested",
            "struck a pedestrian at a crossing", "rejected female applicants", "produced sexual deepfakes of a celebrity",
            "was used to impersonate a company executive in a fraud", "removed posts by minority groups",
            "denied loans to older residents", "pushed self-harm videos to teenagers"]
HARMS_JA = ["利用者に差別的な発言をした", "黒人男性を誤って識別し誤認逮捕につながった", "横断歩道で歩行者をはねた",
            "女性の応募者を不当に不採用にした", "有名人の性的なディープフェイク画像を生成した",
            "経営者になりすました詐欺に使われた", "少数派の投稿を削除した", "高齢者への融資を拒否した",
            "十代に自傷行為の動画を勧めた"]
PLACES_EN = ["Tokyo", "Osaka", "San Francisco", "Arizona", "London", "Seoul", "Delhi", "Berlin", "Toronto", "Sydney"]
PLACES_JA = ["東京", "大阪", "サンフランシスコ", "アリゾナ州", "ロンドン", "ソウル", "デリー", "ベルリン", "トロント", "シドニー"]
FILLER_EN = ["Local media reported the case on {day}.", "The company said it was investigating.",
             "Critics called for stricter oversight of AI.", "Regulators asked for an explanation.",
             "Several users shared screenshots on social media.", "The system was suspended pending review."]
FILLER_JA = ["{day}に地元メディアが報じた。", "同社は調査中だとしている。", "AIの規制強化を求める声が上がった。",
             "当局は説明を求めた。", "利用者がSNSに画面写真を投稿した。", "システムは見直しのため停止された。"]


def synthetic_reports(n: int, seed: int = 7) -> list[Report]:
    rng = random.Random(seed)
    reports = []
    for i in range(n):
        if reports and rng.random() < 0.33:
            base = reports[rng.randrange(len(reports))]
            # A near-duplicate: same facts, sentences shuffled and one dropped.
            sentences = base.text.split("。" if base.lang == "ja" else ". ")
            rng.shuffle(sentences)
            joiner = "。" if base.lang == "ja" else ". "
            reports.append(Report(id=f"s{i}", title=base.title, text=joiner.join(sentences[:-1]), date=base.date, lang=base.lang))
            continue
        org, system, harm, place = rng.randrange(len(ORGS)), rng.randrange(9), rng.randrange(9), rng.randrange(10)
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.5:
            title = f"{ORGS[org]}'s {SYSTEMS_EN[system]} {HARMS_EN[harm]} in {PLACES_EN[place]}"
            filler = " ".join(rng.sample(FILLER_EN, 3)).format(day=day)
            text, lang = f"A {SYSTEMS_EN[system]} operated by {ORGS[org]} {HARMS_EN[harm]} in {PLACES_EN[place]}. {filler}", "en"
        else:
            title = f"{ORGS[org]}の{SYSTEMS_JA[system]}が{PLACES_JA[place]}で{HARMS_JA[harm]}"
            filler = "".join(rng.sample(FILLER_JA, 3)).format(day=day)
            text, lang = f"{PLACES_JA[place]}で、{ORGS[org]}が運用する{SYSTEMS_JA[system]}が{HARMS_JA[harm]}。{filler}", "ja"
        reports.append(Report(id=f"s{i}", title=title, text=text, date=None, lang=lang))
    return reports


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="reports in the query-latency index")
    parser.add_argument("--dedup-n", type=int, default=5_000, help="reports in the dedup throughput run")
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, one process; peak RSS at start {peak_rss_mb():.0f} MB")

    batch = synthetic_reports(args.dedup_n, seed=1)
    start = time.perf_counter()
    clusters = dedup(batch)
    elapsed = time.perf_counter() - start
    print(f"dedup: {len(batch)} reports in {elapsed:.1f} s = {len(batch) / elapsed:,.0f} reports/s "
          f"({len(set(clusters.values()))} clusters)")

    reports = synthetic_reports(args.n)
    index = SimilarityIndex()
    start = time.perf_counter()
    for report in reports:
        index.add(report)
    elapsed = time.perf_counter() - start
    print(f"index: added {len(index):,} reports in {elapsed:.1f} s = {len(index) / elapsed:,.0f} reports/s "
          f"(tokenising included); peak RSS {peak_rss_mb():.0f} MB")

    probes = [extract(r) for r in synthetic_reports(args.queries, seed=99)]
    latencies = []
    for features in probes:
        start = time.perf_counter()
        index.query(features, k=10)
        latencies.append(time.perf_counter() - start)
    p50, p95 = np.percentile(np.array(latencies) * 1000, [50, 95])
    print(f"query (features ready, k=10, 50 candidates scored) over {len(index):,} reports: "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    start = time.perf_counter()
    for report in synthetic_reports(50, seed=5):
        index.query(report, k=10)
    print(f"query including tokenising a new report: mean {(time.perf_counter() - start) / 50 * 1000:.1f} ms")
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
