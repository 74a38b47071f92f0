"""The navigator's worklist of somatostatin analogue injections due or overdue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import Patient
from netcare.treatments.actions import record_treatment, stop_treatment


@pytest.fixture(autouse=True)
def _today() -> Any:
    import time_machine

    with time_machine.travel("2025-03-10 18:00:00+00:00", tick=False):
        yield


def _course(patient: Any, start: date, by: Any, kind: str = "octreotide_lar") -> Any:
    return record_treatment(patient, {"kind": kind, "start_on": start, "agent": "30 mg"}, by=by)


def test_overdue_and_due_this_week_are_listed_earliest_first(
        client: Client, nora: Any, sam: Any, pat_record: Any, other_record: Any) -> None:
    """Due 1 March (9 days overdue) before due 14 March; due 1 April and stopped courses are
    not listed; telotristat has no injections."""
    _course(pat_record, date(2025, 2, 1), sam)                      # due 2025-03-01
    _course(other_record, date(2025, 2, 14), sam, "lanreotide")    # due 2025-03-14
    third = Patient.objects.create(mrn="NC0000003", first_name="Tess", last_name="Third",
                                   date_of_birth=date(1970, 1, 1), sex="female")
    _course(third, date(2025, 3, 4), sam)                           # due 2025-04-01
    stopped = _course(third, date(2025, 2, 2), sam)
    stop_treatment(stopped, date(2025, 3, 1), by=sam, reason="progression")
    record_treatment(third, {"kind": "telotristat", "start_on": date(2025, 2, 1)}, by=sam)
    client.force_login(nora)
    page = client.get("/treatments/injections-due/").content.decode()
    assert "Overdue by 9 days" in page
    assert page.index("Example, Pat") < page.index("Other, Omar")
    assert "Third, Tess" not in page


def test_the_worklist_query_count_does_not_grow_with_rows(
        client: Client, nora: Any, sam: Any, django_assert_max_num_queries: Any) -> None:
    """One due course or twenty: the same number of queries."""
    def patients(n: int, offset: int) -> list[Any]:
        return [Patient.objects.create(mrn=f"NC9{offset + i:06d}", first_name="P",
                                       last_name=f"L{offset + i}",
                                       date_of_birth=date(1960, 1, 1), sex="male")
                for i in range(n)]

    for patient in patients(1, 0):
        _course(patient, date(2025, 2, 1), sam)
    client.force_login(nora)
    client.get("/treatments/injections-due/")
    with django_assert_max_num_queries(6):
        assert 200 == client.get("/treatments/injections-due/").status_code
    for index, patient in enumerate(patients(19, 1)):
        _course(patient, date(2025, 2, 1) + timedelta(days=index % 10), sam)
    with django_assert_max_num_queries(6):
        page = client.get("/treatments/injections-due/").content.decode()
    assert 20 == page.count('<tr><td data-label="Due">')


def test_the_worklist_says_how_far_ahead_it_looks_and_when_nothing_is_due(
        client: Client, nora: Any) -> None:
    client.force_login(nora)
    page = client.get("/treatments/injections-due/").content.decode()
    assert "due within 7 days (by Mon 2025-03-17)" in page
    assert "No injection is overdue or due within 7 days." in page
