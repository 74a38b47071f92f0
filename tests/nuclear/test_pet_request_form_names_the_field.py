"""The PET request and generator pages refuse out-of-range values by the field, in words: never
a database constraint's name. The page answers 400, keeps what was typed and writes nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.nuclear.models import Department, PetRequest
from tests.conftest import PASSWORD

GOOD = {"weight_kg": "70", "earliest_day": "2026-12-07", "latest_day": "2026-12-11",
        "tracer_ok": "either", "preferred_time": "any", "priority": "2"}
CONSTRAINTS = ("pet_priority_1_to_5", "pet_weight_2_to_350", "pet_window_ordered",
               "department_fractions_0_1", "Constraint")


def _request_pet(client: Client, patient: Any, **changed: str) -> tuple[int, str]:
    client.login(username="theo", password=PASSWORD)
    response = client.post(f"/nuclear/patients/{patient.pk}/pet/", {**GOOD, **changed})
    return response.status_code, response.content.decode()


def test_a_weight_of_400_kg_is_refused_naming_body_weight(
        pat_record: Any, theo: Any, client: Client) -> None:
    """400, the message names the field, the typed 400 stays in the input, nothing saved."""
    status, body = _request_pet(client, pat_record, weight_kg="400")
    assert 400 == status
    assert "Body weight (kg) must be between 2 and 350." in body
    assert 'value="400"' in body
    assert not any(name in body for name in CONSTRAINTS)
    assert 0 == PetRequest.objects.count()


def test_a_priority_of_9_is_refused_naming_priority(
        pat_record: Any, theo: Any, client: Client) -> None:
    status, body = _request_pet(client, pat_record, priority="9")
    assert 400 == status
    assert "Priority (1 routine - 5 urgent) must be between 1 and 5." in body
    assert 'value="9"' in body
    assert not any(name in body for name in CONSTRAINTS)
    assert 0 == PetRequest.objects.count()


def test_a_latest_day_before_the_earliest_is_refused_naming_latest_day(
        pat_record: Any, theo: Any, client: Client) -> None:
    status, body = _request_pet(client, pat_record, earliest_day="2026-12-11",
                                latest_day="2026-12-07")
    assert 400 == status
    assert "Latest day must be on or after the earliest day." in body
    assert 'value="2026-12-07"' in body and 'value="2026-12-11"' in body
    assert not any(name in body for name in CONSTRAINTS)
    assert 0 == PetRequest.objects.count()


def test_the_weight_and_priority_inputs_carry_their_limits(
        pat_record: Any, theo: Any, client: Client) -> None:
    """The browser can refuse them before sending: min and max are on the inputs."""
    client.login(username="theo", password=PASSWORD)
    body = client.get(f"/nuclear/patients/{pat_record.pk}/pet/").content.decode()
    assert 'name="weight_kg" min="2" max="350"' in body
    assert 'name="priority" value="1" min="1" max="5"' in body


def test_a_good_request_is_still_saved(pat_record: Any, theo: Any, client: Client) -> None:
    status, _ = _request_pet(client, pat_record)
    assert 302 == status
    assert [(70.0, 2)] == [(r.weight_kg, r.priority) for r in PetRequest.objects.all()]


def test_an_elution_efficiency_of_75_is_refused_naming_the_field(
        department: Any, theo: Any, client: Client) -> None:
    """75 typed for 75%: 400, named in words, the typed 75 kept, the department unchanged."""
    client.login(username="theo", password=PASSWORD)
    page = client.get("/nuclear/generator/")
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update({"generator_calibration_date": "2026-11-02", "opens": "08:00",
                 "closes": "17:00", "cu64_delivery_time": "09:00",
                 "generator_installed": "on", "elution_efficiency": "75"})
    response = client.post("/nuclear/generator/", data)
    body = response.content.decode()
    assert 400 == response.status_code
    assert "Elution efficiency must be between 0.01 and 1." in body
    assert 'value="75"' in body
    assert not any(name in body for name in CONSTRAINTS)
    assert 0.75 == Department.objects.get(pk=department.pk).elution_efficiency
    assert not AuditEntry.objects.filter(action="netcare.nuclear.department_updated").exists()


def test_a_synthesis_yield_of_zero_is_refused_naming_the_field(
        department: Any, theo: Any, client: Client) -> None:
    client.login(username="theo", password=PASSWORD)
    form = client.get("/nuclear/generator/").context["form"]
    data = {k: ("" if v is None else v) for k, v in
            ((name, form[name].value()) for name in form.fields)}
    data.update({"generator_calibration_date": "2026-11-02", "opens": "08:00",
                 "closes": "17:00", "cu64_delivery_time": "09:00",
                 "generator_installed": "on", "synthesis_yield": "0"})
    response = client.post("/nuclear/generator/", data)
    body = response.content.decode()
    assert 400 == response.status_code
    assert "Synthesis yield must be between 0.01 and 1." in body
    assert 0.70 == Department.objects.get(pk=department.pk).synthesis_yield
