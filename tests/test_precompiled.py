"""`CompiledRows` gives exactly the rows the ORM gives, compiling a shape's SQL only when every
parameter maps back to one value; the patient search runs from compiled SQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netcare.patients import search
from netcare.patients.models import Patient
from netcare.precompiled import CompiledRows


@pytest.fixture
def people(db: Any, pat: Any) -> list[Patient]:
    rows = [
        ("Ana", "Garcia", date(1961, 4, 2), None),
        ("Luis", "Garcia", date(1970, 1, 15), date(2024, 3, 1)),
        ("Mei", "Chen", date(1961, 4, 2), None),
        ("Pat", "Example", date(1961, 4, 2), None),
    ]
    made = [
        Patient.objects.create(mrn=f"NC{i:07d}", first_name=first, last_name=last,
                               date_of_birth=born, deceased_on=died, sex="female")
        for i, (first, last, born, died) in enumerate(rows, start=500)
    ]
    made[3].user = pat
    made[3].save()
    return made


def _born_on(shape: tuple[int, int], born: date, mrn_from: str) -> Any:
    start, stop = shape
    return (Patient.objects.filter(date_of_birth=born, mrn__gte=mrn_from)
            .order_by("mrn").values_list("mrn", "date_of_birth", "deceased_on")[start:stop])


def test_compiled_rows_equal_the_orms_with_new_values_each_time(people: Any) -> None:
    rows = CompiledRows(Patient, _born_on)
    assert rows.is_compiled((0, 10), date(1961, 4, 2), "NC")
    for born, mrn_from in [(date(1961, 4, 2), "NC"), (date(1961, 4, 2), "NC0000502"),
                           (date(1970, 1, 15), "A"), (date(2000, 1, 1), "NC")]:
        assert rows.rows((0, 10), born, mrn_from) == list(_born_on((0, 10), born, mrn_from))
    assert rows.rows((1, 2), date(1961, 4, 2), "NC") == [("NC0000502", date(1961, 4, 2), None)]


def test_dates_come_back_as_dates_on_every_database(people: Any) -> None:
    rows = CompiledRows(Patient, _born_on)
    (row,) = rows.rows((0, 1), date(1970, 1, 15), "NC")
    assert row == ("NC0000501", date(1970, 1, 15), date(2024, 3, 1))
    assert type(row[2]) is date


def _mrn_starting(shape: None, prefix: str) -> Any:
    return Patient.objects.filter(mrn__startswith=prefix).order_by("mrn").values_list("mrn")


def test_a_value_the_orm_rewrites_runs_through_the_orm(people: Any) -> None:
    """`startswith` turns the value into a LIKE pattern: no plan, the ORM's rows."""
    rows = CompiledRows(Patient, _mrn_starting)
    assert not rows.is_compiled(None, "NC")
    assert rows.rows(None, "NC000050") == [(f"NC000050{i}",) for i in range(4)]
    assert rows.rows(None, "100%") == []


def _alive_or_not(shape: None, name: str) -> Any:
    return Patient.objects.filter(deceased_on__isnull=(name == "")).values_list("last_name")


def test_a_value_that_only_steers_the_query_runs_through_the_orm(people: Any) -> None:
    """Both stand-ins give the same SQL here, yet the value is no parameter: no plan."""
    rows = CompiledRows(Patient, _alive_or_not)
    assert not rows.is_compiled(None, "x")
    assert rows.rows(None, "x") == [("Garcia",)]  # the deceased one
    assert sorted(rows.rows(None, "")) == [("Chen",), ("Example",), ("Garcia",)]


def test_staff_search_by_name_runs_one_compiled_query(
    client: Client, nora: Any, people: Any
) -> None:
    client.force_login(nora)
    client.get("/patients/?q=garcia")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/patients/?q=garcia").content.decode()
    assert "Garcia, Ana" in page and "Garcia, Luis" in page and "Chen" not in page
    assert 1 == sum('FROM "patients_patient"' in q["sql"] for q in queries.captured_queries)
    if connection.vendor == "postgresql":
        key = (True, "name_range", 0, 26)
        assert key in {plan_key[1] for plan_key in search._PAGE._plans}
        assert all(plan is not None for k, plan in search._PAGE._plans.items() if k[1] == key)


def test_staff_search_by_mrn_prefix_runs_compiled_sql_on_postgresql(
    nora: Any, people: Any
) -> None:
    rows, understood = search.search_page(nora, "nc000050", 0, 26)
    assert sorted(r.mrn for r in rows) == [f"NC000050{i}" for i in range(4)]
    assert understood == "MRN starting NC000050"
    if connection.vendor == "postgresql":
        assert search._PAGE.is_compiled((True, "mrn_range", 0, 26), "NC000050", "NC000051")


def test_a_patient_searching_finds_only_her_own_record(client: Client, pat: Any,
                                                       people: Any) -> None:
    rows, _ = search.search_page(pat, "1961-04-02", 0, 26)
    assert [(r.first_name, r.last_name) for r in rows] == [("Pat", "Example")]
    rows, _ = search.search_page(pat, "garcia", 0, 26)
    assert rows == []


def test_the_search_reads_the_page_asked_for(nora: Any, people: Any) -> None:
    rows, understood = search.search_page(nora, "1961-04-02", 1, 2)
    assert [r.last_name for r in rows] == ["Example", "Garcia"]
    assert understood == "date of birth 1961-04-02"


def test_compiled_objects_are_the_orms_models_with_their_annotations(people: Any) -> None:
    from netcare.patients import access

    ana = people[0]
    (loaded,) = access._PATIENT.objects((True, True), ana.pk)
    expected = access.annotate_chart_version(Patient.objects.all()).get(pk=ana.pk)
    for field in Patient._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded.chart_version == expected.chart_version
    assert loaded._state.adding is False and loaded._state.db == "default"
    assert access._PATIENT.objects((True, True), ana.pk + 1000) == []


def test_a_patient_cannot_load_another_patients_record_by_id(people: Any, pat: Any) -> None:
    from netcare.patients import access

    assert access._PATIENT.objects((False, False), pat.pk, people[0].pk) == []
    (own,) = access._PATIENT.objects((False, False), pat.pk, people[3].pk)
    assert own.first_name == "Pat"
