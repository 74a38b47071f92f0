"""Load the synthetic cohort (`netcare.synthetic`) into the registry and the chart timeline.

`load_cohort` generates patients in chunks and, per chunk and in one transaction, writes the
patients, then calls every other app's `loaders.load(histories, patient_ids)` (if the app has
one), then the timeline. Areas that arrive later fill in the demo without changes here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from importlib import import_module
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from netcare.db import insert_rows
from netcare.patients.models import Patient, TimelineEntry, make_search_name
from netcare.synthetic import DEFAULT_CONFIG, PatientHistory, generate
from netcare.synthetic.vocabulary import TESTS, TREATMENTS

CHUNK = 2000
AreaLoader = Callable[[Sequence[PatientHistory], Mapping[str, int]], None]

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


class SeedError(Exception):
    """The cohort cannot be loaded as asked (e.g. its MRNs are already in the registry)."""


def area_loaders() -> list[AreaLoader]:
    """`load` of every netcare app with a `loaders` module, except this one."""
    found: list[AreaLoader] = []
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
            found.append(loader)
    return found


def _title(
    kind: str, code: str, value: float | None, unit: str, finding: str, status: str
) -> tuple[str, str]:
    if kind in ("imaging", "endoscopy", "lab", "pathology"):
        label = TESTS.get(code, (kind, code))[1]
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
        return ("Follow-up visit (planned)" if status == "planned" else "Follow-up visit"), ""
    if kind == "referral":
        return "Referral received", code.replace("_", " ")
    if kind == "consultation":
        return "First consultation", ""
    if kind == "tumor_board":
        return "Tumor board discussion", finding.replace("_", " ")
    if kind == "death":
        return "Died", ""
    return kind.replace("_", " ").capitalize(), ""


def _at(day: date, zone: ZoneInfo) -> datetime:
    # Synthetic events carry calendar dates; 09:00 in the program's zone, stored in UTC.
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=zone).astimezone(UTC)


def write_patients(histories: Sequence[PatientHistory]) -> dict[str, int]:
    """Insert the patients of `histories`; return {mrn: pk}. Two statements."""
    now = timezone.now()
    rows = []
    for history in histories:
        person = history.demographics
        rows.append(
            (
                person.mrn,
                person.given_name,
                person.family_name,
                make_search_name(person.family_name, person.given_name),
                person.birth_date,
                person.sex,
                person.phone,
                person.email,
                "",
                person.preferred_language if person.preferred_language in _LANGUAGES else "other",
                now,
                history.vital_status.death_date,
            )
        )
    insert_rows(
        Patient,
        [
            "mrn",
            "first_name",
            "last_name",
            "search_name",
            "date_of_birth",
            "sex",
            "phone",
            "email",
            "address",
            "preferred_language",
            "created_at",
            "deceased_on",
        ],
        rows,
    )
    mrns = [h.demographics.mrn for h in histories]
    return dict(Patient.objects.filter(mrn__in=mrns).values_list("mrn", "id"))


_LANGUAGES = {"en", "es", "zh", "vi", "ko", "tl", "hy", "fa"}


def write_timeline(histories: Sequence[PatientHistory], patient_ids: Mapping[str, int]) -> int:
    """One TimelineEntry per synthetic event, in one COPY."""
    zone = ZoneInfo(settings.PROGRAM_TIME_ZONE)
    moments: dict[date, datetime] = {}
    rows = []
    for history in histories:
        pk = patient_ids[history.demographics.mrn]
        for event in history.events:
            title, summary = _title(
                event.kind, event.code, event.value, event.unit, event.finding, event.status
            )
            moment = moments.get(event.day)
            if moment is None:
                moment = moments[event.day] = _at(event.day, zone)
            rows.append(
                (
                    pk,
                    moment,
                    _KIND.get(event.kind, "note"),
                    title[:200],
                    summary[:500],
                    "synthetic",
                    "",
                    event.kind in _RELEASED and event.status == "completed",
                )
            )
    return insert_rows(
        TimelineEntry,
        [
            "patient",
            "occurred_at",
            "kind",
            "title",
            "summary",
            "source_type",
            "source_id",
            "released_to_patient",
        ],
        rows,
    )


def load_cohort(
    n_patients: int, *, seed: int, start_index: int = 0, out: Any = None, chunk: int = CHUNK
) -> dict[str, float]:
    """Generate and load `n_patients` synthetic patients; print progress to `out`.

    Raises SeedError when the first MRN of the range is already registered (a rerun with the
    same range would duplicate the cohort).
    """
    stream = out or sys.stderr
    first = next(generate(DEFAULT_CONFIG, 1, seed, start_index=start_index))
    if Patient.objects.filter(mrn=first.demographics.mrn).exists():
        raise SeedError(
            f"patients {start_index}..{start_index + n_patients - 1} of seed {seed} are already "
            f"loaded (MRN {first.demographics.mrn} exists); use --start-index to add more"
        )
    loaders = area_loaders()
    started = time.monotonic()
    events = 0
    done = 0
    histories_iter = generate(DEFAULT_CONFIG, n_patients, seed, start_index=start_index)
    while done < n_patients:
        batch = [next(histories_iter) for _ in range(min(chunk, n_patients - done))]
        with transaction.atomic():
            ids = write_patients(batch)
            for loader in loaders:
                loader(batch, ids)
            events += write_timeline(batch, ids)
        done += len(batch)
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed else 0.0
        remaining = (n_patients - done) / rate if rate else 0.0
        stream.write(
            f"  seeded {done:>7,}/{n_patients:,} patients · {rate:,.0f}/s · "
            f"about {remaining:,.0f} s left\n"
        )
        if hasattr(stream, "flush"):
            stream.flush()
    elapsed = time.monotonic() - started
    return {
        "patients": done,
        "events": events,
        "seconds": elapsed,
        "patients_per_second": done / elapsed if elapsed else 0.0,
    }
