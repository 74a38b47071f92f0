"""A server process loads every view and WeasyPrint as it starts (`netcare.config.wsgi`), not
on its first request: the first page after a restart waited seconds for those imports
(bench/bench_first_request.py: 3.8 s for a chart on the sixth session's machine, 0.13 s now);
and what it made is frozen out of the garbage collector's way."""

from __future__ import annotations

import os
import subprocess
import sys

LOADED_BY_THE_FIRST_REQUEST = (
    "netcare.config.urls", "netcare.config.api", "netcare.patients.views",
    "netcare.tumorboard.views", "netcare.nuclear.views", "weasyprint",
)


def test_importing_the_server_entry_point_loads_the_views_and_weasyprint() -> None:
    names = ", ".join(repr(m) for m in LOADED_BY_THE_FIRST_REQUEST)
    result = subprocess.run(  # noqa: S603 (this interpreter, our module names)
        [sys.executable, "-c",
         "import sys; import netcare.config.wsgi; "
         f"print([m for m in ({names},) if m not in sys.modules])"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "netcare.config.test_settings"},
        capture_output=True, text=True, timeout=120, check=False)
    assert 0 == result.returncode, result.stderr[-2000:]
    assert "[]" == result.stdout.strip()


def test_what_start_up_made_is_frozen_so_full_collections_do_not_walk_it() -> None:
    result = subprocess.run(
        [sys.executable, "-c",
         "import gc; import netcare.config.wsgi; "
         "print(gc.get_freeze_count(), len(gc.get_objects()))"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "netcare.config.test_settings"},
        capture_output=True, text=True, timeout=120, check=False)
    assert 0 == result.returncode, result.stderr[-2000:]
    frozen, walked = (int(n) for n in result.stdout.split())
    assert frozen > 100_000  # the views, the models, WeasyPrint
    assert walked < frozen / 50  # what a full collection still walks
