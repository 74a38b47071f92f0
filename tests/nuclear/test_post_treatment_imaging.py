"""Post-treatment imaging on the course page: a SPECT/CT after a given cycle and the
end-of-course restaging are ordered, recorded as done, and appear on the timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.models import PostImaging
from netcare.patients.models import TimelineEntry
from tests.conftest import PASSWORD
from tests.nuclear.conftest import LA, give_cycle


@pytest.fixture
def given(course: Any, theo: Any, nina: Any) -> Any:
    """Cycle 1 given on 2 December 2026."""
    give_cycle(course.cycles.get(), staff=theo, physician=nina,
               when=datetime(2026, 12, 2, 8, tzinfo=LA),
               calibration_at=datetime(2026, 12, 1, 8, tzinfo=LA))
    return course


def test_a_spect_after_a_given_cycle_is_ordered_then_done_on_the_timeline(
        given: Any, theo: Any, time_machine: Any) -> None:
    """Ordered: a timeline entry; done: a second entry with the finding; the cycle knows."""
    time_machine.move_to(datetime(2026, 12, 4, 12, tzinfo=LA))
    item = actions.order_post_imaging(given, kind="spect_ct", cycle_number=1,
                                      ordered_on=date(2026, 12, 2), by=theo)
    actions.record_post_imaging_result(item, performed_on=date(2026, 12, 3),
                                       finding="Uptake in known liver lesions only.", by=theo)
    titles = list(TimelineEntry.objects.filter(patient=given.patient,
                                               source_type="nuclear.PostImaging")
                  .order_by("id").values_list("title", flat=True))
    assert ["Post-treatment SPECT/CT (after cycle 1) ordered",
            "Post-treatment SPECT/CT (after cycle 1) done"] == titles
    assert date(2026, 12, 3) == given.cycles.get(number=1).post_imaging_done_on


def test_imaging_after_a_cycle_not_yet_given_is_refused_naming_the_cycle(
        course: Any, theo: Any) -> None:
    """Cycle 1 is only planned: the field named is cycle_number; nothing is written."""
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.order_post_imaging(course, kind="spect_ct", cycle_number=1,
                                   ordered_on=date(2026, 11, 25), by=theo)
    assert "cycle_number" == caught.value.field
    assert 0 == PostImaging.objects.count()


def test_the_course_page_orders_restaging_and_shows_it(given: Any, theo: Any,
                                                       client: Client) -> None:
    """The form on the course page orders the end-of-course restaging PET; it is listed."""
    client.login(username="theo", password=PASSWORD)
    url = f"/nuclear/patients/{given.patient.pk}/prrt/"
    response = client.post(url, {"intent": "imaging", "img-kind": "restaging_pet",
                                 "img-ordered_on": "2026-11-25"}, follow=True)
    body = response.content.decode()
    assert "Post-treatment imaging saved." in body
    assert "Restaging SSTR PET/CT" in body and "end of course" in body


def test_a_bad_imaging_form_answers_400_and_keeps_the_input(given: Any, theo: Any,
                                                            client: Client) -> None:
    """A SPECT/CT without its cycle: 400, the error names the field, the date is kept."""
    client.login(username="theo", password=PASSWORD)
    response = client.post(f"/nuclear/patients/{given.patient.pk}/prrt/", {
        "intent": "imaging", "img-kind": "spect_ct", "img-ordered_on": "2026-11-25"})
    body = response.content.decode()
    assert 400 == response.status_code
    assert "name the cycle" in body
    assert 'value="2026-11-25"' in body
