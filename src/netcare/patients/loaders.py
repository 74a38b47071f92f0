"""Load the synthetic cohort (`netcare.synthetic`) into the registry and the chart timeline.

`load_cohort` generates patients in chunks and, per chunk and in one transaction, writes the
patients, then calls every other app's `loaders.load(histories, patient_ids, into=collector)`
(if the app has one; order: `LOADER_ORDER`, then any other), then the timeline.

One timeline entry per synthetic event
---------------------------------------
Area loaders write their own rows (tumors, results, treatments, follow-ups, referrals,
appointments) but no timeline entries for events: they *claim* the events they turned into rows
(`Collector.links[(history position, event position)] = (source_type, source_id, kind)`; the
first claim wins, so a follow-up visit links to its surveillance follow-up rather than to its
appointment) and may add entries for records that are not events (a tumor's diagnosis) to
`Collector.extra`. `write_timeline` then writes exactly one entry per synthetic event, linked to
the claiming row when there is one. Called without `into` (tests, other areas' fixtures) an area
loader writes the entries of the events it claimed itself (`publish`), so it stands alone.

Speed: every table is written with `netcare.db.insert_rows` (COPY on PostgreSQL) from plain
tuples; primary keys are reserved up front (`netcare.db.reserve_ids`) so child rows are built
without reading ids back. On PostgreSQL, large runs load in `WORKERS` processes, each with its
own connection, chunk range and transactions (`synchronous_commit = off`). Into empty tables
their secondary indexes are dropped and built again at the end (`BULK_TABLES`), and with
`indexes="rebuild+keys"` (the seed's default) their foreign keys too, added back and
validated at the end: PostgreSQL's per-row key checks are its largest cost
(docs/performance.md); then also the primary keys and unique constraints no other table's
key references.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as clock
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import connection, connections, transaction
from django.utils import timezone

from netcare.db import (
    add_foreign_keys,
    add_unique_keys,
    all_empty,
    analyze,
    create_indexes,
    drop_foreign_keys,
    drop_secondary_indexes,
    drop_unique_keys,
    insert_rows,
    reserve_ids,
    tune_for_bulk_load,
)
from netcare.patients import chart_cache
from netcare.patients.models import Patient, TimelineEntry, make_search_name
from netcare.synthetic import DEFAULT_CONFIG, PatientHistory, generate
from netcare.synthetic.vocabulary import TESTS, TREATMENTS
from netcare.workup.dates import program_zone

CHUNK = 2000
WORKERS = 2
#: (this process's number, number of seed processes): loaders that share a resource across
#: processes (the scheduling loader's clinicians) split it by this.
SHARD = (0, 1)
#: Loaders run in this order (surveillance reads the tumors; scheduling claims what is left).
LOADER_ORDER = ("tumors", "workup", "treatments", "surveillance", "referrals", "scheduling")
Link = tuple[str, str, str]  # (source_type, source_id, timeline kind or "" for the default)
AreaLoader = Callable[..., None]
#: Tables whose secondary indexes are dropped while seeding into an empty registry and built
#: again at the end (tumors keep theirs: the surveillance loader reads them by patient).
BULK_TABLES = ("patients.Patient", "patients.TimelineEntry", "referrals.Referral",
               "workup.PetScan", "workup.PetLesion", "workup.ImagingStudy", "workup.Endoscopy",
               "workup.LabResult", "workup.PathologyReport", "treatments.Treatment",
               "treatments.Administration", "surveillance.SurveillancePlan",
               "surveillance.FollowUp", "scheduling.Appointment", "scheduling.AppointmentSlot")
TIMELINE_FIELDS = ["patient", "occurred_at", "kind", "title", "summary", "source_type",
                   "source_id", "released_to_patient"]


@dataclass
class Collector:
    """What the area loaders of one chunk hand to `write_timeline`."""

    links: dict[tuple[int, int], Link] = field(default_factory=dict)
    extra: list[tuple[Any, ...]] = field(default_factory=list)  # rows in TIMELINE_FIELDS order


_KIND = {
    "referral": "referral",
    "consultation": "visit",
    "imaging": "imaging",
    "endoscopy": "endoscopy",
    "lab": "lab",
    "pathology": "pathology",
    "tumor_board": "board",
    "procedure": "treatment",
    "medication": "treatment",
    "prrt": "prrt",
    "radiation": "treatment",
    "follow_up": "follow_up",
    "death": "note",
}
# Results a clinician would have released to the patient by now (demo data).
_RELEASED = {"imaging", "endoscopy", "lab", "pathology", "consultation", "follow_up"}
#: The status the timeline gives a planned event dated before the day of the load: it was not
#: done (the cohort's overdue follow-ups), so neither "planned" nor done.
_MISSED = "missed"



def _title(
    kind: str, code: str, value: float | None, unit: str, finding: str, status: str
) -> tuple[str, str]:
    if kind in ("imaging", "endoscopy", "lab", "pathology"):
        label = TESTS.get(code, (kind, code))[1]
        if status != "completed":  # not done: the title must not read like a result
            return f"{label.split(' (')[0] if kind == 'lab' else label} (planned)", ""
        if kind == "lab" and value is not None:
            return f"{label.split(' (')[0]}: {value:g} {unit}".strip(), finding
        if code == "ga68_dotatate_pet" and value is not None:
            return label, f"Krenning score {value:g}; {finding.replace('_', ' ')}".strip("; ")
        if kind == "pathology" and value is not None:
            return label, f"Ki-67 {value:g} %"
        return label, finding.replace("_", " ")
    if kind in ("procedure", "medication", "radiation"):
        label = TREATMENTS.get(code, code)
        detail = f"{value:g} {unit}".strip() if value is not None else ""
        return (f"{label} ({finding})" if finding in ("start", "stop") else label), detail
    if kind == "prrt":
        return "PRRT cycle (Lu-177 DOTATATE)", f"{value:g} GBq" if value is not None else ""
    if kind == "follow_up":
        return {"planned": "Follow-up visit (planned)",
                _MISSED: "Follow-up visit (missed; still due)"}.get(status, "Follow-up visit"), ""
    if kind == "referral":
        return "Referral received", code.replace("_", " ")
    if kind == "consultation":
        return "First consultation", ""
    if kind == "tumor_board":
        # The code says why the board met (initial plan, progression...): the line's point.
        return "Tumor board discussion", (finding or code).replace("_", " ")
    if kind == "death":
        return "Died", ""
    return kind.replace("_", " ").capitalize(), ""



def _entry(kind: str, code: str, status: str, value: float | None, unit: str,
           finding: str) -> tuple[str, str, str, bool]:
    """An event's timeline kind (when no row claims it with its own), title, summary and
    whether it is released to the patient."""
    title, summary = _title(kind, code, value, unit, finding, status)
    return (_KIND.get(kind, "note"), title[:200], summary[:500],
            kind in _RELEASED and status == "completed")


_NOON: dict[date, datetime] = {}


def noon(day: date) -> datetime:
    """Noon of `day` in the program's zone as a UTC datetime, cached per day (the seed writes
    millions of these)."""
    moment = _NOON.get(day)
    if moment is None:
        local = datetime.combine(day, clock(12), tzinfo=program_zone())
        moment = _NOON[day] = local.astimezone(UTC)
    return moment


def publish(histories: Sequence[PatientHistory], patient_ids: Mapping[str, int],
            links: dict[tuple[int, int], Link], extra: list[tuple[Any, ...]],
            into: Collector | None) -> None:
    """End of an area loader: hand its claims to `into`, or (standalone) write the timeline
    entries of the events it claimed plus its extra entries."""
    if into is not None:
        for key, link in links.items():
            into.links.setdefault(key, link)
        into.extra.extend(extra)
        return
    write_timeline(histories, patient_ids, Collector(links, extra), only_linked=True)


def area_loaders() -> list[AreaLoader]:
    """`load` of every netcare app with a `loaders` module, except this one, in LOADER_ORDER."""
    found: list[tuple[int, AreaLoader]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("netcare.") or config.name == "netcare.patients":
            continue
        try:
            module = import_module(f"{config.name}.loaders")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.loaders":
                raise
            continue
        loader = getattr(module, "load", None)
        if loader is not None:
            label = config.name.removeprefix("netcare.")
            rank = LOADER_ORDER.index(label) if label in LOADER_ORDER else len(LOADER_ORDER)
            found.append((rank, loader))
    return [loader for _, loader in sorted(found, key=lambda pair: pair[0])]


_LANGUAGES = {"en", "es", "zh", "vi", "ko", "tl", "hy", "fa"}


def write_patients(histories: Sequence[PatientHistory]) -> dict[str, int]:
    """Insert the patients of `histories`; return {mrn: pk} (ids reserved, not read back)."""
    now = timezone.now()
    first = reserve_ids(Patient, len(histories))
    rows = []
    ids: dict[str, int] = {}
    for offset, history in enumerate(histories):
        person = history.demographics
        ids[person.mrn] = first + offset
        rows.append((
            first + offset, person.mrn, person.given_name, person.family_name,
            make_search_name(person.family_name, person.given_name), person.birth_date,
            person.sex, person.phone, person.email, "",
            person.preferred_language if person.preferred_language in _LANGUAGES else "other",
            now, history.vital_status.death_date,
        ))
    insert_rows(Patient, ["id", "mrn", "first_name", "last_name", "search_name",
                          "date_of_birth", "sex", "phone", "email", "address",
                          "preferred_language", "created_at", "deceased_on"], rows)
    return ids


def write_timeline(histories: Sequence[PatientHistory], patient_ids: Mapping[str, int],
                   collected: Collector | None = None, *, only_linked: bool = False) -> int:
    """One TimelineEntry per synthetic event (linked to the row that claimed it), plus the
    collector's extra entries, in one COPY. `only_linked`: just the claimed events."""
    links = collected.links if collected else {}
    rows: list[tuple[Any, ...]] = list(collected.extra) if collected else []
    append = rows.append
    # (kind, code, status, value, unit, finding) → (timeline kind, title, summary, released)
    entries: dict[tuple[Any, ...], tuple[str, str, str, bool]] = {}
    noons = _NOON
    today = timezone.now().astimezone(program_zone()).date()
    for position, history in enumerate(histories):
        pk = patient_ids[history.demographics.mrn]
        for number, event in enumerate(history.events):
            link = links.get((position, number))
            if link is None and only_linked:
                continue
            key = event[1:7]  # Event: day, kind, code, status, value, unit, finding, ...
            day = event[0]
            if key[2] == "planned" and day < today:
                key = (key[0], key[1], _MISSED, *key[3:])
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = _entry(*key)
            at = noons.get(day) or noon(day)
            if link is None:
                append((pk, at, entry[0], entry[1], entry[2], "synthetic", "", entry[3]))
            else:
                append((pk, at, link[2] or entry[0], entry[1], entry[2], link[0], link[1],
                        entry[3]))
    return insert_rows(TimelineEntry, TIMELINE_FIELDS, rows, raw=("source_id",),
                       first_id=reserve_ids(TimelineEntry, len(rows)))


def load_chunk(histories: Sequence[PatientHistory], loaders: Sequence[AreaLoader]) -> int:
    """Patients, every area and the timeline of `histories`, in the caller's transaction."""
    ids = write_patients(histories)
    collected = Collector()
    for loader in loaders:
        loader(histories, ids, into=collected)
    return write_timeline(histories, ids, collected)


class SeedError(Exception):
    """The cohort cannot be loaded as asked (e.g. its MRNs are already in the registry)."""


def _progress(stream: Any, done: int, total: int, started: float) -> None:
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed else 0.0
    remaining = (total - done) / rate if rate else 0.0
    stream.write(f"  seeded {done:>7,}/{total:,} patients · {rate:,.0f}/s · "
                 f"about {remaining:,.0f} s left\n")
    if hasattr(stream, "flush"):
        stream.flush()


def _ranges(n_patients: int, start_index: int, chunk: int) -> list[tuple[int, int]]:
    return [(start_index + done, min(chunk, n_patients - done))
            for done in range(0, n_patients, chunk)]


# Database connections a forked child inherited. Kept referenced for the child's whole life:
# finalising one would send the server a goodbye on the parent's socket. The child ends with
# os._exit (multiprocessing), so they are never finalised.
_INHERITED: list[Any] = []


def _forget_inherited_connections() -> None:
    """Make this (forked) process open its own connections, never the parent's sockets."""
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _INHERITED.append(conn.connection)
        conn.connection = None
        conn.in_atomic_block = False
        conn.savepoint_ids = []
        conn.atomic_blocks = []
        conn.needs_rollback = False
        conn.closed_in_transaction = False
        conn.run_on_commit = []


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector off while chunks load (the caller collects the youngest
    generation after each chunk: its cycles, if any). A chunk allocates millions of objects
    (events, rows, their text) that die by reference counting; with the collector on, its
    passes over them cost ~20 % of the loader's Python time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _worker(ranges: list[tuple[int, int]], seed: int, queue: Any,
            shard: tuple[int, int]) -> None:
    """Child process: load `ranges` (start, count) with its own connection."""
    global SHARD
    SHARD = shard
    _forget_inherited_connections()
    # What the parent had (Django, the models, the apps) is never garbage: out of the
    # collector's sight, so its passes never touch (nor copy-on-write) the parent's pages.
    gc.freeze()
    try:
        tune_for_bulk_load()
        loaders = area_loaders()
        with _no_cyclic_gc():
            for start, count in ranges:
                batch = list(generate(DEFAULT_CONFIG, count, seed, start_index=start))
                with transaction.atomic():
                    events = load_chunk(batch, loaders)
                del batch
                gc.collect(0)  # the chunk's cycles (older survivors: the caches)
                queue.put(("done", count, events))
        connection.close()
    except BaseException as error:  # report, the parent raises
        queue.put(("error", 0, repr(error)))
        raise


def _load_parallel(ranges: list[tuple[int, int]], seed: int, stream: Any, total: int,
                   started: float, workers: int) -> int:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    connections.close_all()  # children open their own; never share a socket across a fork
    children = [context.Process(target=_worker,
                                args=(ranges[i::workers], seed, queue, (i, workers)))
                for i in range(workers)]
    for child in children:
        child.start()
    done = events = 0
    try:
        while done < total:
            status, count, detail = queue.get()
            if status == "error":
                raise SeedError(f"a loader process failed: {detail}")
            done += count
            events += detail
            _progress(stream, done, total, started)
    finally:
        for child in children:
            if status == "error" and child.is_alive():
                child.terminate()
            child.join()
    return events


def load_cohort(
    n_patients: int, *, seed: int, start_index: int = 0, out: Any = None, chunk: int = CHUNK,
    workers: int | None = None, indexes: str = "rebuild",
) -> dict[str, float]:
    """Generate and load `n_patients` synthetic patients; print progress to `out`.

    Raises SeedError when the first MRN of the range is already registered (a rerun with the
    same range would duplicate the cohort). `workers` (default: `WORKERS` on PostgreSQL for runs
    of several chunks outside a transaction, else 1) processes load chunks side by side.
    With several processes, `indexes="rebuild"` and every `BULK_TABLES` table empty, their
    secondary indexes (none that backs a constraint) are dropped before the load and built
    again at the end (included in "seconds"; "index_seconds" is their share); with
    `indexes="rebuild+keys"` their foreign keys too, added back and validated at the end
    (no per-row check during the load), and the primary keys and unique constraints no other
    table's foreign key references (built at the end with the indexes). Otherwise
    (`indexes="keep"`, or rows already there) the load runs with every index and constraint
    in place.
    """
    stream = out or sys.stderr
    first = next(generate(DEFAULT_CONFIG, 1, seed, start_index=start_index))
    if Patient.objects.filter(mrn=first.demographics.mrn).exists():
        raise SeedError(
            f"patients {start_index}..{start_index + n_patients - 1} of seed {seed} are already "
            f"loaded (MRN {first.demographics.mrn} exists); use --start-index to add more"
        )
    ranges = _ranges(n_patients, start_index, chunk)
    if workers is None:
        parallel = connection.vendor == "postgresql" and len(ranges) > 1
        workers = WORKERS if parallel else 1
    if connection.in_atomic_block:
        # Forked loaders cannot see this transaction's rows, and the indexes they would drop
        # are locked by it: inside a transaction, load in this process.
        workers = 1
    started = time.monotonic()
    for prepare in _preparers():
        prepare()
    tables = [apps.get_model(label) for label in BULK_TABLES]
    fast = workers > 1 and indexes != "keep" and all_empty(tables)
    dropped = drop_secondary_indexes(tables) if fast else []
    keys = drop_foreign_keys(tables) if fast and indexes == "rebuild+keys" else []
    # Without their foreign keys, most tables' primary keys (and unique constraints) are
    # referenced by none: built at the end too (their indexes with the others).
    unique = drop_unique_keys(tables) if keys else []
    # New patients into empty tables: no chart body of theirs can be cached, so the chart
    # version triggers (one upsert a row) are off during the load and on again after it.
    quiet = chart_cache.set_triggers_enabled(False) if fast else []
    index_seconds = 0.0
    try:
        if workers > 1:
            events = _load_parallel(ranges, seed, stream, n_patients, started, workers)
        else:
            loaders = area_loaders()
            events = done = 0
            with _no_cyclic_gc():
                for start, count in ranges:
                    batch = list(generate(DEFAULT_CONFIG, count, seed, start_index=start))
                    with transaction.atomic():
                        events += load_chunk(batch, loaders)
                    del batch
                    gc.collect(0)
                    done += count
                    _progress(stream, done, n_patients, started)
    finally:
        if quiet:
            chart_cache.set_triggers_enabled(True, quiet)
        if dropped or keys:
            loaded = time.monotonic()
            stream.write(f"  building {len(unique) + len(dropped)} indexes"
                         + (f", validating {len(keys)} foreign keys" if keys else "") + " …\n")
            create_indexes([definition for _, _, definition, *_ in unique] + dropped,
                           workers=workers)
            add_unique_keys(unique)
            add_foreign_keys(keys, workers=workers)
            index_seconds = time.monotonic() - loaded
            stream.write(f"  done in {index_seconds:.1f} s\n")
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner guesses row counts of an empty table and picks the
        # wrong index for searches until autovacuum gets round to it.
        analyze(workers=workers)
    elapsed = time.monotonic() - started
    return {
        "patients": n_patients,
        "events": events,
        "seconds": elapsed,
        "index_seconds": index_seconds,
        "indexes_rebuilt": len(unique) + len(dropped),
        "foreign_keys_revalidated": len(keys),
        "patients_per_second": n_patients / elapsed if elapsed else 0.0,
    }


def _preparers() -> list[Callable[[], None]]:
    """`prepare()` of the area loaders that have one (run once before loading, e.g. to create
    the synthetic clinicians the appointments need)."""
    found = []
    for loader in area_loaders():
        prepare = getattr(sys.modules[loader.__module__], "prepare", None)
        if prepare is not None:
            found.append(prepare)
    return found
