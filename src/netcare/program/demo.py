"""The fictional demo program: pages, one user per role, a synthetic cohort. Idempotent."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from netcare.accounts.models import Discipline, Role, User
from netcare.patients.models import Patient
from netcare.program.demo_content import PAGES
from netcare.program.models import ProgramPage

DEMO_PASSWORD = "netcare-demo-2026"  # noqa: S105 (printed on purpose: demo only)

DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    # username, first, last, role, discipline
    ("patient", "Pat", "Example", Role.PATIENT, ""),
    ("referrer", "Rita", "Referrer", Role.REFERRING_PHYSICIAN, ""),
    ("navigator", "Nora", "Navigator", Role.NAVIGATOR, ""),
    ("surgeon", "Sam", "Surgeon", Role.PHYSICIAN, Discipline.SURGERY),
    ("oncologist", "Olga", "Oncologist", Role.PHYSICIAN, Discipline.MEDICAL_ONCOLOGY),
    ("gastro", "Gil", "Gastro", Role.PHYSICIAN, Discipline.GASTROENTEROLOGY),
    ("pathologist", "Paula", "Pathologist", Role.PHYSICIAN, Discipline.PATHOLOGY),
    ("radiologist", "Ravi", "Radiologist", Role.PHYSICIAN, Discipline.RADIOLOGY),
    ("nucmed", "Nadia", "Nuclear", Role.PHYSICIAN, Discipline.NUCLEAR_MEDICINE),
    ("coordinator", "Cora", "Coordinator", Role.COORDINATOR, ""),
    ("technologist", "Theo", "Technologist", Role.NUCLEAR_MEDICINE_STAFF, ""),
    ("admin", "Ada", "Administrator", Role.ADMINISTRATOR, ""),
]


def ensure_demo_users() -> list[tuple[str, str]]:
    """Create the demo users that are missing; return (role label, username) pairs."""
    logins = []
    for username, first, last, role, discipline in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "discipline": discipline,
                "email": f"{username}@example.org",
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        logins.append((user.role_label, username))
    return logins


def ensure_pages() -> None:
    for position, (slug, title, summary, body) in enumerate(PAGES):
        ProgramPage.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "summary": summary, "body": body, "position": position},
        )


# Today's new referrals for the navigator's queue (fictional people, 555 phone numbers).
OPEN_REFERRALS: list[tuple[str, str, str, str, list[str], list[str], str]] = [
    # first, last, born, source, symptoms, hereditary syndromes, reason
    (
        "Maya",
        "Okafor",
        "1968-02-14",
        "physician",
        ["jaundice", "abdominal_pain"],
        [],
        "Pancreatic head mass on CT, rising bilirubin",
    ),
    (
        "Tom",
        "Lindqvist",
        "1957-09-03",
        "self",
        ["flushing", "diarrhea", "wheezing"],
        [],
        "Flushing and diarrhea for a year; liver lesions seen elsewhere",
    ),
    (
        "Irene",
        "Castillo",
        "1979-05-21",
        "physician",
        ["abdominal_pain"],
        ["MEN1"],
        "MEN1 carrier, 1.4 cm pancreatic lesion on EUS",
    ),
    (
        "Hugo",
        "Brandt",
        "1961-11-30",
        "physician",
        ["rectal_bleeding"],
        [],
        "8 mm rectal polyp, biopsy: neuroendocrine tumor",
    ),
    (
        "Aisha",
        "Rahman",
        "1985-07-08",
        "self",
        ["high_blood_sugar", "fast_heartbeat"],
        ["VHL"],
        "Von Hippel-Lindau in the family; pancreatic cysts and a solid lesion",
    ),
    (
        "Pedro",
        "Alves",
        "1950-03-12",
        "physician",
        ["abdominal_pain", "constipation"],
        [],
        "Small-bowel mass with mesenteric calcification on CT",
    ),
    (
        "Grace",
        "Whitfield",
        "1972-12-02",
        "physician",
        [],
        [],
        "Incidental 6 mm gastric NET at endoscopy, atrophic gastritis",
    ),
    (
        "Kenji",
        "Mori",
        "1964-06-25",
        "self",
        ["high_blood_pressure", "flushing"],
        ["familial_si_net"],
        "Two relatives with small-intestine NETs",
    ),
]


def ensure_open_referrals() -> None:
    """A morning's new referrals in the queue (once), through the referrals action."""
    from datetime import date

    from netcare.referrals.actions import submit_referral
    from netcare.referrals.models import Referral

    if Referral.objects.filter(status="new").exists():
        return
    for index, (first, last, born, source, symptoms, syndromes, reason) in enumerate(
        OPEN_REFERRALS
    ):
        submit_referral(
            {
                "source": source,
                "first_name": first,
                "last_name": last,
                "date_of_birth": date.fromisoformat(born),
                "phone": f"555-01{50 + index:02d}",
                "email": f"{first.lower()}@example.org",
                "preferred_contact_times": "mornings",
                "reason": reason,
                "symptoms": symptoms,
                "hereditary_syndromes": syndromes,
                "family_history_of_net": bool(syndromes),
                "referring_physician_name": "Dr. Demo Referrer" if source == "physician" else "",
            },
            by=None,
        )


def ensure_board() -> None:
    """A weekly Tuesday board with four cases on the next meeting's agenda (once)."""
    from datetime import time

    from netcare.tumorboard.actions import create_series, submit_case
    from netcare.tumorboard.models import BoardSeries
    from netcare.tumors.models import Tumor

    if BoardSeries.objects.exists():
        return
    coordinator = User.objects.get(username="coordinator")
    series = create_series(
        {
            "name": "NET tumor board",
            "weekday": 1,
            "local_time": time(7, 30),
            "virtual_link": "https://meet.example.org/net-board",
        },
        by=coordinator,
        weeks=8,
    )
    meeting = series.meetings.order_by("starts_at").first()
    presenter = User.objects.get(username="oncologist")
    patients = (
        Tumor.objects.filter(patient__deceased_on__isnull=True)
        .order_by("-diagnosed_on", "id")
        .values_list("patient", flat=True)[:4]
    )
    for patient in Patient.objects.filter(pk__in=list(patients)):
        submit_case(
            meeting,
            patient,
            "Next treatment step after restaging?",
            by=coordinator,
            presenter=presenter,
        )


def ensure_nuclear_work() -> None:
    """Twelve SSTR PET requests waiting for the planner, and one patient on PRRT (once)."""
    from datetime import timedelta

    from netcare.nuclear.actions import active_department, request_pet, start_course
    from netcare.nuclear.models import PetRequest
    from netcare.workup.dates import program_today

    if PetRequest.objects.exists():
        return
    technologist = User.objects.get(username="technologist")
    active_department()
    today = program_today()
    alive = Patient.objects.filter(deceased_on__isnull=True).order_by("id")
    for index, patient in enumerate(alive[:12]):
        request_pet(
            patient,
            {
                "weight_kg": 55.0 + 3 * index,
                "earliest_day": today,
                "latest_day": today + timedelta(days=21),
                "priority": 1 + index % 3,
            },
            by=technologist,
        )
    candidate = alive[12:13].first()
    if candidate is not None:
        start_course(
            candidate,
            {
                "age_years": 64.0,
                "gep_net": True,
                "sstr_positive": True,
                "differentiation": "well",
                "ki67_percent": 8.0,
                "min_target_krenning": 3,
                "creatinine_clearance_ml_min": 80.0,
                "midgut": True,
                "progression_on_octreotide_lar": True,
            },
            first_window_start=today + timedelta(days=7),
            baseline_creatinine=0.9,
            baseline_creatinine_unit="mg/dL",
            baseline_creatinine_on=today - timedelta(days=5),
            by=technologist,
        )


# (username, visits booked on each of the next open days) so their schedules are not empty.
DEMO_CLINIC_VISITS = (("surgeon", 2), ("oncologist", 3), ("gastro", 1))
DEMO_CLINIC_DAYS = 3


def ensure_demo_clinics() -> None:
    """The demo physicians who see patients are available in the program's opening hours, and
    the surgeon, oncologist and gastroenterologist have confirmed visits on the next open days
    (once: only when none of them has availability yet), through the scheduling actions."""
    from datetime import timedelta

    from netcare.program import settings_store
    from netcare.scheduling.actions import (
        add_availability,
        confirm_appointment,
        request_appointment,
    )
    from netcare.scheduling.models import (
        CLINIC_DISCIPLINES,
        AppointmentKind,
        ClinicianAvailability,
    )
    from netcare.scheduling.rules import local_to_utc
    from netcare.workup.dates import program_today

    physicians = list(User.objects.filter(username__in=[row[0] for row in DEMO_USERS],
                                          role=Role.PHYSICIAN,
                                          discipline__in=CLINIC_DISCIPLINES))
    if ClinicianAvailability.objects.filter(clinician__in=physicians).exists():
        return
    admin = User.objects.get(username="admin")
    hours = settings_store.current().opening_hours
    for physician in physicians:
        for weekday, (opens, closes) in sorted(hours.items()):
            add_availability(physician, weekday=weekday, starts=opens, ends=closes, by=admin)
    navigator = User.objects.get(username="navigator")
    by_name = {physician.username: physician for physician in physicians}
    alive = iter(Patient.objects.filter(deceased_on__isnull=True).order_by("-id")[:40])
    day, open_days = program_today(), 0
    while open_days < DEMO_CLINIC_DAYS:
        day += timedelta(days=1)
        if day.weekday() not in hours:
            continue
        open_days += 1
        opens = hours[day.weekday()][0]
        for username, visits in DEMO_CLINIC_VISITS:
            clinician = by_name.get(username)
            for number in range(visits):
                patient = next(alive, None)
                if clinician is None or patient is None:
                    continue
                starts = local_to_utc(day, opens) + timedelta(hours=1 + number)
                visit = request_appointment(patient, clinician=clinician,
                                            kind=AppointmentKind.FOLLOW_UP, starts_at=starts,
                                            by=navigator, reason="Follow-up visit")
                confirm_appointment(visit, by=navigator)


def ensure_demo_program(patients: int, *, out: Any = None) -> list[tuple[str, str]]:
    """Pages, users and (when the registry is empty) a synthetic cohort. A rerun reuses all."""
    with transaction.atomic():
        ensure_pages()
        logins = ensure_demo_users()
    if not Patient.objects.exists():
        from netcare.patients.loaders import load_cohort

        load_cohort(patients, seed=2026, out=out)
    ensure_open_referrals()
    ensure_board()
    ensure_nuclear_work()
    ensure_demo_clinics()
    patient_user = User.objects.get(username="patient")
    if not Patient.objects.filter(user=patient_user).exists():
        first = Patient.objects.order_by("id").first()
        if first is not None:
            first.user = patient_user
            first.save(update_fields=["user"])
    return logins
