"""Public report form at registry scale: time and size of the page and of its organisation search fragment.

Not a test. In one process, through Django's test client, against the database in DATABASE_URL (e.g. the registry
benchmark's 100,000 organisations, seeded by `honbu bench seed`):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/honbu_registry DEBUG=1 ALLOWED_HOSTS=testserver \\
        python bench/report_form_speed.py
The first request of the process includes start-up work; the figures that matter are the later ones.
"""

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honbu.settings")


def timed(client, path, **params):
    started = time.perf_counter()
    response = client.get(path, params)
    return (time.perf_counter() - started) * 1000, response


def main() -> None:
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    times = []
    for _ in range(5):
        ms, response = timed(client, "/incidents/report/")
        assert response.status_code == 200, response.status_code
        times.append(ms)
    print(f"/incidents/report/: first {times[0]:.0f} ms, then median {statistics.median(times[1:]):.0f} ms; "
          f"{len(response.content):,} bytes, {response.content.decode().count('<option')} options")
    for query in ["北斗", "Hokuto", "存在しない組織名"]:
        ms = min(timed(client, "/incidents/report/choices/", form="report", field="organisation",
                       organisation_query=query)[0] for _ in range(3))
        _ms, response = timed(client, "/incidents/report/choices/", form="report", field="organisation",
                              organisation_query=query)
        print(f"organisation search {query!r}: best {ms:.0f} ms, {response.content.decode().count('<option') - 1} "
              f"organisations listed")


if __name__ == "__main__":
    main()
