"""The chart's body is rendered once per version of the record: a second view of an unchanged
chart reads none of its rows, and any change to what it shows appears on the next view."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netcare.patients.chart_cache import SOURCES, TRIGGER
from netcare.patients.models import ChartVersion, TimelineEntry

pytestmark = pytest.mark.django_db

SOURCE_TABLES = {source.table for source in SOURCES}


def _tables(queries: list[dict[str, Any]]) -> set[str]:
    return {name for q in queries for name in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', q["sql"])}


def _version(patient: Any) -> int:
    row = ChartVersion.objects.filter(patient_id=patient.pk).first()
    return row.version if row else 0


def _entry(patient: Any, title: str, *, released: bool = False) -> Any:
    return TimelineEntry.objects.create(
        patient=patient,
        kind="lab",
        title=title,
        released_to_patient=released,
        occurred_at=datetime(2026, 3, 1, 17, 0, tzinfo=UTC),
    )


def test_a_second_view_of_an_unchanged_chart_reads_none_of_its_rows(
    client: Client, nora: Any, other_record: Any
) -> None:
    _entry(other_record, "CgA 120 ng/mL")
    client.force_login(nora)
    client.get(f"/patients/{other_record.pk}/")
    with CaptureQueriesContext(connection) as second:
        page = client.get(f"/patients/{other_record.pk}/").content.decode()
    assert "CgA 120 ng/mL" in page
    assert not _tables(second.captured_queries) & SOURCE_TABLES
    assert len(second) <= 5  # session, user, patient with its version, audit entry


def test_a_new_timeline_entry_shows_on_the_next_view(
    client: Client, nora: Any, other_record: Any
) -> None:
    client.force_login(nora)
    assert "Ki-67 3 %" not in client.get(f"/patients/{other_record.pk}/").content.decode()
    _entry(other_record, "Ki-67 3 %")
    assert "Ki-67 3 %" in client.get(f"/patients/{other_record.pk}/").content.decode()


def test_an_edited_and_a_deleted_entry_show_on_the_next_view(
    client: Client, nora: Any, other_record: Any
) -> None:
    entry = _entry(other_record, "5-HIAA 40 mg/24h")
    client.force_login(nora)
    client.get(f"/patients/{other_record.pk}/")
    TimelineEntry.objects.filter(pk=entry.pk).update(title="5-HIAA 14 mg/24h")
    page = client.get(f"/patients/{other_record.pk}/").content.decode()
    assert "5-HIAA 14 mg/24h" in page and "5-HIAA 40 mg/24h" not in page
    entry.delete()
    assert "5-HIAA 14 mg/24h" not in client.get(f"/patients/{other_record.pk}/").content.decode()


def test_a_change_to_another_patient_keeps_this_chart_cached(
    nora: Any, pat_record: Any, other_record: Any
) -> None:
    before = _version(other_record)
    _entry(pat_record, "CgA 80 ng/mL")
    assert before == _version(other_record)
    assert _version(pat_record) >= 1


def test_the_patient_sees_only_released_entries_after_staff_opened_the_chart(
    client: Client, nora: Any, pat_record: Any
) -> None:
    _entry(pat_record, "Draft: PET read pending", released=False)
    _entry(pat_record, "CgA 80 ng/mL", released=True)
    client.force_login(nora)
    assert "Draft: PET read pending" in client.get(f"/patients/{pat_record.pk}/").content.decode()
    client.force_login(pat_record.user)
    own = client.get("/patients/me/").content.decode()
    assert "CgA 80 ng/mL" in own
    assert "Draft: PET read pending" not in own


def test_every_source_table_has_the_version_trigger() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s "
                "AND tgenabled = 'O'",
                [TRIGGER],
            )
            found = {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{TRIGGER}_%"],
            )
            found = {row[0] for row in cursor.fetchall()}
    assert SOURCE_TABLES <= found


def _submit(patient: Any, nora: Any, cora: Any) -> Any:
    from netcare.tumorboard.actions import create_series, submit_case
    from netcare.workup.dates import program_today

    series = create_series(
        {
            "name": "NET board",
            "weekday": 2,
            "local_time": time(7, 30),
            "case_cap": 3,
            "cutoff_hours": 48,
            "virtual_link": "",
        },
        by=cora,
        weeks=2,
        start_on=program_today() + timedelta(days=7),
    )
    meeting = series.meetings.order_by("starts_at").first()
    return submit_case(meeting, patient, "Surgery or SSA first?", by=nora)


@pytest.fixture
def board_case(nora: Any, cora: Any, other_record: Any) -> Any:
    return _submit(other_record, nora, cora)


def test_a_moved_board_meeting_shows_its_new_date_on_the_chart(
    client: Client, nora: Any, board_case: Any
) -> None:
    from django.utils import timezone

    from netcare.tumorboard.models import Meeting

    client.force_login(nora)
    chart = f"/patients/{board_case.patient_id}/"
    old = timezone.localtime(board_case.meeting.starts_at)
    assert old.strftime("%Y-%m-%d") in client.get(chart).content.decode()
    new = old + timedelta(days=3)
    Meeting.objects.filter(pk=board_case.meeting_id).update(starts_at=new)
    assert new.strftime("%Y-%m-%d") in client.get(chart).content.decode()


def test_a_recommendation_and_a_prrt_cycle_change_the_version(
    board_case: Any, cora: Any, sam: Any, theo: Any, other_record: Any
) -> None:
    """The tables that name their patient through another row (case, course) bump it too."""
    from netcare.nuclear.actions import start_course
    from netcare.nuclear.models import PrrtCycle
    from netcare.tumorboard.models import Recommendation
    from tests.nuclear.conftest import ELIGIBLE, LA
    from tests.tumorboard.conftest import decide

    before = _version(other_record)
    decide(board_case, cora, sam)
    after_recommendation = _version(other_record)
    assert after_recommendation > before
    Recommendation.objects.filter(case=board_case).update(text="Resect the primary.")
    assert _version(other_record) > after_recommendation

    course = start_course(
        other_record,
        dict(ELIGIBLE),
        first_window_start=date(2026, 12, 1),
        baseline_creatinine=1.0,
        baseline_creatinine_unit="mg/dL",
        last_long_acting_ssa=datetime(2026, 10, 20, 9, 0, tzinfo=LA),
        by=theo,
    )
    after_course = _version(other_record)
    PrrtCycle.objects.filter(course=course, number=1).update(chair="Chair 2")
    assert _version(other_record) > after_course


def test_the_body_reads_only_tables_that_bump_the_version(nora: Any, cora: Any, theo: Any) -> None:
    """Guard for new panels: a body query on an unlisted table could show stale data."""
    from django.test import RequestFactory

    from netcare.nuclear.actions import start_course
    from netcare.patients import access
    from netcare.patients.forms import TimelineFilterForm
    from netcare.patients.models import Patient
    from netcare.patients.views import _chart_body_context
    from netcare.tumors.models import Tumor
    from tests.nuclear.conftest import ELIGIBLE, LA
    from tests.tumorboard.conftest import load_synthetic

    load_synthetic(12)
    with_grade = Tumor.objects.exclude(grade="").exclude(stage="").order_by("patient_id").first()
    assert with_grade is not None
    patient = Patient.objects.get(pk=with_grade.patient_id)
    _submit(patient, nora, cora)
    start_course(
        patient,
        dict(ELIGIBLE),
        first_window_start=date(2026, 12, 1),
        baseline_creatinine=1.0,
        baseline_creatinine_unit="mg/dL",
        last_long_acting_ssa=datetime(2026, 10, 20, 9, 0, tzinfo=LA),
        by=theo,
    )
    _entry(patient, "CgA 80 ng/mL")
    request = RequestFactory().get(f"/patients/{patient.pk}/")
    request.user = nora
    patient = access.annotate_chart_version(access.visible_patients(nora)).get(pk=patient.pk)
    from django.template.loader import render_to_string

    with CaptureQueriesContext(connection) as body:
        html = render_to_string(
            "patients/_chart_body.html",
            _chart_body_context(request, patient, TimelineFilterForm({}), ""),
            request,
        )
    assert "Surgery or SSA first?" in html and "CgA 80 ng/mL" in html
    assert with_grade.grade in html  # the problem summary panel was rendered
    assert _tables(body.captured_queries) <= SOURCE_TABLES
    assert "csrfmiddlewaretoken" not in html
