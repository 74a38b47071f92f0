"""A/B under load: an earlier commit and the working tree, served side by side, measured in turn.

    python bench/bench_ab.py 509fa57                   # chart: that commit against this tree
    python bench/bench_ab.py HEAD~1 --page search --rounds 10 --seconds 8
    python bench/bench_ab.py HEAD~1 --page worklists   # the navigator's queue and worklist

On a shared machine figures drift by ±20 % from one run to the next, more than most changes
are worth; two runs minutes apart compare the machine, not the code. This serves both versions
at once (gunicorn as in `bench_web.py`: cores + 1 workers each, the same seeded PostgreSQL
database and Redis cache) and alternates short wrk runs between them (A B, B A, ...), so both
see the same machine. The earlier commit is checked out into a temporary git worktree and
imported from there. Needs the database `bench_web.py` seeded. Prints the median p50 and
requests/s of each; records nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_web

ROOT = Path(__file__).resolve().parent.parent
PORTS = {"before": 8765, "after": 8766}  # bench_web's helpers talk to bench_web.PORT


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before", help="the earlier commit (any git revision)")
    parser.add_argument("--page", choices=("chart", "search", "worklists"), default="chart")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", bench_web.DEFAULT_URL)
    queries, charts = bench_web._prepare(url)
    if args.page == "chart":
        paths = [f"/patients/{pk}/" for pk in charts[:200]]
    elif args.page == "search":
        paths = [f"/patients/?q={urllib.parse.quote(q)}" for q in queries]
    else:
        paths = bench_web.WORKLIST_PATHS
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree),
                        args.before], check=True)
        servers = {name: bench_web._serve(url, "netcare.config.wsgi", args.workers,
                                          port=PORTS[name], src=src)
                   for name, src in (("before", tree / "src"), ("after", ROOT / "src"))}
        try:
            bench_web.PORT = PORTS["after"]
            cookie = bench_web._session_cookie()
            for name in servers:  # warm: every chart body in the cache, workers started
                bench_web.PORT = PORTS[name]
                if args.page == "chart":
                    bench_web._first_views(paths, cookie)
                bench_web._wrk(paths, cookie, args.clients, 2)
            figures: dict[str, list[dict[str, float]]] = {name: [] for name in servers}
            for round_number in range(args.rounds):
                order = ("before", "after") if round_number % 2 == 0 else ("after", "before")
                for name in order:
                    bench_web.PORT = PORTS[name]
                    figures[name].append(
                        bench_web._wrk(paths, cookie, args.clients, args.seconds))
        finally:
            for server in servers.values():
                server.terminate()
                server.wait()
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False)
    for name in ("before", "after"):
        runs = figures[name]
        p50 = [f["50%"] for f in runs]
        print(f"{args.page} {name} ({args.before if name == 'before' else 'working tree'}), "
              f"{args.clients} clients: p50 median {statistics.median(p50):.1f} ms "
              f"(runs {', '.join(f'{v:.1f}' for v in p50)}), "
              f"{statistics.median(f['rps'] for f in runs):.0f} req/s median, "
              f"p99 at most {max(f['99%'] for f in runs):.1f} ms, "
              f"{sum(f['errors'] for f in runs):.0f} errors")


if __name__ == "__main__":
    main()
