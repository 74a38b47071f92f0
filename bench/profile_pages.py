"""Profile single page views against the seeded benchmark database (no load generator).

    python bench/profile_pages.py                       # after bench/bench_web.py seeded it
    python bench/profile_pages.py --pages chart /referrals/ --views 20 --profile chart

Runs each page through Django's test client with the production settings (DEBUG off, sessions,
permission checks, audit on) as the `bench` user; prints each page's mean time per view, its
query count and SQL time and the slowest queries, then a cProfile of the pages named with
--profile. `chart` stands for the chart of the first patient with 200 timeline entries.
The profile data is written to a temporary directory (kept and printed, for snakeviz & co.).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/netcare_bench"
DEFAULT_PAGES = [
    "chart",
    "/patients/?q=Smi",
    "/referrals/",
    "/referrals/?flag=urgent",
    "/surveillance/worklist/",
    "/surveillance/worklist/?overdue=on",
    "/treatments/injections-due/",
]


def _setup(url: str) -> None:
    os.environ.update(
        DATABASE_URL=url,
        NETCARE_SECRET_KEY="x" * 40,
        NETCARE_HTTPS="false",
        NETCARE_ALLOWED_HOSTS="testserver,127.0.0.1",
        DJANGO_SETTINGS_MODULE="netcare.config.settings",
        NETCARE_DATA_DIR=str(ROOT / "var" / "bench"),
    )
    import django

    django.setup()


def _busy_chart() -> str:
    from django.db.models import Count

    from netcare.patients.models import TimelineEntry

    pid = (
        TimelineEntry.objects.values("patient")
        .annotate(n=Count("id"))
        .filter(n__gte=200)
        .order_by("patient")
        .values_list("patient", flat=True)[0]
    )
    return f"/patients/{pid}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", nargs="+", default=DEFAULT_PAGES, help="paths, or `chart`")
    parser.add_argument("--views", type=int, default=10, help="views per page to time")
    parser.add_argument("--slowest", type=int, default=4, help="slowest queries shown per page")
    parser.add_argument(
        "--profile", nargs="*", default=["chart"], help="pages to cProfile (none: skip)"
    )
    parser.add_argument("--profile-views", type=int, default=20)
    parser.add_argument("--top", type=int, default=25, help="functions shown per profile")
    parser.add_argument("--sort", default="cumtime", help="pstats sort key (cumtime, tottime)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()

    _setup(args.database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from netcare.accounts.models import User

    chart = _busy_chart() if "chart" in [*args.pages, *args.profile] else ""

    def resolve(page: str) -> str:
        return chart if page == "chart" else page

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    for page in args.pages:
        url = resolve(page)
        client.get(url)  # warm caches
        started = time.perf_counter()
        for _ in range(args.views):
            response = client.get(url)
        mean = (time.perf_counter() - started) / args.views
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql = sum(float(q["time"]) for q in queries.captured_queries)
        print(
            f"{url:40} {response.status_code} {mean * 1000:6.1f} ms  "
            f"{len(queries):3d} queries  sql {sql * 1000:5.1f} ms"
        )
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        for q in slowest[: args.slowest]:
            print("   ", q["time"], q["sql"][:200])

    if not args.profile:
        return
    out = Path(tempfile.mkdtemp(prefix="netcare-profile-"))
    for page in args.profile:
        url = resolve(page)
        client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.profile_views):
            client.get(url)
        profiler.disable()
        name = "chart" if page == "chart" else page.strip("/").replace("/", "_") or "root"
        path = out / f"{name}.prof"
        profiler.dump_stats(path)
        print(f"\n=== {url} x{args.profile_views} -> {path}")
        pstats.Stats(str(path)).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
