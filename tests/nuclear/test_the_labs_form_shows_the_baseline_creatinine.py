"""The creatinine a technologist enters before a cycle is compared with the course's baseline
(a rise of 40 % or more withholds, REFERENCE §5): the labs form asks it in the baseline's unit
and shows the baseline value, unit and date beside it; the course is started with that unit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.models import PrrtCourse
from tests.nuclear.conftest import ELIGIBLE


def test_the_creatinine_field_names_the_unit_and_shows_the_baseline(
        course: Any, theo: Any, client: Client) -> None:
    """Baseline 1.0 mg/dL measured 2026-11-20."""
    client.force_login(theo)
    page = client.get(f"/nuclear/cycles/{course.cycles.get().pk}/labs/").content.decode()
    assert '<label for="id_creatinine">Creatinine (mg/dL)</label>' in page
    assert ('<div class="muted" id="id_creatinine_helptext">Baseline 1 mg/dL measured '
            "2026-11-20. Enter today&#x27;s in mg/dL.</div>") in page


def test_a_course_without_a_baseline_says_the_rise_cannot_be_judged(
        pat_record: Any, theo: Any, client: Client) -> None:
    course = actions.start_course(pat_record, dict(ELIGIBLE),
                                  first_window_start=date(2026, 12, 1), by=theo)
    client.force_login(theo)
    page = client.get(f"/nuclear/cycles/{course.cycles.get().pk}/labs/").content.decode()
    assert "No baseline creatinine was recorded when the course started" in page


def test_a_baseline_without_its_unit_is_refused_on_the_unit_and_keeps_the_input(
        pat_record: Any, nina: Any, client: Client) -> None:
    client.force_login(nina)
    response = client.post(f"/nuclear/patients/{pat_record.pk}/prrt/", {
        "intent": "start", "age_years": "64", "gep_net": "true", "sstr_positive": "true",
        "differentiation": "well", "baseline_creatinine": "88",
        "baseline_creatinine_on": "2026-11-20", "first_window_start": "2026-12-01"})
    assert 400 == response.status_code
    page = response.content.decode()
    assert "<li>Baseline creatinine unit: choose mg/dL or µmol/L.</li>" in page
    assert 'value="88"' in page and 'value="2026-11-20"' in page
    assert not PrrtCourse.objects.exists()
    response = client.post(f"/nuclear/patients/{pat_record.pk}/prrt/", {
        "intent": "start", "age_years": "64", "gep_net": "true", "sstr_positive": "true",
        "differentiation": "well", "baseline_creatinine": "88",
        "baseline_creatinine_unit": "µmol/L", "baseline_creatinine_on": "2026-11-20",
        "first_window_start": "2026-12-01"})
    assert 302 == response.status_code
    course = PrrtCourse.objects.get()
    assert (88.0, "µmol/L", date(2026, 11, 20)) == (
        course.baseline_creatinine, course.baseline_creatinine_unit,
        course.baseline_creatinine_on)


def test_the_action_refuses_a_baseline_without_its_unit(pat_record: Any, theo: Any) -> None:
    """The API and the page refuse alike: the field is named."""
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.start_course(pat_record, dict(ELIGIBLE), first_window_start=date(2026, 12, 1),
                             baseline_creatinine=1.0, by=theo)
    assert "baseline_creatinine_unit" == caught.value.field
