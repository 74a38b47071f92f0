"""Stopping a PRRT course is a physician's clinical decision (nuclear medicine or medical
oncology): the technologist who records doses and logistics does not get the form, and a POST
from them answers 404 with nothing written."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.nuclear.models import CourseStatus
from tests.conftest import PASSWORD, _make_user

STOP = "Discontinue the course"


def _page(course: Any) -> str:
    return f"/nuclear/patients/{course.patient.pk}/prrt/"


def _stops_recorded() -> int:
    return AuditEntry.objects.filter(action="netcare.prrt.course_stopped").count()


def test_a_technologist_sees_no_stop_button_and_cannot_stop_the_course(
        course: Any, theo: Any, client: Client) -> None:
    """Theo still runs the cycle from the page, but the stop form is not there; posting it
    anyway answers 404, the course and its cycle stay as they were and nothing is audited."""
    client.login(username="theo", password=PASSWORD)
    page = client.get(_page(course)).content.decode()
    assert "Cycle 1 of 4" in page
    assert STOP not in page
    response = client.post(_page(course), {"intent": "stop",
                                           "stop-reason": "patient moved away"})
    assert 404 == response.status_code
    course.refresh_from_db()
    assert (CourseStatus.ACTIVE, "") == (course.status, course.stop_reason)
    assert ["planned"] == [c.status for c in course.cycles.all()]
    assert 0 == _stops_recorded()


def test_a_nuclear_medicine_physician_stops_the_course_with_a_reason(
        course: Any, nina: Any, client: Client) -> None:
    """Nina gets the button; stopping discontinues the course and its open cycle, shows the
    reason and writes the audit entry."""
    client.login(username="nina", password=PASSWORD)
    assert STOP in client.get(_page(course)).content.decode()
    response = client.post(_page(course), {"intent": "stop",
                                           "stop-reason": "progression on restaging"},
                           follow=True)
    assert 200 == response.status_code
    body = response.content.decode()
    assert "PRRT course discontinued." in body
    assert "Course stopped: progression on restaging" in body
    course.refresh_from_db()
    assert CourseStatus.DISCONTINUED == course.status
    assert ["discontinued"] == [c.status for c in course.cycles.all()]
    assert 1 == _stops_recorded()


def test_a_medical_oncologist_may_stop_the_course_too(course: Any, client: Client) -> None:
    """The oncologist who prescribes alongside nuclear medicine may stop it (and runs no
    cycle step: no form to start one either)."""
    _make_user("olga", "physician", "medical_oncology")
    client.login(username="olga", password=PASSWORD)
    assert STOP in client.get(_page(course)).content.decode()
    response = client.post(_page(course), {"intent": "stop",
                                           "stop-reason": "grade 4 thrombocytopenia"})
    assert 302 == response.status_code
    course.refresh_from_db()
    assert (CourseStatus.DISCONTINUED, "grade 4 thrombocytopenia") == (
        course.status, course.stop_reason)


def test_a_medical_oncologist_still_may_not_run_the_cycle(course: Any,
                                                           client: Client) -> None:
    """Stopping is all the oncologist may do here: posting imaging answers 404."""
    _make_user("olga", "physician", "medical_oncology")
    client.login(username="olga", password=PASSWORD)
    response = client.post(_page(course), {"intent": "imaging", "img-kind": "restaging_ct_mri",
                                           "img-ordered_on": "2026-12-03"})
    assert 404 == response.status_code
    assert 0 == course.imaging.count()


def test_a_surgeon_sees_no_stop_button_and_cannot_stop_the_course(
        course: Any, sam: Any, client: Client) -> None:
    """A physician of another discipline reads the course but may not stop it: 404."""
    client.login(username="sam", password=PASSWORD)
    page = client.get(_page(course))
    assert 200 == page.status_code and STOP not in page.content.decode()
    assert 404 == client.post(_page(course), {"intent": "stop",
                                              "stop-reason": "surgery planned"}).status_code
    course.refresh_from_db()
    assert CourseStatus.ACTIVE == course.status
    assert 0 == _stops_recorded()
