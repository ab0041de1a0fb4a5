"""Registry speed: p50/p95 of search and list pages with concurrent clients, and bulk-import rows/s.

Against a running server (start it yourself), e.g. on PostgreSQL, with production settings (DEBUG off):
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/honbu_registry
    DEBUG=1 honbu migrate && DEBUG=1 honbu demo --no-serve && DEBUG=1 honbu bench seed --orgs 100000 --systems 300000
    REDIS_URL=redis://127.0.0.1:6379/9 SECRET_KEY=bench ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 \
        WEB_CONCURRENCY=2 WEB_THREADS=4 DATABASE_CONN_MAX_AGE=600 honbu serve --port 8123 --no-with-worker &
    DEBUG=1 python bench/registry_speed.py --url http://127.0.0.1:8123 --clients 16 --requests 800 --rounds 4 \
        --import-rows 20000

The registry caches its lists of everything (honbu/registry/listcache.py): the first round after a restart
computes each distinct page once, later rounds mostly read the cache; both are printed, and both matter.

Logs in as an HQ analyst (the demo account `hq-analyst` by default) and prints the figures it measured: per round
and page type p50/p95, and the spread of p95 over the rounds (the machine may be shared; one round proves little).
The import runs `honbu registry import` on generated organisation and AI-system files and deletes what it imported
afterwards (unless --keep), so repeated runs measure the same database size.
"""

import argparse
import csv
import http.client
import http.cookiejar
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import queue
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

QUERIES = ["採用", "顔認証", "チャットボット", "与信 スコア", "credit", "chatbot", "deepfake", "医用画像", "さくら",
           "Hokuto medical", "自動運転", "需要予測", "銀行", "language model", "物流"]
FILTERS = [{}, {"market": "EU"}, {"lifecycle": "in_service"}, {"role": "provider"}, {"sector": "J"},
           {"act_status": "utilising_business"}]


class LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """With DEBUG off the session and CSRF cookies are `Secure`; on plain-HTTP loopback send them anyway."""

    def return_ok_secure(self, cookie, request):
        return True


def login(url: str, username: str, password: str) -> tuple[urllib.request.OpenerDirector, str]:
    """A signed-in opener (a new connection per request) and its cookies as a Cookie header."""
    jar = http.cookiejar.CookieJar(policy=LoopbackCookiePolicy())
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{url}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(f"{url}/accounts/login/", data=data, headers={"Referer": f"{url}/accounts/login/"})
    opener.open(request).read()
    return opener, "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


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


def pages(args) -> dict[str, list[float]]:
    """Run the page workload `args.rounds` times; print each round and return p95s per page type.

    Each client keeps its connection open between requests, as browsers do, unless --no-keep-alive."""
    logins = [login(args.url, args.user, args.password) for _ in range(args.clients)]
    jobs = workload(args.requests, random.Random(7))
    for _label, path in jobs[: args.clients]:  # warm up
        logins[0][0].open(args.url + path).read()
    cookies = queue.Queue()
    for _opener, cookie in logins:
        cookies.put(cookie)
    local = threading.local()  # each pool thread is one client: its own session and connection
    address = urllib.parse.urlsplit(args.url)

    def fetch(index_job):
        index, (label, path) = index_job
        if args.no_keep_alive:
            opener = logins[index % args.clients][0]
            started = time.perf_counter()
            response = opener.open(args.url + path)
            response.read()
            return label, (time.perf_counter() - started) * 1000, response.status
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(address.hostname, address.port)
            local.cookie = cookies.get_nowait()
        started = time.perf_counter()
        local.connection.request("GET", path, headers={"Cookie": local.cookie})
        response = local.connection.getresponse()
        response.read()
        return label, (time.perf_counter() - started) * 1000, response.status

    p95s: dict[str, list[float]] = {}
    pool = ThreadPoolExecutor(args.clients)  # one for all rounds: its threads keep their connections
    for round_number in range(1, args.rounds + 1):
        started, client_cpu = time.perf_counter(), time.process_time()
        results = list(pool.map(fetch, enumerate(jobs)))
        wall, client_cpu = time.perf_counter() - started, time.process_time() - client_cpu
        bad = [r for r in results if r[2] != 200]
        # The client runs on the same cores as the server and PostgreSQL: its own CPU is printed to tell them apart.
        print(f"pages, round {round_number}/{args.rounds}: {len(results)} requests, {args.clients} concurrent clients, "
              f"{len(results) / wall:.0f} req/s, {len(bad)} non-200; client CPU {client_cpu / len(results) * 1000:.2f} "
              f"ms a request; load {os.getloadavg()[0]:.1f}")
        for label in sorted({r[0] for r in results}) + ["all"]:
            times = [ms for lab, ms, _s in results if label in (lab, "all")]
            p95s.setdefault(label, []).append(percentile(times, 95))
            print(f"  {label:<16} n={len(times):<5} p50={statistics.median(times):6.1f} ms  "
                  f"p95={percentile(times, 95):6.1f} ms  max={max(times):6.1f} ms")
    pool.shutdown()
    if args.rounds > 1:
        print(f"p95 over {args.rounds} rounds (min / median / max):")
        for label, values in p95s.items():
            print(f"  {label:<16} {min(values):6.1f} / {statistics.median(values):6.1f} / {max(values):6.1f} ms")
    return p95s


def _run_import(path: str, rows: int, what: str) -> None:
    command = [os.path.join(os.path.dirname(sys.executable), "honbu"), "registry", "import", path]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # On a shared machine the wall clock includes waiting for a core; rows per CPU-second of the honbu process
    # (PostgreSQL's own work not included) is the figure that does not move with the neighbours' load.
    print(f"bulk import: {rows} {what} rows in {elapsed:.1f} s = {rows / elapsed:.0f} rows/s "
          f"(whole CLI run incl. start-up; exit {completed.returncode}); {cpu:.1f} CPU-s = {rows / cpu:.0f} rows/CPU-s")
    print("  " + (completed.stdout.strip() or completed.stderr.strip()[-500:]).replace("\n", "\n  "))


def bulk_import(args) -> None:
    """Import `args.import_rows` organisations, then as many AI systems belonging to them, with the CLI."""
    from honbu.core.validators import corporate_number_check_digit

    rows = args.import_rows
    stamp = int(time.time()) % 100000
    numbers = []
    with tempfile.TemporaryDirectory() as folder:
        organisations, systems = os.path.join(folder, "organisations.csv"), os.path.join(folder, "systems.csv")
        with open(organisations, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["種別", "名称（日本語）", "名称（英語）", "よみがな", "法人番号", "業種（大分類）", "都道府県コード",
                             "ウェブサイト", "連絡先メール", "AI推進法上の位置付け", "AI提供者", "中小企業"])
            for i in range(rows):
                base = f"{600000000000 + stamp * 1000000 + i:012d}"[-12:]
                numbers.append(f"{corporate_number_check_digit(base)}{base}")
                writer.writerow(["business", f"株式会社取込ベンチ{stamp}-{i}", f"Import Bench {stamp}-{i} K.K.",
                                 f"とりこみべんち{i}", numbers[-1], "G", "13", f"https://bench{i}.example.jp/",
                                 f"ai{i}@bench.example.jp", "utilising_business", "はい", "いいえ"])
        with open(systems, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["組織の法人番号", "名称（日本語）", "名称（英語）", "説明（日本語）", "説明（英語）",
                             "ライフサイクル", "提供", "市場：日本", "市場：EU"])
            for i in range(rows):
                writer.writerow([numbers[i], f"採用選考支援AI 第{i}版", f"Recruitment screening assistant {i}",
                                 "応募書類を読み取り、面接に進む候補者を順位付けする機械学習モデルです。最終判断は人事担当者が行います。",
                                 "A machine-learning model that reads applications and ranks candidates for interview; "
                                 "HR staff make the final decision.", "in_service", "はい", "はい", "いいえ"])
        try:
            _run_import(organisations, rows, "organisation")
            _run_import(systems, rows, "AI system")
        finally:
            if not args.keep:
                _delete_imported(numbers)


def _delete_imported(numbers: list[str]) -> None:
    """Delete the benchmark's organisations and their systems (raw SQL: this is a benchmark, not an app path)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honbu.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from honbu.registry.listcache import bump_version

    with transaction.atomic(), connection.cursor() as cursor:
        ids = "SELECT id FROM core_organisation WHERE corporate_number = ANY(%s)"
        cursor.execute(f"DELETE FROM registry_aisystem WHERE organisation_id IN ({ids})", [numbers])
        cursor.execute(f"DELETE FROM core_organisation WHERE id IN ({ids})", [numbers])
        bump_version()  # raw SQL sends no signals: tell the running server's list caches
        print(f"  (deleted the {cursor.rowcount} imported organisations and their systems again)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--user", default="hq-analyst")
    parser.add_argument("--password", default="honbu-demo-2026")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--rounds", type=int, default=3, help="times to run the page workload")
    parser.add_argument("--no-keep-alive", action="store_true", help="open a new connection for every request")
    parser.add_argument("--import-rows", type=int, default=20000,
                        help="organisations, and as many AI systems, to import; 0 to skip the import benchmark")
    parser.add_argument("--keep", action="store_true", help="keep the imported rows instead of deleting them")
    args = parser.parse_args()
    print("command: " + " ".join(sys.argv))
    if args.requests:
        pages(args)
    if args.import_rows:
        bulk_import(args)


if __name__ == "__main__":
    main()
