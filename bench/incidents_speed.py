"""Speed and memory of the similarity engine on synthetic Japanese/English report streams.

    .venv/bin/python bench/incidents_speed.py [--n 100000] [--dedup-n 1000,10000,50000] [--queries 500]

Prints: `honbu incidents dedup` throughput at each size (reports/s per CPU second, reading and
tokenising included, each size in a fresh process so that its peak memory is its own; the AIID DEV
file too), index add rate, query latency p50/p95 against an index of N reports (--n 0: skip), the
database path (50 candidates scored with collection-wide statistics), memory per indexed report.

The reports come from `synthetic_stream`: each incident has its own organisation, product, place,
people, numbers and pseudo-word details; about a third of the reports are further reports of an
earlier incident (syndicated copies or independent write-ups, Japanese or English).  Unrelated
reports still share sentence templates more than real ones do, so the engine over-merges them
(pairwise precision ~0.3 here against 0.79 on AIID DEV): a harder case than real data, not an easier one.
CPU time is printed beside wall time because this machine is shared; throughput is per CPU second.
"""
from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from honbu.similarity import Report, SimilarityIndex, Statistics, extract, rank_candidates  # noqa: E402
from honbu.similarity.cli import dedup_main  # noqa: E402

AIID_DEV = Path(__file__).resolve().parents[1] / "../shared/data/incidents/aiid-dev.jsonl"

ORG_STEMS = ["Kita", "Minami", "Aozora", "Hikari", "Sora", "Midori", "Kaze", "Yama", "Umi", "Hoshi", "Tsuki", "Asahi",
             "Nami", "Mori", "Kawa", "Shiro", "Kuro", "Akane", "Fuji", "Sakura", "Nova", "Vertex", "Lumen", "Quanta",
             "Helix", "Orbit", "Pixel", "Nimbus", "Atlas", "Zephyr", "Cobalt", "Argent", "Tessera", "Mosaic", "Kestrel"]
ORG_KINDS = ["Tech", "Systems", "AI", "Labs", "Mobility", "Finance", "Health", "Robotics", "Media", "Security",
             "Logistics", "Insurance", "Retail", "Energy", "Bank"]
ORGS = ["Tesla", "Uber", "Meta", "Google", "Amazon", "Microsoft", "OpenAI", "Clearview AI", "DPD", "Waymo", "Cruise",
        "TikTok", "Baidu", "LINE", "Rakuten", "SoftBank", "Toyota", "Sony", "Hitachi", "NEC"]
PRODUCT_WORDS = ["Assist", "Pilot", "Vision", "Guard", "Voice", "Match", "Score", "Lens", "Mate", "Sense", "Chat", "Drive"]
SYSTEMS = [("chatbot", "チャットボット"), ("facial recognition system", "顔認識システム"), ("self-driving car", "自動運転車"),
           ("hiring algorithm", "採用アルゴリズム"), ("image generator", "画像生成AI"), ("voice clone tool", "音声合成ツール"),
           ("content moderation model", "投稿監視AI"), ("credit scoring model", "信用スコアリング"),
           ("recommendation engine", "推薦システム"), ("delivery robot", "配送ロボット"), ("medical triage app", "医療トリアージアプリ"),
           ("exam proctoring software", "試験監督ソフト"), ("translation app", "翻訳アプリ"), ("surveillance camera", "監視カメラ")]
HARMS = [("made offensive remarks to {who}", "{who}に差別的な発言をした"),
         ("misidentified {who} as a shoplifting suspect", "{who}を万引き犯と誤認した"),
         ("struck {who} at a crossing", "横断歩道で{who}をはねた"),
         ("rejected {who} without explanation", "{who}を理由の説明なく不採用にした"),
         ("produced sexual deepfakes of {who}", "{who}の性的なディープフェイク画像を生成した"),
         ("was used to impersonate {who} in a fraud", "{who}になりすました詐欺に使われた"),
         ("removed posts by {who}", "{who}の投稿を削除した"),
         ("denied loans to {who}", "{who}への融資を拒否した"),
         ("pushed self-harm videos to {who}", "{who}に自傷行為の動画を勧めた"),
         ("leaked the medical records of {who}", "{who}の診療記録を流出させた"),
         ("gave dangerous dosage advice to {who}", "{who}に危険な服薬量を助言した"),
         ("flagged {who} as cheating", "{who}を不正行為と判定した")]
WHO = [("a {age}-year-old woman", "{age}歳の女性"), ("a {age}-year-old man", "{age}歳の男性"),
       ("{count} customers", "利用者{count}人"), ("{count} students", "学生{count}人"), ("a local politician", "地元の議員"),
       ("{count} job applicants", "応募者{count}人"), ("a popular streamer", "人気配信者"), ("{count} patients", "患者{count}人"),
       ("an elderly couple", "高齢の夫婦"), ("a company executive", "企業の役員")]
PLACES = [("Tokyo", "東京"), ("Osaka", "大阪"), ("Nagoya", "名古屋"), ("Sapporo", "札幌"), ("Fukuoka", "福岡"), ("Sendai", "仙台"),
          ("Kobe", "神戸"), ("Kyoto", "京都"), ("Hiroshima", "広島"), ("Naha", "那覇"), ("Niigata", "新潟"), ("Kanazawa", "金沢"),
          ("Yokohama", "横浜"), ("Chiba", "千葉"), ("Shizuoka", "静岡"), ("Kumamoto", "熊本"), ("Okayama", "岡山"),
          ("Nagano", "長野"), ("San Francisco", "サンフランシスコ"), ("Arizona", "アリゾナ州"), ("London", "ロンドン"),
          ("Seoul", "ソウル"), ("Delhi", "デリー"), ("Berlin", "ベルリン"), ("Toronto", "トロント"), ("Sydney", "シドニー"),
          ("Paris", "パリ"), ("Singapore", "シンガポール"), ("Taipei", "台北"), ("Manila", "マニラ")]
FOLLOW_UPS = [("{org} said it was investigating and had suspended {product}.", "{org}は調査中で、{product}の提供を停止したと説明した。"),
              ("Police in {place} opened an inquiry on {day}.", "{place}の警察は{day}に捜査を始めた。"),
              ("The {ministry} asked {org} for an explanation.", "{ministry_ja}は{org}に説明を求めた。"),
              ("{count} complaints were filed within a week.", "1週間で{count}件の苦情が寄せられた。"),
              ("A lawyer for the victims called {product} unsafe.", "被害者の弁護士は{product}は安全でないと述べた。"),
              ("{org} apologised on {day} and promised a fix.", "{org}は{day}に謝罪し、修正を約束した。"),
              ("The incident was first reported by {outlet}.", "この件は{outlet_ja}が最初に報じた。"),
              ("Engineers traced the fault to a software update released in {month}.", "原因は{month_ja}に配信されたソフト更新だった。")]
MINISTRIES = [("Ministry of Economy, Trade and Industry", "経済産業省"), ("Personal Information Protection Commission", "個人情報保護委員会"),
              ("Consumer Affairs Agency", "消費者庁"), ("Financial Services Agency", "金融庁"), ("Ministry of Health", "厚生労働省"),
              ("Digital Agency", "デジタル庁"), ("National Police Agency", "警察庁")]
OUTLETS = [("NHK", "NHK"), ("Nikkei", "日経新聞"), ("Asahi Shimbun", "朝日新聞"), ("Yomiuri", "読売新聞"), ("Reuters", "ロイター"),
           ("Kyodo News", "共同通信"), ("The Verge", "The Verge"), ("Mainichi", "毎日新聞")]
SYLLABLES = [("ka", "カ"), ("ki", "キ"), ("ku", "ク"), ("ko", "コ"), ("sa", "サ"), ("shi", "シ"), ("su", "ス"),
             ("ta", "タ"), ("to", "ト"), ("na", "ナ"), ("ni", "ニ"), ("no", "ノ"), ("ha", "ハ"), ("ho", "ホ"), ("ma", "マ"),
             ("mi", "ミ"), ("mo", "モ"), ("ra", "ラ"), ("ri", "リ"), ("ro", "ロ"), ("ya", "ヤ"), ("yu", "ユ"), ("wa", "ワ"),
             ("ze", "ゼ"), ("be", "ベ"), ("pa", "パ"), ("do", "ド"), ("gu", "グ")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def _lexicon(size: int = 30_000, seed: int = 11) -> list[tuple[str, str]]:
    """Pseudo-words (romaji, katakana) standing in for the names and terms particular to an incident."""
    rng = random.Random(seed)
    words = {}
    while len(words) < size:
        parts = [rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))]
        words["".join(p[0] for p in parts)] = "".join(p[1] for p in parts)
    return list(words.items())


LEXICON = _lexicon()
# Zipf-like: a few detail words recur across incidents, most are rare.
LEXICON_WEIGHTS = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(LEXICON))))


def _incident(rng) -> dict:
    # Well-known companies recur (as Tesla and Meta do in AIID); most organisations appear rarely.
    if rng.random() < 0.15:
        org = rng.choice(ORGS)
    else:
        stem = rng.choice(ORG_STEMS) if rng.random() < 0.3 else rng.choice(LEXICON)[0].capitalize()
        org = f"{stem} {rng.choice(ORG_KINDS)}"
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(730))
    who = rng.randrange(len(WHO))
    values = {"age": rng.randint(16, 89), "count": rng.randint(3, 4000)}
    ministry = rng.randrange(len(MINISTRIES))
    outlet = rng.randrange(len(OUTLETS))
    month = rng.randrange(12)
    return {
        "org": org, "product": f"{org.split()[0]} {rng.choice(PRODUCT_WORDS)} {rng.randint(1, 9)}",
        "system": rng.randrange(len(SYSTEMS)), "harm": rng.randrange(len(HARMS)),
        "who": (WHO[who][0].format(**values), WHO[who][1].format(**values)), "place": rng.randrange(len(PLACES)),
        "day": day, "count": rng.randint(2, 900),
        "ministry": MINISTRIES[ministry][0], "ministry_ja": MINISTRIES[ministry][1],
        "outlet": OUTLETS[outlet][0], "outlet_ja": OUTLETS[outlet][1],
        "month": MONTHS[month], "month_ja": f"{month + 1}月", "follow_ups": rng.sample(range(len(FOLLOW_UPS)), 5),
        "details": [LEXICON[i] for i in {bisect.bisect(LEXICON_WEIGHTS, rng.random() * LEXICON_WEIGHTS[-1])
                                         for _ in range(rng.randint(6, 10))}],
    }


def _render(incident: dict, lang: str, rng) -> tuple[str, str]:
    """One news-style report of an incident: a headline, a lead sentence and a few follow-up sentences."""
    ja = lang == "ja"
    i = incident
    system, place = SYSTEMS[i["system"]][ja], PLACES[i["place"]][ja]
    harm = HARMS[i["harm"]][ja].format(who=i["who"][ja])
    day = f"{i['day'].month}月{i['day'].day}日" if ja else i["day"].strftime("%B %d").replace(" 0", " ")
    slots = {**i, "place": place, "day": day}
    follow = [FOLLOW_UPS[f][ja].format(**slots) for f in i["follow_ups"][: rng.randint(1, 3)]]
    details = [d[ja] for d in rng.sample(i["details"], min(len(i["details"]), rng.randint(4, 7)))]
    if ja:
        follow.append("、".join(details[:-1]) + f"や{details[-1]}も関係していた。")
    else:
        follow.append(f"The case also involved {', '.join(d.capitalize() for d in details[:-1])} and {details[-1]}.")
    rng.shuffle(follow)
    if ja:
        title = rng.choice([f"{i['org']}の{system}が{place}で{harm}", f"{i['product']}、{harm}　{place}",
                            f"{place}で{system}が{harm}、{i['org']}が調査"])
        lead = f"{place}で{day}、{i['org']}が運用する{system}「{i['product']}」が{harm}。"
        return title, lead + "".join(follow)
    title = rng.choice([f"{i['org']}'s {system} {harm} in {place}", f"{i['product']} {harm} in {place}",
                        f"{place}: {system} run by {i['org']} {harm}"])
    lead = f"On {day}, a {system} called {i['product']}, operated by {i['org']}, {harm} in {place}."
    return title, " ".join([lead, *follow])


def synthetic_reports(n: int, seed: int = 7) -> Iterator[Report]:
    return (report for report, _ in synthetic_stream(n, seed))


def synthetic_stream(n: int, seed: int = 7) -> Iterator[tuple[Report, int]]:
    """A stream of reports in which about a third are further reports of an earlier incident.

    Each incident has its own organisation, product, place, people, numbers and dates, as real
    incidents do; a further report is either a syndicated copy (same headline, sentences shuffled,
    one dropped) or an independent write-up, in Japanese or English.  The earlier report is picked
    uniformly, so well-covered incidents attract more coverage (sizes 1-3 mostly, a few of 10-20).
    """
    rng = random.Random(seed)
    incidents: list[dict] = []
    of_report: list[int] = []
    texts: dict[int, tuple[str, str, str]] = {}
    for number in range(n):
        if of_report and rng.random() < 0.33:
            earlier = rng.randrange(len(of_report))
            incident = of_report[earlier]
        else:
            incidents.append(_incident(rng))
            earlier, incident = None, len(incidents) - 1
        lang = "ja" if rng.random() < 0.5 else "en"
        if earlier is not None and earlier in texts and rng.random() < 0.4:
            title, body, lang = texts[earlier]
            joiner = "。" if lang == "ja" else ". "
            sentences = body.split(joiner)
            rng.shuffle(sentences)
            body = joiner.join(sentences[:-1] or sentences)
        else:
            title, body = _render(incidents[incident], lang, rng)
        of_report.append(incident)
        if len(texts) < 200_000:  # enough earlier texts to copy from without holding the whole stream
            texts[number] = (title, body, lang)
        date = incidents[incident]["day"] + dt.timedelta(days=rng.randint(0, 3)) if rng.random() < 0.5 else None
        yield Report(id=f"s{number}", title=title, text=body, date=date, lang=lang), incident


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


class Clock:
    """Wall and CPU seconds since creation."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def pairwise(labels: list, truth: list) -> tuple[float, float]:
    def pairs(groups: Counter) -> int:
        return sum(k * (k - 1) // 2 for k in groups.values())

    together = pairs(Counter(zip(labels, truth)))
    return together / max(pairs(Counter(labels)), 1), together / max(pairs(Counter(truth)), 1)


def bench_dedup(n: int) -> None:
    """Time `honbu incidents dedup IN.jsonl --out OUT` (the CLI's own code, without Django's start-up)
    on n synthetic reports (0: the AIID DEV file); run in a child process of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp, "in.jsonl"), Path(tmp, "out.jsonl")
        if n:
            stream = list(synthetic_stream(n, seed=1))
            source.write_text("".join(json.dumps({"id": r.id, "title": r.title, "text": r.text, "lang": r.lang,
                                                  "date": r.date.isoformat() if r.date else None}, ensure_ascii=False) + "\n"
                                      for r, _ in stream), encoding="utf-8")
            truth = {r.id: incident for r, incident in stream}
            del stream
        else:
            source = AIID_DEV.resolve()
            truth = {row["id"]: row["incident_id"] for row in map(json.loads, AIID_DEV.read_text("utf-8").splitlines())}
            n = len(truth)
        extract(Report(id="warm-up", title="ウォームアップ"))  # Sudachi's dictionary, loaded once per process
        before = rss_mb()
        clock = Clock()
        code = dedup_main([str(source), "--out", str(out)], sys.stdout, sys.stderr)
        wall, cpu = clock.read()
        assert code == 0
        clusters = {row["id"]: row["cluster"] for row in map(json.loads, out.read_text("utf-8").splitlines())}
    precision, recall = pairwise([clusters[i] for i in truth], list(truth.values()))
    sizes = Counter(clusters.values())
    real = source == AIID_DEV.resolve()
    label = f"AIID DEV ({n:,} reports)" if real else f"{n:,} synthetic reports"
    print(f"dedup, {label}: {cpu:.2f} s CPU = {n / cpu:,.0f} reports/s per CPU second ({wall:.2f} s wall); "
          f"peak RSS {peak_rss_mb():,.0f} MB ({before:,.0f} MB before reading the file)")
    print(f"  {len(sizes):,} clusters (largest {sizes.most_common(1)[0][1]}) for {len(set(truth.values())):,} "
          f"incidents; pairwise P {precision:.2f} R {recall:.2f}{' (shipped model, trained on DEV: in sample)' if real else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="reports in the query-latency index")
    parser.add_argument("--dedup-n", default="1000,10000,50000",
                        help="comma-separated sizes of the dedup runs, 0 for the AIID DEV file ('' to skip)")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--dedup-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.dedup_child is not None:
        bench_dedup(args.dedup_child)
        return 0
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}; load average {os.getloadavg()[0]:.1f}")
    for size in filter(None, args.dedup_n.split(",")):
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "--dedup-child", size], check=True)
    if not args.n:
        print(f"load average {os.getloadavg()[0]:.1f}")
        return 0
    extract(Report(id="warm-up", title="ウォームアップ"))  # load Sudachi's dictionary outside the timings
    print(f"one process; RSS at start {rss_mb():.0f} MB")

    # Collection-wide statistics are what the database path keeps; count them as reports arrive.
    stats = Statistics()
    index = SimilarityIndex()
    base = rss_mb()
    clock = Clock()
    for report in synthetic_reports(args.n):
        features = extract(report)
        index.add(features)
        stats.add(features)
    wall, cpu = clock.read()
    print(f"index: added {len(index):,} reports in {wall:.0f} s wall / {cpu:.0f} s CPU = {len(index) / cpu:,.0f} "
          f"reports/s per CPU second (tokenising and statistics included)")
    print(f"  resident memory for index + statistics: {rss_mb() - base:,.0f} MB "
          f"= {(rss_mb() - base) * 2**20 / len(index):,.0f} bytes/report")

    probes = [extract(r) for r in synthetic_reports(args.queries, seed=99)]
    latencies = []
    for features in probes:
        start = time.perf_counter()
        index.query(features, k=10)
        latencies.append(time.perf_counter() - start)
    p50, p95 = np.percentile(np.array(latencies) * 1000, [50, 95])
    print(f"query (features ready, k=10, 50 candidates scored) over {len(index):,} reports: "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (wall)")
    clock = Clock()
    for report in synthetic_reports(50, seed=5):
        index.query(report, k=10)
    wall, _ = clock.read()
    print(f"query including tokenising a new report: mean {wall / 50 * 1000:.1f} ms")
    print(f"peak RSS so far (index, statistics, queries) {peak_rss_mb():,.0f} MB")

    # The database path: the app fetches ~50 candidates' stored features and scores them with
    # collection-wide statistics.  Which 50 does not change the cost; take them from a side pool.
    pool = [extract(r) for r in synthetic_reports(5_000, seed=42)]
    finder = SimilarityIndex()
    for f in pool:
        finder.add(f)
    candidate_sets = [[pool[d] for d in (finder.evidence(f).docs if finder.evidence(f) else [])] for f in probes[:200]]
    latencies = []
    for features, candidates in zip(probes, candidate_sets):
        start = time.perf_counter()
        rank_candidates(features, candidates, statistics=stats, k=10)
        latencies.append(time.perf_counter() - start)
    p50, p95 = np.percentile(np.array(latencies) * 1000, [50, 95])
    print(f"rank_candidates (50 stored candidates, statistics of {stats.documents:,} reports): "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (wall)")
    print(f"peak RSS at the end (+ 5,000 candidate features held as Python dicts) {peak_rss_mb():,.0f} MB")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
