"""The `netcare` console command.

netcare demo                 migrate an embedded SQLite database, load the fictional demo
                             program (once), print a login per role, serve on :8000
netcare serve                production server (gunicorn) on NETCARE_BIND (0.0.0.0:8000)
netcare seed --patients N --seed S
                             write a synthetic NET cohort into the database
netcare <any Django management command> ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "help"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcare.config.settings")
    if command in ("help", "-h", "--help"):
        print(__doc__)
        return
    if command == "demo":
        os.environ["NETCARE_DEMO"] = "1"
    if command == "serve":
        _serve(args[1:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["netcare", *args])


def _serve(args: list[str]) -> None:
    """Run gunicorn with the production settings (several workers, no debug)."""
    bind = os.environ.get("NETCARE_BIND", "0.0.0.0:8000")
    # Cores + 1 sync workers: a page is CPU work with short waits on the database, and more
    # workers only add switching (docs/performance.md measured 2, 3 and 4 on 2 cores).
    workers = os.environ.get("NETCARE_WORKERS", str((os.cpu_count() or 1) + 1))
    os.execvp(  # noqa: S606 (replaces this process with the server)
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "netcare.config.wsgi",
            "--bind",
            bind,
            "--workers",
            workers,
            "--access-logfile",
            "-",
            *args,
        ],
    )


if __name__ == "__main__":
    main()
