"""Benchmark: `netcare seed` on PostgreSQL — patients/s overall and rows/s per table.

    python bench/bench_seed.py                       # 100,000 patients, seed 1
    python bench/bench_seed.py --patients 20000

Drops and recreates DATABASE_URL (default postgres://postgres@127.0.0.1:5432/netcare_seedbench),
migrates (so every index is in place while loading), runs `netcare seed --patients N --seed 1`
in a subprocess, counts each table's rows, prints the figures and writes them to
docs/performance.md. Target (foundation issue): ≥ 2,000 patients/s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/netcare_seedbench"
TABLES = [
    ("patients_patient", "patients"), ("referrals_referral", "referrals"),
    ("tumors_tumor", "tumors"), ("workup_petscan", "SSTR PET"), ("workup_petlesion", "PET lesions"),
    ("workup_imagingstudy", "imaging"), ("workup_endoscopy", "endoscopy"),
    ("workup_labresult", "lab results"), ("workup_pathologyreport", "pathology"),
    ("treatments_treatment", "treatments"), ("treatments_administration", "administrations"),
    ("surveillance_surveillanceplan", "surveillance plans"),
    ("surveillance_followup", "follow-ups"), ("scheduling_appointment", "appointments"),
    ("scheduling_appointmentslot", "appointment slots"),
    ("patients_timelineentry", "timeline entries"),
]


def _recreate(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _netcare(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "NETCARE_TESTING": "1"}
    done = subprocess.run([sys.executable, "-m", "django", *args,
                           "--settings=netcare.config.settings"], check=True, env=env, cwd=ROOT,
                          stdout=subprocess.PIPE, text=True)
    print(done.stdout, end="")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep-indexes", action="store_true")
    parser.add_argument("--keep-foreign-keys", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite the doc")
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    options = parser.parse_args()
    _recreate(options.url)
    _netcare(options.url, "migrate", "-v0")
    extra = [*(["--workers", str(options.workers)] if options.workers else []),
             *(["--keep-indexes"] if options.keep_indexes else []),
             *(["--keep-foreign-keys"] if options.keep_foreign_keys else [])]
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    cpu = os.times()
    summary = _netcare(options.url, "seed", "--patients", str(options.patients), "--seed", "1",
                       *extra)
    seconds = time.monotonic() - started
    python_cpu = sum(os.times()[2:4]) - sum(cpu[2:4])  # the seed command and its processes
    built = re.search(r"(\d+) indexes built in ([\d.]+) s", summary)
    mode = ("secondary indexes dropped and built again at the end"
            + (", foreign keys dropped and added back (validated) at the end"
               if not options.keep_foreign_keys else "")
            if not options.keep_indexes else "every index in place")
    with psycopg.connect(options.url) as connection:
        counts = [(label, connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608 (fixed names)
                  for table, label in TABLES]
    rate = options.patients / seconds
    lines = [
        f"Measured by `bench/bench_seed.py` on {platform.node()} ({os.cpu_count()} cores, shared"
        f" with other work: load average {load_before:.1f} at the start), PostgreSQL, {mode},"
        " seed 1 (command start-up included in the time"
        + (f"; index builds: {built.group(2)} s of it" if built else "") + ").",
        "",
        f"**{options.patients:,} patients in {seconds:.1f} s: {rate:,.0f} patients/s** "
        "(target ≥ 2,000/s, 100,000 in ≤ 60 s). "
        f"CPU of the seed processes: {python_cpu:.0f} s "
        f"({python_cpu / options.patients * 1000:.2f} ms a patient), PostgreSQL's not counted.",
        "",
        "| table | rows | rows/s |",
        "|---|---:|---:|",
        *(f"| {label} | {count:,} | {count / seconds:,.0f} |" for label, count in counts),
        f"| **all** | {sum(c for _, c in counts):,} | {sum(c for _, c in counts) / seconds:,.0f} |",
        "",
        "Rows/s is each table's rows over the whole run (the tables load together, per chunk).",
    ]
    text = "\n".join(lines) + "\n"
    if not options.no_write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from _record import record

        record("bench_seed", "Seeding (bench/bench_seed.py)", text)
    print(text)


if __name__ == "__main__":
    main()
