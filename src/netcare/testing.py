"""`./run test`: the whole check, as CI runs it.

1. lint: ruff, mypy --strict on the pure core, the import-linter contract;
2. the test suite on SQLite, with branch coverage (100 % required for netcare.clinical);
3. the database-backed tests again on PostgreSQL (DATABASE_URL, or the local server at
   127.0.0.1:5432): skipped with a warning when no server answers, but a failure under CI
   (CI=true) or NETCARE_REQUIRE_POSTGRES=1;
4. browser tests (Playwright driving the system's Chromium) in both runs, when Chromium is
   installed; required under CI.

Extra arguments go to pytest (e.g. `./run test -k lockout --quick` to skip lint and PostgreSQL).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from urllib.parse import urlsplit

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/netcare"
PURE_TESTS = ["tests/clinical", "tests/planning", "tests/synthetic"]


def _step(title: str, command: list[str], env: dict[str, str] | None = None) -> None:
    print(f"\n=== {title}\n$ {' '.join(command)}", flush=True)
    started = time.monotonic()
    result = subprocess.run(command, env=env, check=False)  # noqa: S603 (our own tools)
    print(
        f"--- {title}: {'ok' if result.returncode == 0 else 'FAILED'} "
        f"in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    if result.returncode != 0:
        sys.exit(result.returncode)


def _postgres_answers(url: str) -> bool:
    try:
        import psycopg

        # The server's own database: the tests' database is created by the test run.
        server = urlsplit(url)._replace(path="/postgres").geturl()
        with psycopg.connect(server, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 (any failure means: no usable server)
        return False


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def main(argv: list[str]) -> None:
    python = sys.executable
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    quick = "--quick" in argv
    pytest_args = [arg for arg in argv if arg != "--quick"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "netcare.config.test_settings"}
    env.pop("DATABASE_URL", None)

    chromium = _chromium()
    if chromium:
        env["NETCARE_CHROMIUM"] = chromium
    elif ci:
        print("CI needs Chromium for the browser tests (apt-get install chromium).")
        sys.exit(1)
    else:
        print("Chromium not found: browser tests are skipped (apt-get install chromium).")

    if not quick and not pytest_args:
        _step("ruff", [python, "-m", "ruff", "check", "src", "tests", "bench"])
        _step("mypy --strict (pure core)", [python, "-m", "mypy"])
        _step("import contracts", [os.path.join(os.path.dirname(python), "lint-imports")])

    workers = ["-n", os.environ.get("NETCARE_TEST_WORKERS", "2")]
    coverage = (
        []
        if pytest_args
        else ["--cov=netcare", "--cov-branch", "--cov-report=", "-p", "pytest_cov"]
    )
    _step("tests on SQLite", [python, "-m", "pytest", *workers, *coverage, *pytest_args], env=env)
    if coverage:
        _step(
            "100 % branch coverage of netcare.clinical",
            [
                python,
                "-m",
                "coverage",
                "report",
                "--include=*/netcare/clinical/*",
                "--fail-under=100",
                "--show-missing",
                "--skip-covered",
            ],
        )
    if quick:
        return
    url = os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES_URL
    if not _postgres_answers(url):
        message = f"PostgreSQL does not answer at {url}"
        if ci or os.environ.get("NETCARE_REQUIRE_POSTGRES") == "1":
            print(f"{message}: CI requires it.")
            sys.exit(1)
        print(f"{message}: the PostgreSQL run is skipped.")
        return
    pg_env = {**env, "DATABASE_URL": url}
    ignore = [f"--ignore={path}" for path in PURE_TESTS]
    _step(
        "tests on PostgreSQL", [python, "-m", "pytest", *workers, *ignore, *pytest_args], env=pg_env
    )


if __name__ == "__main__":
    main(sys.argv[1:])
