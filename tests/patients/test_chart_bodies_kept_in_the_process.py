"""With a shared cache, each server process keeps the chart bodies it served lately in front
of it (`chart_cache.ProcessBodies`, `settings.CHART_BODY_MEMORY`): a change to the record still
shows on the next view, and the process holds no more than its budget."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from netcare.patients.chart_cache import PROCESS_BODIES, ProcessBodies
from netcare.patients.models import Patient, TimelineEntry

pytestmark = pytest.mark.django_db


def _patient(mrn: str) -> Patient:
    return Patient.objects.create(mrn=mrn, first_name="Ida", last_name="Kept",
                                  date_of_birth=date(1958, 4, 5), sex="female")


def _entry(patient: Patient, title: str) -> None:
    TimelineEntry.objects.create(patient=patient, kind="lab", title=title,
                                 occurred_at=datetime(2026, 3, 1, 17, 0, tzinfo=UTC))


@override_settings(CHART_BODY_MEMORY=1024 * 1024)
def test_a_kept_body_answers_even_when_the_shared_cache_has_lost_it(nora: Any) -> None:
    patient = _patient("NC0008801")
    _entry(patient, "CgA 95 ng/mL")
    client = Client()
    client.force_login(nora)
    client.get(f"/patients/{patient.pk}/")
    assert len(PROCESS_BODIES) == 1
    cache.clear()  # sessions go too: sign in again
    client.force_login(nora)
    page = client.get(f"/patients/{patient.pk}/").content.decode()
    assert "CgA 95 ng/mL" in page


@override_settings(CHART_BODY_MEMORY=1024 * 1024)
def test_a_change_to_the_record_shows_on_the_next_view_despite_the_kept_body(
        nora: Any) -> None:
    patient = _patient("NC0008802")
    _entry(patient, "CgA 95 ng/mL")
    client = Client()
    client.force_login(nora)
    assert "Ki-67 2 %" not in client.get(f"/patients/{patient.pk}/").content.decode()
    _entry(patient, "Ki-67 2 %")
    page = client.get(f"/patients/{patient.pk}/").content.decode()
    assert "Ki-67 2 %" in page
    assert "CgA 95 ng/mL" in page


@override_settings(CHART_BODY_MEMORY=0)
def test_without_a_budget_the_process_keeps_nothing(nora: Any) -> None:
    patient = _patient("NC0008803")
    client = Client()
    client.force_login(nora)
    client.get(f"/patients/{patient.pk}/")
    assert len(PROCESS_BODIES) == 0


def test_the_least_recently_used_bodies_go_first_within_the_budget() -> None:
    bodies = ProcessBodies()
    for name in "abcd":
        bodies.put(name, name.encode() * 100, budget=300)
    assert bodies.bytes_held == 300
    assert bodies.get("a") is None  # the oldest went
    assert bodies.get("b") == b"b" * 100  # used now: no longer the oldest
    bodies.put("e", b"e" * 100, budget=300)
    assert bodies.get("c") is None
    assert bodies.get("b") == b"b" * 100
    assert bodies.get("d") == b"d" * 100


def test_a_body_larger_than_the_budget_is_not_kept_and_evicts_nothing() -> None:
    bodies = ProcessBodies()
    bodies.put("small", b"s" * 10, budget=100)
    bodies.put("huge", b"h" * 101, budget=100)
    assert bodies.get("huge") is None
    assert bodies.get("small") == b"s" * 10
    assert bodies.bytes_held == 10


def test_keeping_a_body_again_under_its_key_counts_its_bytes_once() -> None:
    bodies = ProcessBodies()
    bodies.put("a", b"x" * 40, budget=100)
    bodies.put("a", b"y" * 60, budget=100)
    assert bodies.bytes_held == 60
    assert bodies.get("a") == b"y" * 60
