"""`netcare seed` writes one timeline entry per synthetic event and every area's rows."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from netcare.patients.models import Patient, TimelineEntry
from netcare.referrals.models import Referral
from netcare.scheduling.models import Appointment, AppointmentSlot
from netcare.surveillance.models import FollowUp
from netcare.treatments.models import Treatment
from netcare.tumors.models import Tumor
from netcare.workup.dates import program_today
from netcare.workup.models import LabResult, PathologyReport, PetScan

pytestmark = pytest.mark.django_db


def test_every_synthetic_event_has_exactly_one_timeline_entry(seeded: dict[str, Any]) -> None:
    """Entries other than tumor diagnoses number the events, per patient and kind."""
    histories = seeded["histories"]
    expected = sum(len(h.events) for h in histories) + Tumor.objects.count()
    assert expected == TimelineEntry.objects.count()
    assert expected == seeded["figures"]["events"]
    first = Patient.objects.get(mrn=histories[0].demographics.mrn)
    entries = TimelineEntry.objects.filter(patient=first).exclude(kind="diagnosis")
    assert len(histories[0].events) == entries.count()
    linked = list(entries.exclude(source_type__in=["synthetic", "treatments.treatment"])
                  .values_list("source_type", "source_id"))
    assert len(linked) == len(set(linked))  # one entry per row (a course has many doses)


def test_rows_created_by_area_loaders_are_linked_from_their_timeline_entry(
    seeded: dict[str, Any],
) -> None:
    """Lab, referral, follow-up and appointment entries point at their rows."""
    lab = TimelineEntry.objects.filter(source_type="workup.lab").first()
    assert lab is not None and LabResult.objects.filter(pk=int(lab.source_id),
                                                        patient_id=lab.patient_id).exists()
    sources = set(TimelineEntry.objects.values_list("source_type", flat=True))
    assert {"referrals.referral", "workup.pet", "workup.pathology", "treatments.treatment",
            "surveillance.follow_up", "appointment", "tumors.tumor"} <= sources
    assert Referral.objects.count() == TimelineEntry.objects.filter(
        source_type="referrals.referral").count()


def test_every_area_has_its_rows(seeded: dict[str, Any]) -> None:
    """Counts match the synthetic histories: referrals, appointments, follow-ups, results. A
    planned visit dated before today was missed: it has no appointment."""
    histories = seeded["histories"]
    kinds = Counter(e.kind for h in histories for e in h.events)
    today = program_today()
    missed = sum(1 for h in histories for e in h.events
                 if e.kind == "follow_up" and e.status == "planned" and e.day < today)
    assert 300 == Patient.objects.count() == Referral.objects.count()
    assert 300 == Referral.objects.filter(status="converted", patient__isnull=False).count()
    assert kinds["consultation"] + kinds["follow_up"] - missed == Appointment.objects.count()
    assert FollowUp.objects.count() <= kinds["follow_up"]
    assert FollowUp.objects.exists() and Tumor.objects.exists() and PetScan.objects.exists()
    assert PathologyReport.objects.exists() and Treatment.objects.exists()
    assert not Treatment.objects.filter(end_on__lt=models_start()).exists()
    planned = sum(1 for h in histories for e in h.events
                  if e.kind == "follow_up" and e.status == "planned" and e.day >= today)
    assert planned == Appointment.objects.filter(status="confirmed").count()
    assert 2 * planned == AppointmentSlot.objects.count()


def models_start() -> Any:
    from django.db.models import F

    return F("start_on")


def test_referral_symptoms_use_the_referral_codes(seeded: dict[str, Any]) -> None:
    """Synthetic tachycardia becomes fast_heartbeat, and flags are computed from it."""
    symptoms = {s for row in Referral.objects.values_list("symptoms", flat=True) for s in row}
    assert "tachycardia" not in symptoms and "hypertension" not in symptoms
    flagged = Referral.objects.filter(flag_carcinoid=True).first()
    assert flagged is not None and flagged.priority <= 2


def test_appointments_fit_the_opening_hours_and_never_overlap(seeded: dict[str, Any]) -> None:
    """On the quarter hour, on open days, inside opening hours, one clinician at a time."""
    from django.conf import settings

    from netcare.scheduling.rules import program_zone

    zone = program_zone()
    booked: dict[int, list[tuple[Any, Any]]] = {}
    for appointment in Appointment.objects.all():
        start, end = appointment.starts_at.astimezone(zone), appointment.ends_at.astimezone(zone)
        opens, closes = settings.PROGRAM_OPENING_HOURS[start.weekday()]
        assert start.minute % 15 == 0 and opens <= start.time() and end.time() <= closes
        booked.setdefault(appointment.clinician_id, []).append((start, end))
    for spans in booked.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(spans))


def test_progress_lines_are_printed(seeded: dict[str, Any]) -> None:
    """One line per chunk with the count and the rate."""
    lines = seeded["progress"].strip().splitlines()
    assert 3 == len(lines)
    assert "300/300 patients" in lines[-1] and "/s" in lines[-1]


def test_a_rerun_of_the_same_range_refuses_with_a_clear_message(seeded: dict[str, Any]) -> None:
    """Same seed and start index: the command stops before writing anything."""
    with pytest.raises(CommandError, match=r"already loaded.*--start-index"):
        call_command("seed", "--patients", "10", "--seed", "11")
    assert 300 == Patient.objects.count()


def test_a_later_range_adds_patients_without_clashing_appointments(
    seeded: dict[str, Any],
) -> None:
    """--start-index 300 loads 50 more; clinicians' days continue after the first run."""
    call_command("seed", "--patients", "50", "--seed", "11", "--start-index", "300")
    assert 350 == Patient.objects.count()
    starts = list(AppointmentSlot.objects.values_list("clinician_id", "starts_at"))
    assert len(starts) == len(set(starts))


def test_the_chart_of_a_seeded_patient_shows_the_tumor_stage(
    seeded: dict[str, Any], client: Any, cast: dict[str, Any],
) -> None:
    """A physician opens the chart; the computed stage of the patient's tumor is on it."""
    tumor = Tumor.objects.exclude(stage="").first()
    assert tumor is not None
    client.force_login(cast["physician"])
    response = client.get(f"/patients/{tumor.patient_id}/")
    assert 200 == response.status_code
    assert f"stage {tumor.stage}" in response.content.decode()
