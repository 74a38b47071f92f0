"""The chart's body (panels and timeline), rendered once per version of the patient's record.

A chart with ten years of history costs ~20 ms of Python to render (five panels, 200 timeline
entries); the same chart is opened again and again (the navigator, the surgeon before the
board, the board itself). So the body is kept in the cache (`settings.CACHES`) under a key that
changes whenever anything it shows could have changed:

- the patient's **chart version** (`ChartVersion`), bumped by database triggers on every
  INSERT, UPDATE and DELETE of a `SOURCES` table row that belongs to the patient, in the same
  transaction as the change. Triggers, not application code, so no write path (actions, the
  admin, the FHIR layer, a migration, a psql session) can forget it;
- the viewer (user id, role, discipline: what `can()` decides, released-only for a patient);
- the timeline filter, today's date and the program's time zone;
- `RELEASE`: a digest of the templates and panel code, so new code never serves old HTML.

Why this cannot show stale data: the version is read (with the patient, one query) *before* any
of the body's rows, and a change commits its rows and its version bump together. A body built
after a change committed may be stored under an older version's key, but every reader after
that commit reads the newer version and misses it. A body shows at worst what was true when
the page was requested, as an uncached render would.

Each server process also keeps the bodies it served lately, under the same keys, in front of
the shared cache (`ProcessBodies`, `settings.CHART_BODY_MEMORY`); the same reasoning holds.

The header (name, MRN, portal sign-in button with its CSRF token) and the page around it are
rendered on every request; the body holds no per-request token (a test checks).

Bulk loads into empty tables (`netcare seed`) switch the triggers off while they run (the
patients are new: no body of theirs is cached) and on again after.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.utils import timezone

from netcare.program import settings_store

TRIGGER = "netcare_chart_touch"
VERSION_TABLE = "patients_chartversion"


@dataclass(frozen=True)
class Source:
    """A table the chart body reads, and how a row of it names its patient(s).

    `patients`: SQL selecting the patient ids, as column `p`, of the row called `{row}`
    (NEW or OLD).
    """

    model: str
    patients: str = "SELECT {row}.patient_id AS p"

    @property
    def table(self) -> str:
        return str(apps.get_model(self.model)._meta.db_table)


#: Every table the chart body (panels and timeline) reads. A panel that reads another table
#: must add it here; tests/patients/test_chart_cache.py fails when a body query reads a table
#: that is not listed.
SOURCES: tuple[Source, ...] = (
    Source("patients.TimelineEntry"),
    Source("tumors.Tumor"),
    Source("workup.LabResult"),
    Source("treatments.Treatment"),
    Source("surveillance.FollowUp"),
    Source("nuclear.PrrtCourse"),
    Source(
        "nuclear.PrrtCycle",
        "SELECT patient_id AS p FROM nuclear_prrtcourse WHERE id = {row}.course_id",
    ),
    Source("tumorboard.BoardCase"),
    Source(
        "tumorboard.Recommendation",
        "SELECT patient_id AS p FROM tumorboard_boardcase WHERE id = {row}.case_id",
    ),
    Source(
        "tumorboard.Meeting",
        "SELECT patient_id AS p FROM tumorboard_boardcase WHERE meeting_id = {row}.id",
    ),
)


def _bump(select: str) -> str:
    """SQL: add one to the version of every patient `select` names (creating the row)."""
    return (  # DDL text from this module's constants, no input
        f"INSERT INTO {VERSION_TABLE} (patient_id, version) "  # noqa: S608
        f"SELECT DISTINCT touched.p, 1 FROM ({select}) AS touched WHERE touched.p IS NOT NULL "
        f"ON CONFLICT (patient_id) DO UPDATE SET version = {VERSION_TABLE}.version + 1"
    )


def trigger_statements(vendor: str) -> list[str]:
    """DDL (re)creating the version triggers on every `SOURCES` table, idempotently."""
    statements: list[str] = []
    for source in SOURCES:
        table = source.table
        new, old = (source.patients.format(row=row) for row in ("NEW", "OLD"))
        if vendor == "postgresql":
            function = f"{TRIGGER}_{table}"
            statements += [
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n"
                f"  IF TG_OP = 'INSERT' THEN {_bump(new)};\n"
                f"  ELSIF TG_OP = 'DELETE' THEN {_bump(old)};\n"
                f"  ELSE {_bump(f'{new} UNION {old}')};\n"
                f"  END IF;\n"
                f"  RETURN NULL;\n"
                f"END $$",
                f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}",
                f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            ]
        elif vendor == "sqlite":
            for operation, select in (
                ("INSERT", new),
                ("DELETE", old),
                ("UPDATE", f"{new} UNION {old}"),
            ):
                name = f"{TRIGGER}_{table}_{operation.lower()}"
                statements += [
                    f"DROP TRIGGER IF EXISTS {name}",
                    f"CREATE TRIGGER {name} AFTER {operation} ON {table} FOR EACH ROW "
                    f"BEGIN {_bump(select)}; END",
                ]
        else:  # pragma: no cover - settings refuse other databases
            raise ValueError(f"chart version triggers: unsupported database {vendor!r}")
    return statements


def install_triggers(using: Any = None, **_: Any) -> None:
    """(Re)create the triggers: after every `migrate` (post_migrate), since SQLite drops a
    table's triggers when a migration rebuilds the table."""
    from django.db import connections

    target = connections[using or "default"]
    if target.vendor not in ("postgresql", "sqlite"):  # pragma: no cover
        return
    existing = set(target.introspection.table_names())
    if VERSION_TABLE not in existing or not all(s.table in existing for s in SOURCES):
        return  # a partial migrate: the next full one installs them
    with target.cursor() as cursor:
        for statement in trigger_statements(target.vendor):
            cursor.execute(statement)


def set_triggers_enabled(enabled: bool, tables: Sequence[str] | None = None) -> list[str]:
    """PostgreSQL: switch the version triggers of `tables` (default: every source) off or on;
    returns the tables switched. For bulk loads into empty tables only (see the module's
    docstring); elsewhere a no-op."""
    if connection.vendor != "postgresql":
        return []
    names = [source.table for source in SOURCES]
    chosen = [name for name in names if tables is None or name in tables]
    verb = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table in chosen:
            cursor.execute(f"ALTER TABLE {table} {verb} TRIGGER {TRIGGER}")
    return chosen


def _release() -> str:
    """A digest of the code that shapes the body: templates and panel modules."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    with suppress(PackageNotFoundError):  # a bare source tree has no installed version
        digest.update(package_version("netcare").encode())
    for path in sorted(
        [
            *root.glob("*/templates/**/*.html"),
            *root.glob("*/panels.py"),
            *root.glob("*/templatetags/*.py"),
            Path(__file__),
            root / "patients" / "views.py",
        ]
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


RELEASE = _release()


def body_key(patient_id: int, version: int, user: Any, kind: str) -> str:
    """The cache key of one viewer's chart body at one version of the record."""
    zone = settings_store.current().time_zone  # the body shows dates in it
    today = timezone.localdate().isoformat()
    return (
        f"chart-body:{RELEASE}:{patient_id}:{version}:{user.pk}:{user.role}:"
        f"{getattr(user, 'discipline', '')}:{kind}:{today}:{zone}"
    )


def cached_body(key: str, render: Callable[[], str]) -> bytes:
    """The body stored under `key`, or `render()` stored there; UTF-8 encoded (a page is put
    together as bytes, see `program.layout.render_page`, so a cached body is never decoded).

    With a shared cache, the process also keeps the bodies it served lately
    (`settings.CHART_BODY_MEMORY` bytes, see `ProcessBodies`) and answers from them first: a
    read from the shared cache was a tenth of a cached chart view. The key is the same, so a
    kept body is as fresh as the shared one (see the module's docstring)."""
    budget = settings.CHART_BODY_MEMORY
    if budget:
        kept = PROCESS_BODIES.get(key)
        if kept is not None:
            return kept
    body = cache.get(key)
    if not isinstance(body, bytes):
        body = render().encode()
        cache.set(key, body)
    if budget:
        PROCESS_BODIES.put(key, body, budget)
    return body


class ProcessBodies:
    """The chart bodies this process served lately, by key, least recently used first, within
    a budget of bytes (the oldest go first). Safe across a process's threads."""

    def __init__(self) -> None:
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: str, body: bytes, budget: int) -> None:
        """Keep `body`, then forget the least recently used until `budget` bytes are held; a
        body larger than the whole budget is not kept."""
        if len(body) > budget:
            return
        with self._lock:
            replaced = self._bodies.pop(key, None)
            if replaced is not None:
                self._bytes -= len(replaced)
            self._bodies[key] = body
            self._bytes += len(body)
            while self._bytes > budget:
                _, oldest = self._bodies.popitem(last=False)
                self._bytes -= len(oldest)

    @property
    def bytes_held(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._bodies)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self._bytes = 0


PROCESS_BODIES = ProcessBodies()


@receiver(setting_changed)
def _forget_process_bodies(setting: str, **kwargs: Any) -> None:
    if setting in ("CHART_BODY_MEMORY", "CACHES"):
        PROCESS_BODIES.clear()
