"""Request CPU: what one logged-in page costs this process, through the whole middleware stack, and its queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/honbu_registry REDIS_URL=redis://127.0.0.1:6379/9 \
        SECRET_KEY=bench ALLOWED_HOSTS=testserver SECURE_SSL_REDIRECT=0 DATABASE_CONN_MAX_AGE=600 \
        .venv/bin/python bench/request_cpu.py [--user hq-analyst] [--repeat 6] [URL ...]

Not a test. Calls Django's WSGI handler in this process (no server, no sockets to a client) for each URL, as a
person signed in through the normal session (`force_login`) whose browser keeps its CSRF cookie, and prints the
CPU time of this process per request (`time.process_time`: what one core spends whatever else runs on a shared
machine; best of --repeat rounds, each round every URL --rounds times) and the queries each URL made. Every URL
is requested twice before timing, so the registry's list cache is warm. Collect static files first
(`honbu collectstatic`), as production serves hashed names from the manifest. The default URLs are the
registry list pages that bench/registry_speed.py requests.
"""

import argparse
import io
import os
import sys
import time
import urllib.parse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honbu.settings")

DEFAULT_URLS = [
    "/registry/systems/?q=採用", "/registry/systems/?q=credit&market=EU", "/registry/systems/?q=顔認証",
    "/registry/systems/?market=EU&page=3", "/registry/systems/?lifecycle=in_service&page=7",
    "/registry/systems/?page=12", "/registry/organisations/?page=2", "/registry/organisations/?q=銀行",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*", default=DEFAULT_URLS)
    parser.add_argument("--user", default="hq-analyst")
    parser.add_argument("--repeat", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import Client

    signing_in = Client(HTTP_HOST="testserver")
    # The backend a password login goes through (the first after axes, which only refuses locked-out logins).
    backend = next(path for path in settings.AUTHENTICATION_BACKENDS if not path.startswith("axes."))
    signing_in.force_login(get_user_model().objects.get(username=args.user), backend=backend)
    cookies = {name: morsel.value for name, morsel in signing_in.cookies.items()}
    handler = WSGIHandler()

    def get(url: str) -> str:
        path, _, query = url.partition("?")
        query = urllib.parse.quote(query, safe="=&%+")
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver", "REMOTE_ADDR": "127.0.0.1",
            "HTTP_COOKIE": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            "HTTP_ACCEPT_LANGUAGE": "ja,en;q=0.8", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        status = []

        def start_response(line, headers, *_):
            status.append(line)
            for name, value in headers:
                if name.lower() == "set-cookie" and value.strip().startswith("csrftoken="):
                    cookies["csrftoken"] = value.strip().split(";")[0].split("=", 1)[1]

        b"".join(handler(environ, start_response))
        return status[0]

    for url in args.urls:
        for _ in range(2):
            if not (line := get(url)).startswith("200"):
                sys.exit(f"{url}: {line}")

    print(f"{'queries':>7}  url (signed in as {args.user}, backend {backend.rsplit('.', 1)[-1]})")
    for url in args.urls:
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
            get(url)
        print(f"{len(queries):>7}  {url}")

    def timed_execute(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_database[0] += time.perf_counter() - started

    rounds, walls, database = [], [], []
    for _ in range(args.repeat):
        in_database = [0.0]
        started, started_wall = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(timed_execute):
            for _ in range(args.rounds):
                for url in args.urls:
                    get(url)
        requests = args.rounds * len(args.urls)
        rounds.append((time.process_time() - started) / requests * 1000)
        walls.append((time.perf_counter() - started_wall) / requests * 1000)
        database.append(in_database[0] / requests * 1000)
    print(f"CPU per request: best {min(rounds):.2f} ms, median {sorted(rounds)[len(rounds) // 2]:.2f} ms "
          f"({args.repeat} rounds of {args.rounds} x {len(args.urls)} requests); load average {os.getloadavg()[0]:.1f}")
    # Wall time includes waiting for the database server, whose own CPU is not in the figure above.
    print(f"wall per request: median {sorted(walls)[len(walls) // 2]:.2f} ms, of which waiting on queries "
          f"{sorted(database)[len(database) // 2]:.2f} ms")


if __name__ == "__main__":
    main()
