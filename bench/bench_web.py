"""Benchmark: seeding rate, and patient search / chart latency served as in production.

    python bench/bench_web.py --patients 100000            # fresh database, seed, measure
    python bench/bench_web.py --reuse                      # measure an already seeded database

PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/netcare_bench) is dropped
and recreated unless --reuse. The server is gunicorn with DEBUG off, sessions, permission
checks and the audit trail on, as `netcare serve` runs it (cores + 1 workers; without its
access log, a line per request to standard output), with the
shared Redis cache production uses with several workers (NETCARE_CACHE_URL, default database 7
of the local Redis, emptied first); the load comes from `wrk` (Debian package) on loopback with
8 and 32 concurrent connections. Charts are measured in steady state: each is opened once
first (that first view, which renders the body, is reported on its own line). Prints the
figures and records them in docs/performance.md between the markers of this benchmark.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import record

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/netcare_bench"
CACHE_URL = "redis://127.0.0.1:6379/7"
PORT = 8765
PASSWORD = "bench-password-123"  # noqa: S105 (a throwaway benchmark account)
SECRET = "bench-secret-key-0123456789-0123456789-abcdef"  # noqa: S105


#: The navigator's worklists, as the benchmark opens them (the bench user is a navigator).
WORKLIST_PATHS = [
    "/referrals/",
    "/referrals/?flag=urgent",
    "/referrals/?page=3",
    "/referrals/?status=converted",
    "/surveillance/worklist/",
    "/surveillance/worklist/?overdue=on",
    "/surveillance/worklist/?within_days=30",
]


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "NETCARE_SECRET_KEY": SECRET,
        "NETCARE_HTTPS": "false",
        "NETCARE_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "netcare.config.settings",
        "NETCARE_DATA_DIR": str(ROOT / "var" / "bench"),
        # Production with several workers shares one cache (README: NETCARE_CACHE_URL).
        "NETCARE_CACHE_URL": os.environ.get("NETCARE_CACHE_URL", CACHE_URL),
    }


def _netcare(url: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "netcare.cli", *args],
        env=_env(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout + result.stderr


def _recreate(url: str) -> None:
    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = url.replace(f"/{name}", "/postgres")
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _prepare(url: str) -> tuple[list[str], list[int]]:
    """Create the bench user; choose search queries and charts with 200 entries."""
    script = f"""
import django; django.setup()
from django.db.models import Count
from netcare.accounts.models import User
from netcare.patients.models import Patient, TimelineEntry
user, _ = User.objects.get_or_create(username="bench", defaults={{"role": "navigator"}})
user.set_password("{PASSWORD}"); user.save()
names = sorted({{p[:4] for p in Patient.objects.values_list("last_name", flat=True)[:5000]}})
mrns = list(Patient.objects.order_by("?").values_list("mrn", flat=True)[:200])
dobs = [d.isoformat() for d in Patient.objects.order_by("?").values_list("date_of_birth", flat=True)[:200]]
busy = (TimelineEntry.objects.values("patient").annotate(n=Count("id")).filter(n__gte=200)
        .values_list("patient", flat=True)[:500])
print("Q", "|".join(names + mrns + dobs))
print("C", ",".join(str(i) for i in busy))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=_env(url),
        check=True,
        capture_output=True,
        text=True,
    )
    queries: list[str] = []
    charts: list[int] = []
    for line in result.stdout.splitlines():
        if line.startswith("Q "):
            queries = line[2:].split("|")
        if line.startswith("C "):
            charts = [int(x) for x in line[2:].split(",") if x]
    return queries, charts


def _session_cookie() -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{PORT}"
    opener.open(f"{base}/accounts/login/", timeout=10).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode(
        {"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": csrf}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=body, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request, timeout=10).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit("could not sign in the bench user")
    return f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"


LUA = """
local paths = {%s}
local n = #paths
math.randomseed(42)
request = function()
  return wrk.format("GET", paths[math.random(n)], {["Cookie"] = "%s"})
end
"""


def _wrk(paths: list[str], cookie: str, connections: int, seconds: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % (",".join(f'"{p}"' for p in paths), cookie))
    result = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            "-s",
            script.name,
            f"http://127.0.0.1:{PORT}",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = {}
    for label in ("50%", "90%", "99%"):
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)", result.stdout, re.M)
        if match:
            value = float(match[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match[2]]
            figures[label] = value
    rps = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    figures["rps"] = float(rps[1]) if rps else 0.0
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    figures["errors"] = float(errors[1]) if errors else 0.0
    return figures


def _first_views(paths: list[str], cookie: str) -> dict[str, float]:
    """Open each path once, one after the other; the time of each view in ms."""
    times = []
    for path in paths:
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}",
                                         headers={"Cookie": cookie})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"mean": sum(times) / len(times), "p50": times[len(times) // 2], "max": times[-1]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument(
        "--workers", type=int, default=(os.cpu_count() or 1) + 1,
        help="gunicorn workers (default: as `netcare serve`, cores + 1)",
    )
    parser.add_argument(
        "--only", nargs="+", choices=("search", "chart", "worklists"), default=None,
        help="measure only these scenarios (and do not record the figures)",
    )
    parser.add_argument("--no-record", action="store_true", help="print, do not record")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    lines: list[str] = []
    if not args.reuse:
        _recreate(url)
    _netcare(url, "migrate", "-v0")  # a reused database may predate the latest migrations
    if not args.reuse:
        started = time.monotonic()
        output = _netcare(url, "seed", "--patients", str(args.patients), "--seed", "1")
        seconds = time.monotonic() - started
        print(output.strip().splitlines()[-1])
        lines.append(
            f"- seeding: {args.patients:,} patients in {seconds:.1f} s "
            f"({args.patients / seconds:,.0f} patients/s, indexes in place; "
            f"including process start and generation)"
        )
    _netcare(url, "collectstatic", "--noinput", "-v0")  # production serves hashed static files
    queries, charts = _prepare(url)
    import redis

    redis.Redis.from_url(_env(url)["NETCARE_CACHE_URL"]).flushdb()  # the bench's own database
    if not args.only:
        line = _yardstick(url, args, charts)
        print(line)
        lines.append(line)
    server = _serve(url, "netcare.config.wsgi", args.workers)
    try:
        cookie = _session_cookie()
        search_paths = [f"/patients/?q={urllib.parse.quote(q)}" for q in queries]
        chart_paths = [f"/patients/{pk}/" for pk in charts]
        worklist_paths = WORKLIST_PATHS
        scenarios = (
            ("search", "patient search", search_paths),
            ("chart", "chart (200 entries)", chart_paths),
            ("worklists", "navigator worklists", worklist_paths),
        )
        for key, name, paths in scenarios:
            if args.only and key not in args.only:
                continue
            if not paths:
                lines.append(f"- {name}: no such pages in this database")
                continue
            if key == "chart":
                # Steady state: each chart was opened once before (its body is in the shared
                # cache); that first view, which renders the body, is timed and reported too.
                first = _first_views(paths, cookie)
                line = (f"- chart, first view of each of {len(paths)} charts (body rendered, "
                        f"one client): mean {first['mean']:.1f} ms, p50 {first['p50']:.1f} ms, "
                        f"max {first['max']:.1f} ms")
                print(line)
                lines.append(line)
            _wrk(paths, cookie, 8, 3)  # warm-up
            for connections in (8, 32):
                f = _wrk(paths, cookie, connections, args.seconds)
                line = (
                    f"- {name}, {connections} clients: p50 {f['50%']:.1f} ms, "
                    f"p90 {f['90%']:.1f} ms, p99 {f['99%']:.1f} ms, {f['rps']:,.0f} req/s, "
                    f"{f['errors']:.0f} errors"
                )
                print(line)
                lines.append(line)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if not (args.only or args.no_record):
        _record(lines, args)


def _serve(url: str, app: str, workers: int, *, port: int | None = None,
           src: Path | None = None) -> subprocess.Popen[bytes]:
    """Start gunicorn with `app` as `netcare serve` would, and wait until it answers.
    `port`: default PORT; `src`: a netcare source tree to import instead of the installed one
    (bench_ab.py)."""
    port = PORT if port is None else port
    bench = str(Path(__file__).resolve().parent)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        env={**_env(url), "PYTHONPATH": f"{src}{os.pathsep}{bench}" if src else bench},
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/?id=1", timeout=1).read()
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            time.sleep(0.2)
    return server


def _yardstick(url: str, args: argparse.Namespace, charts: list[int]) -> str:
    """The bare Django + PostgreSQL request (bench/bare_django.py) on this machine, now."""
    server = _serve(url, "bare_django:application", args.workers)
    try:
        paths = [f"/?id={pk}" for pk in charts] or ["/?id=1"]
        _wrk(paths, "", 8, 3)  # warm-up
        f = _wrk(paths, "", 8, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return (
        f"- yardstick, a bare Django + PostgreSQL request (bench/bare_django.py; the issue: "
        f"about 4 ms at p50 on the intended machine), 8 clients: p50 {f['50%']:.1f} ms, "
        f"p99 {f['99%']:.1f} ms, {f['rps']:,.0f} req/s"
    )


def _record(lines: list[str], args: argparse.Namespace) -> None:
    header = (
        f"Run on {time.strftime('%Y-%m-%d')} ({os.cpu_count()} cores), "
        f"`python bench/bench_web.py{' --reuse' if args.reuse else ''}`, gunicorn "
        f"{args.workers} workers, PostgreSQL, wrk on loopback, {args.seconds} s per run:"
    )
    record(
        "bench_web",
        "Web: seeding, search, chart and worklists (bench/bench_web.py)",
        "\n".join([header, "", *lines]),
    )


if __name__ == "__main__":
    main()
