"""Registry speed: p50/p95 of search and list pages with concurrent clients, and bulk-import rows/s.

Against a running server (start it yourself), e.g. on PostgreSQL:
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/honbu_registry DEBUG=1
    honbu migrate && honbu demo --no-serve && honbu bench seed --orgs 100000 --systems 300000
    honbu serve --port 8123 &          # WEB_CONCURRENCY / WEB_THREADS as in production
    python bench/registry_speed.py --url http://127.0.0.1:8123 --clients 16 --requests 800 --import-rows 20000

Logs in as an HQ analyst (the demo account `hq-analyst` by default) and prints the figures it measured.
"""

import argparse
import csv
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

QUERIES = ["採用", "顔認証", "チャットボット", "与信 スコア", "credit", "chatbot", "deepfake", "医用画像", "さくら",
           "Hokuto medical", "自動運転", "需要予測", "銀行", "language model", "物流"]
FILTERS = [{}, {"market": "EU"}, {"lifecycle": "in_service"}, {"role": "provider"}, {"sector": "J"},
           {"act_status": "utilising_business"}]


def login(url: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{url}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(f"{url}/accounts/login/", data=data, headers={"Referer": f"{url}/accounts/login/"})
    opener.open(request).read()
    return opener


def workload(n: int, rng: random.Random) -> list[tuple[str, str]]:
    paths = []
    for _ in range(n):
        kind = rng.choice(["search", "search", "list", "orgs"])
        if kind == "search":
            params = {"q": rng.choice(QUERIES), **rng.choice(FILTERS)}
            paths.append(("search systems", "/registry/systems/?" + urllib.parse.urlencode(params)))
        elif kind == "list":
            params = {**rng.choice(FILTERS), "page": rng.randint(1, 20)}
            paths.append(("list systems", "/registry/systems/?" + urllib.parse.urlencode(params)))
        else:
            params = {"q": rng.choice(QUERIES)} if rng.random() < 0.5 else {"page": rng.randint(1, 20)}
            paths.append(("organisations", "/registry/organisations/?" + urllib.parse.urlencode(params)))
    return paths


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def pages(args) -> None:
    openers = [login(args.url, args.user, args.password) for _ in range(args.clients)]
    jobs = workload(args.requests, random.Random(7))
    for _label, path in jobs[: args.clients]:  # warm up
        openers[0].open(args.url + path).read()

    def fetch(index_job):
        index, (label, path) = index_job
        opener = openers[index % args.clients]
        started = time.perf_counter()
        response = opener.open(args.url + path)
        response.read()
        return label, (time.perf_counter() - started) * 1000, response.status

    started = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        results = list(pool.map(fetch, enumerate(jobs)))
    wall = time.perf_counter() - started
    bad = [r for r in results if r[2] != 200]
    print(f"pages: {len(results)} requests, {args.clients} concurrent clients, {len(results) / wall:.0f} req/s, "
          f"{len(bad)} non-200")
    for label in sorted({r[0] for r in results}) + ["all"]:
        times = [ms for lab, ms, _s in results if label in (lab, "all")]
        print(f"  {label:<16} n={len(times):<5} p50={statistics.median(times):6.1f} ms  p95={percentile(times, 95):6.1f} ms"
              f"  max={max(times):6.1f} ms")


def bulk_import(args) -> None:
    from honbu.core.validators import corporate_number_check_digit

    rows = args.import_rows
    stamp = int(time.time()) % 100000
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["種別", "名称（日本語）", "名称（英語）", "法人番号", "業種（大分類）", "ウェブサイト", "AI提供者"])
        for i in range(rows):
            base = f"{600000000000 + stamp * 1000000 + i:012d}"[-12:]
            writer.writerow(["business", f"株式会社取込ベンチ{stamp}-{i}", f"Import Bench {stamp}-{i} K.K.",
                             f"{corporate_number_check_digit(base)}{base}", "G", f"https://bench{i}.example.jp/", "はい"])
    command = [os.path.join(os.path.dirname(sys.executable), "honbu"), "registry", "import", handle.name]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    os.unlink(handle.name)
    print(f"bulk import: {rows} organisation rows in {elapsed:.1f} s = {rows / elapsed:.0f} rows/s "
          f"(whole CLI run incl. start-up; exit {completed.returncode})")
    print("  " + completed.stdout.strip().replace("\n", "\n  "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--user", default="hq-analyst")
    parser.add_argument("--password", default="honbu-demo-2026")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--import-rows", type=int, default=20000, help="0 to skip the import benchmark")
    args = parser.parse_args()
    pages(args)
    if args.import_rows:
        bulk_import(args)


if __name__ == "__main__":
    main()
