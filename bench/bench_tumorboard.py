"""Benchmark the tumor board; prints its figures and records them in docs/performance.md.

1. Case summary for a patient with 10 years of history and 500+ results: HTML page (Django test
   client, full request: auth, access check, audit INSERT, snapshot, decision support,
   template) p50/p95 over 60 requests; PDF (WeasyPrint) p50/p95 over 12 renders.
2. An agenda of 10 cases assembled (live summaries of 10 patients) and presented (frozen).
3. Decision support (`options_for` + `to_dict`, what the board stores) over N synthetic
   snapshots (default 100,000) in one process; the snapshots come from bench_clinical's
   builder (the synthetic cohort), built outside the timed region.

A temporary SQLite database is created in a temporary directory (migrations applied). Usage:
    .venv/bin/python bench/bench_tumorboard.py [--snapshots 100000] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _setup_django(tmp: str) -> None:
    os.environ["NETCARE_TESTING"] = "1"
    os.environ["NETCARE_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcare.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _history_patient() -> tuple[object, int]:
    """A synthetic patient topped up to 10 years of history and 500+ current results."""
    from tests.tumorboard.conftest import load_synthetic

    from netcare.patients.models import Patient
    from netcare.workup.models import LabResult

    load_synthetic(40, seed=11)
    for patient in Patient.objects.all():
        patient.save()
    best = max(Patient.objects.all(), key=lambda p: LabResult.objects.filter(patient=p).count())
    labs = list(LabResult.objects.filter(patient=best, is_current=True)[:50])
    start = datetime.now(UTC).date() - timedelta(days=3650)
    clones = []
    i = 0
    while LabResult.objects.filter(patient=best).count() + len(clones) < 520:
        src = labs[i % len(labs)]
        clone = LabResult(
            **{
                f.attname: getattr(src, f.attname)
                for f in LabResult._meta.concrete_fields
                if f.attname not in ("id", "supersedes_id")
            }
        )
        clone.performed_on = start + timedelta(days=7 * i)
        clones.append(clone)
        i += 1
    LabResult.objects.bulk_create(clones)
    return best, LabResult.objects.filter(patient=best).count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--snapshots", type=int, default=100_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    lines: list[str] = []

    with tempfile.TemporaryDirectory() as tmp:
        _setup_django(tmp)
        from datetime import time as clock

        from django.test import Client

        from netcare.accounts.models import User
        from netcare.patients.models import Patient
        from netcare.tumorboard import actions
        from netcare.tumorboard.summary import case_summary
        from netcare.workup.dates import program_today

        coordinator = User.objects.create_user(
            "cora",
            password="bench-password-1234",  # noqa: S106
            role="coordinator",
        )
        patient, n_results = _history_patient()
        series = actions.create_series(
            {"name": "Bench board", "weekday": 2, "local_time": clock(7, 30), "case_cap": 12},
            by=coordinator,
            weeks=2,
            start_on=program_today() + timedelta(days=7),
        )
        meeting = series.meetings.order_by("starts_at").first()
        case = actions.submit_case(meeting, patient, "Bench question", by=coordinator)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(coordinator)
        url = f"/board/cases/{case.pk}/"
        assert client.get(url).status_code == 200  # warm-up
        html = []
        for _ in range(60):
            t0 = time.perf_counter()
            response = client.get(url)
            html.append(time.perf_counter() - t0)
            assert response.status_code == 200
        client.get(url + "pdf/")  # warm-up (fonts)
        pdf = []
        for _ in range(12):
            t0 = time.perf_counter()
            response = client.get(url + "pdf/")
            pdf.append(time.perf_counter() - t0)
            assert response.content[:4] == b"%PDF"
        lines.append(f"patient history: {n_results} results over 10 years")
        lines.append(
            f"case summary HTML: p50 {statistics.median(html) * 1000:.0f} ms, "
            f"p95 {_p(html, 0.95) * 1000:.0f} ms (60 requests)"
        )
        lines.append(
            f"case summary PDF: p50 {statistics.median(pdf) * 1000:.0f} ms, "
            f"p95 {_p(pdf, 0.95) * 1000:.0f} ms, max {max(pdf) * 1000:.0f} ms "
            f"({len(response.content) // 1024} KiB, 12 renders)"
        )

        others = list(Patient.objects.exclude(pk=patient.pk).order_by("id")[:9])
        cases = [case] + [actions.submit_case(meeting, p, "Bench", by=coordinator) for p in others]
        t0 = time.perf_counter()
        summaries = [case_summary(c) for c in cases]
        assembled = time.perf_counter() - t0
        t0 = time.perf_counter()
        for c in cases:
            actions.present_case(c, by=coordinator)
        presented = time.perf_counter() - t0
        lines.append(
            f"agenda of {len(summaries)} cases assembled live: {assembled * 1000:.0f} ms;"
            f" presented (assembled + frozen + audited): {presented * 1000:.0f} ms"
        )

    from bench.bench_clinical import _snapshots

    from netcare.clinical.decision_support import options_for

    t0 = time.perf_counter()
    snaps = _snapshots(args.snapshots, 1)
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    listed = 0
    for snap in snaps:
        result = options_for(snap)
        listed += len(result.to_dict()["options"])  # type: ignore[arg-type]
    timed = time.perf_counter() - t0
    lines.append(
        f"decision support over {len(snaps):,} synthetic patients (options_for + "
        f"to_dict, one process): {timed:.2f} s; {listed:,} options "
        f"(snapshot building, not timed: {built:.1f} s)"
    )

    for line in lines:
        print(line)
    if not args.no_write:
        _write(lines)


def _write(lines: list[str]) -> None:
    load = os.getloadavg()
    body = f"""# Performance of the tumor board

Measured on {datetime.now(UTC).date()} with `bench/bench_tumorboard.py` (writes this file).
Machine: {os.cpu_count()} cores, shared with other sessions (load average at the end
{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}); Python {platform.python_version()}; SQLite
(temporary file database, migrations applied); one process.

```
.venv/bin/python bench/bench_tumorboard.py
```

| workload | target |
|---|---|
| Case summary HTML, patient with 10 years of history (500+ results) | p95 <= 100 ms |
| Case summary PDF (WeasyPrint) | <= 800 ms |
| Agenda of 10 cases assembled | <= 1 s |
| Decision support over 100,000 synthetic patients, one process | <= 30 s |

Last run:

```
{chr(10).join(lines)}
```

What is timed: the HTML figure is a full request through the Django test client (session
auth, policy check, patient access check + audit INSERT, `snapshot_for` (about ten queries
whatever the size of the record), prior recommendations and marker series (two queries),
`options_for`, template). The PDF figure adds WeasyPrint rendering of the print template
(inline CSS, no network). The agenda figure assembles the live summaries of ten patients; the
presented figure also freezes them (snapshot JSON stored, audit entry). The decision-support
figure runs `options_for` and `to_dict` (the JSON the board stores) on snapshots built from
the synthetic cohort by `bench/bench_clinical.py`'s builder; building them is not timed.

For comparison, published studies put manual preparation of one board case at 30 minutes or
more of clinician time; in the browser test (tests/tumorboard/test_browser_meeting.py) the
coordinator prepares a case by typing the record number and the question and choosing the
presenter; the summary is assembled from the chart.
"""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _record import record

    record("bench_tumorboard", "Tumor board (bench/bench_tumorboard.py)", body)


if __name__ == "__main__":
    main()
