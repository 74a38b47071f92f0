"""Staff find patients by name, MRN or date of birth, a page at a time."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netcare.patients.models import Patient


@pytest.fixture
def registry(db: Any) -> list[Patient]:
    people = [
        ("Ana", "Garcia", date(1961, 4, 2)),
        ("Luis", "Garcia", date(1970, 1, 15)),
        ("Mei", "Chen", date(1948, 12, 1)),
        ("John", "Garfield", date(1990, 6, 6)),
    ]
    return [
        Patient.objects.create(
            mrn=f"NC{i:07d}", first_name=first, last_name=last, date_of_birth=born, sex="female"
        )
        for i, (first, last, born) in enumerate(people, start=100)
    ]


def _names(response: Any) -> list[str]:
    return [f"{p.first_name} {p.last_name}" for p in response.context["patients"]]


def test_navigator_finds_patients_by_last_name_prefix(
    client: Client, nora: Any, registry: Any
) -> None:
    """'garc' finds both Garcias, not Garfield."""
    client.force_login(nora)
    assert ["Ana Garcia", "Luis Garcia"] == _names(client.get("/patients/", {"q": "garc"}))


def test_name_with_first_name_narrows_the_search(client: Client, nora: Any, registry: Any) -> None:
    """'Garcia, L' and 'L Garcia' find Luis only."""
    client.force_login(nora)
    assert ["Luis Garcia"] == _names(client.get("/patients/", {"q": "Garcia, L"}))
    assert ["Luis Garcia"] == _names(client.get("/patients/", {"q": "L Garcia"}))


def test_search_by_mrn_and_by_date_of_birth(client: Client, nora: Any, registry: Any) -> None:
    """An MRN finds its patient; a date finds everyone born that day."""
    client.force_login(nora)
    assert ["Mei Chen"] == _names(client.get("/patients/", {"q": "nc0000102"}))
    assert ["Ana Garcia"] == _names(client.get("/patients/", {"q": "1961-04-02"}))
    assert ["Ana Garcia"] == _names(client.get("/patients/", {"q": "04/02/1961"}))


def test_no_match_says_how_the_query_was_read(client: Client, nora: Any, registry: Any) -> None:
    """An empty result explains what was searched for."""
    client.force_login(nora)
    page = client.get("/patients/", {"q": "1999-01-01"}).content.decode()
    assert "No patient matches date of birth 1999-01-01" in page


def test_list_pages_through_patients_with_a_fixed_number_of_queries(
    client: Client, nora: Any, db: Any
) -> None:
    """Page 2 of 60 patients shows 25 more, and the query count does not grow with the rows."""
    Patient.objects.bulk_create(
        Patient(
            mrn=f"NC{i:07d}",
            first_name="P",
            last_name=f"Name{i:03d}",
            search_name=f"name{i:03d} p",
            date_of_birth=date(1960, 1, 1),
            sex="male",
        )
        for i in range(60)
    )
    client.force_login(nora)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/patients/", {"page": 2})
    assert 25 == len(response.context["patients"])
    assert "Name025" == response.context["patients"][0].last_name
    assert response.context["has_next"]
    # session, user, the page of patients, the audit INSERT, the session save
    assert len(queries) <= 8


def test_a_bad_page_number_is_refused_naming_the_field(client: Client, nora: Any, db: Any) -> None:
    """page=0 answers 400 and says which field is wrong."""
    client.force_login(nora)
    response = client.get("/patients/", {"page": "0"})
    assert 400 == response.status_code
    assert "Page number: Ensure this value is greater than or equal to 1." in (
        response.content.decode())


def test_a_too_long_search_names_the_search_field_not_its_code(client: Any, nora: Any) -> None:
    client.force_login(nora)
    response = client.get("/patients/", {"q": "x" * 101})
    page = response.content.decode()
    assert "Search: Ensure this value has at most 100 characters" in page
    assert "<li>q:" not in page
