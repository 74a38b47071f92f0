"""Who may open a chart: staff see the program's patients; a patient sees only their own."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.patients.models import TimelineEntry


@pytest.mark.parametrize(
    "role", ["navigator", "physician", "coordinator", "nuclear_medicine_staff", "administrator"]
)
def test_staff_open_any_chart(
    client: Client, cast: dict[str, Any], other_record: Any, role: str
) -> None:
    """Every staff role sees the chart header with name and MRN."""
    client.force_login(cast[role])
    page = client.get(f"/patients/{other_record.pk}/").content.decode()
    assert "Other, Omar" in page
    assert "NC0000002" in page


def test_patient_cannot_open_another_patients_chart(
    client: Client, pat_record: Any, other_record: Any
) -> None:
    """The other patient's chart answers 404, exactly like a chart that does not exist."""
    client.force_login(pat_record.user)
    assert 404 == client.get(f"/patients/{other_record.pk}/").status_code
    assert 404 == client.get("/patients/999999/").status_code


def test_referring_physician_sees_no_charts(client: Client, rita: Any, other_record: Any) -> None:
    """A referrer is not program staff: 404 on the chart and on the list."""
    client.force_login(rita)
    assert 404 == client.get(f"/patients/{other_record.pk}/").status_code
    assert 404 == client.get("/patients/").status_code


def test_patient_sees_only_released_timeline_entries(client: Client, pat_record: Any) -> None:
    """An unreleased result stays off the patient's own chart but shows to staff."""
    when = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    TimelineEntry.objects.create(
        patient=pat_record,
        occurred_at=when,
        kind="lab",
        title="Chromogranin A 88 ng/mL",
        released_to_patient=True,
    )
    TimelineEntry.objects.create(
        patient=pat_record, occurred_at=when, kind="pathology", title="Pathology: NET G2, Ki-67 8 %"
    )
    client.force_login(pat_record.user)
    page = client.get("/patients/me/").content.decode()
    assert "Chromogranin A 88 ng/mL" in page
    assert "Pathology: NET G2" not in page


def test_opening_a_chart_writes_an_audit_entry(
    client: Client, nora: Any, other_record: Any
) -> None:
    """Who, role, action, patient, object and address are recorded."""
    client.force_login(nora)
    client.get(f"/patients/{other_record.pk}/", REMOTE_ADDR="10.1.2.3")
    entry = AuditEntry.objects.filter(patient=other_record).get()
    assert (
        "nora",
        "navigator",
        "netcare.patient.viewed",
        "Patient",
        str(other_record.pk),
        "10.1.2.3",
    ) == (
        entry.username,
        entry.role,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.client_address,
    )


def test_chart_shows_200_timeline_entries_in_a_fixed_number_of_queries(
    client: Client, nora: Any, other_record: Any
) -> None:
    """A long history costs no more queries than a short one (panels included)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def entries(count: int, start: int) -> None:
        TimelineEntry.objects.bulk_create(
            TimelineEntry(
                patient=other_record,
                kind="lab",
                title=f"5-HIAA {i} mg/24h",
                occurred_at=datetime(2016 + i % 10, 1, 1, tzinfo=UTC),
            )
            for i in range(start, start + count)
        )

    client.force_login(nora)
    entries(1, 0)
    client.get(f"/patients/{other_record.pk}/")  # the first page view also saves the session
    cache.clear()  # measure rendering the body, not the cached body (test_chart_cache.py)
    with CaptureQueriesContext(connection) as short:
        client.get(f"/patients/{other_record.pk}/")
    entries(249, 1)
    cache.clear()
    with CaptureQueriesContext(connection) as long:
        response = client.get(f"/patients/{other_record.pk}/")
    assert 200 == len(response.context["timeline"])
    assert "Showing the latest 200 entries" in response.content.decode()
    assert len(short) == len(long)
    assert len(long) <= 20


def test_timeline_filters_by_kind(client: Client, nora: Any, other_record: Any) -> None:
    """Choosing 'Laboratory' hides the pathology entry."""
    when = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    TimelineEntry.objects.create(
        patient=other_record, occurred_at=when, kind="lab", title="CgA 120 ng/mL"
    )
    TimelineEntry.objects.create(
        patient=other_record, occurred_at=when, kind="pathology", title="Biopsy"
    )
    client.force_login(nora)
    titles = [
        e.title
        for e in client.get(f"/patients/{other_record.pk}/", {"kind": "lab"}).context["timeline"]
    ]
    assert ["CgA 120 ng/mL"] == titles
    # An unknown kind shows every kind; the chosen filter shows in the select.
    everything = client.get(f"/patients/{other_record.pk}/", {"kind": "bogus"})
    assert 200 == everything.status_code
    page = everything.content.decode()
    assert "CgA 120 ng/mL" in page and "Biopsy" in page
    filtered = client.get(f"/patients/{other_record.pk}/", {"kind": "lab"}).content.decode()
    assert '<option value="lab" selected>' in filtered and "Biopsy" not in filtered


def test_timeline_text_is_escaped_and_dated_in_the_program_zone(
    client: Client, nora: Any, other_record: Any
) -> None:
    """A title with markup shows as text; 03:00 UTC on 2 March is 1 March in Los Angeles."""
    TimelineEntry.objects.create(
        patient=other_record, occurred_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC), kind="note",
        title="<script>alert(1)</script> note", summary="a & b",
    )
    client.force_login(nora)
    page = client.get(f"/patients/{other_record.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; note" in page
    assert "<script>alert(1)</script>" not in page
    assert "a &amp; b" in page
    assert ">2026-03-01</time>" in page
