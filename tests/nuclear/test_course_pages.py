"""The PRRT course page and cycle steps: who may see and do what, errors keep the input,
and the printable radiation-safety page."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.nuclear.models import PrrtCourse
from tests.conftest import PASSWORD


def test_a_nuclear_medicine_physician_starts_a_course_from_the_page(
        pat_record: Any, nina: Any, client: Client) -> None:
    """Posting the eligibility form starts the course and shows the criteria."""
    client.login(username="nina", password=PASSWORD)
    response = client.post(f"/nuclear/patients/{pat_record.pk}/prrt/", {
        "age_years": "64", "gep_net": "true", "sstr_positive": "true",
        "first_window_start": "2026-12-01"}, follow=True)
    assert 200 == response.status_code
    assert 1 == PrrtCourse.objects.filter(patient=pat_record).count()
    assert "Cycle 1 of 4" in response.content.decode()


def test_a_surgeon_may_read_but_not_start_a_course(pat_record: Any, sam: Any,
                                                   client: Client) -> None:
    """Physicians of other disciplines see the page without forms; a POST answers 404."""
    client.login(username="sam", password=PASSWORD)
    assert 200 == client.get(f"/nuclear/patients/{pat_record.pk}/prrt/").status_code
    assert 404 == client.post(f"/nuclear/patients/{pat_record.pk}/prrt/", {}).status_code


def test_a_bad_dose_order_keeps_what_was_typed(course: Any, theo: Any, client: Client) -> None:
    """Ordering before a dose decision answers 400, names the problem, keeps the calibration."""
    client.login(username="theo", password=PASSWORD)
    cycle = course.cycles.get()
    response = client.post(f"/nuclear/cycles/{cycle.pk}/order/", {
        "calibration_gbq": "7.9", "calibration_at": "2026-12-01T08:00",
        "planned_at": "2026-12-02T10:00"})
    assert 400 == response.status_code
    body = response.content.decode()
    assert "dose decision" in body
    assert 'value="7.9"' in body


def test_another_patient_cannot_open_the_safety_page(course: Any, other_record: Any,
                                                     pat: Any, client: Client) -> None:
    """A patient opens their own instructions; another patient's is 404."""
    client.login(username="pat", password=PASSWORD)
    own = client.get(f"/nuclear/patients/{course.patient.pk}/prrt/safety/")
    assert 200 == own.status_code
    assert "clinician gives your final instructions" in own.content.decode()
    assert 404 == client.get(f"/nuclear/patients/{other_record.pk}/prrt/safety/").status_code


def test_the_course_page_lists_cycles_in_few_queries(course: Any, theo: Any, client: Client,
                                                     django_assert_max_num_queries: Any) -> None:
    """Course page: a bounded number of queries."""
    client.login(username="theo", password=PASSWORD)
    with django_assert_max_num_queries(20):
        assert 200 == client.get(f"/nuclear/patients/{course.patient.pk}/prrt/").status_code
