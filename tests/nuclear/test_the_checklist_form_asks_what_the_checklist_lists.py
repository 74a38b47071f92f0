"""The checklist form asks exactly the items the cycle's checklist lists, in its words: no
pregnancy test for a course without one (a man's, or a woman's the physician left it off),
one where the course has it — and ticking what the form asks completes the checklist."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.models import CycleStatus
from tests.nuclear.conftest import ELIGIBLE, GOOD_LABS, LA, decide

TICKED = ["Somatostatin analog washout: long-acting ≥ 4 weeks, short-acting ≥ 24 h before",
          "Consent signed", "Amino acid infusion ready (4 h from 30 min before)",
          "Anti-emetic premedication"]


def _labels(page: str) -> list[str]:
    return [re.sub(r"\s*<span.*", "", label) for label in
            re.findall(r'<label for="id_[a-z_]+">([^<]*)', page)]


def _ready_for_the_checklist(course: Any, theo: Any, nina: Any) -> Any:
    cycle = course.cycles.get()
    actions.record_labs(cycle, dict(GOOD_LABS), labs_on=date(2026, 11, 24),
                        today=date(2026, 11, 25), by=theo)
    return decide(cycle, nina)


def test_a_man_is_not_asked_for_a_pregnancy_test(other_record: Any, theo: Any, nina: Any,
                                                 client: Client) -> None:
    """Omar's checklist has no pregnancy test, and neither has the form; ticking the four it
    asks makes the checklist complete."""
    from datetime import datetime

    course = actions.start_course(other_record, dict(ELIGIBLE),
                                  first_window_start=date(2026, 12, 1),
                                  last_long_acting_ssa=datetime(2026, 10, 20, 9, tzinfo=LA),
                                  by=theo)
    cycle = _ready_for_the_checklist(course, theo, nina)
    client.force_login(theo)
    url = f"/nuclear/cycles/{cycle.pk}/checklist/"
    page = client.get(url).content.decode()
    assert TICKED == _labels(page)
    assert "Pregnancy test" not in page
    assert "earliest 2026-11-17 " in page  # the washout item's detail, as on the course
    response = client.post(url, {"ssa_washout_confirmed": "on", "consent_signed": "on",
                                 "amino_acids_ready": "on", "antiemetics_given": "on"})
    assert 302 == response.status_code
    cycle.refresh_from_db()
    assert (CycleStatus.READY, []) == (cycle.status, actions.open_checklist_items(cycle))


def test_a_course_with_a_pregnancy_test_asks_for_it_where_the_checklist_lists_it(
        pat_record: Any, theo: Any, nina: Any, client: Client) -> None:
    course = actions.start_course(pat_record, dict(ELIGIBLE),
                                  first_window_start=date(2026, 12, 1),
                                  pregnancy_test_applies=True, by=theo)
    cycle = _ready_for_the_checklist(course, theo, nina)
    client.force_login(theo)
    labels = _labels(client.get(f"/nuclear/cycles/{cycle.pk}/checklist/").content.decode())
    assert [TICKED[0], "Pregnancy test negative", *TICKED[1:]] == labels
    assert labels == [i["label"] for i in actions.checklist_state(cycle)
                      if i["key"] in actions.CHECKLIST_FIELDS]


def test_the_action_refuses_a_pregnancy_test_the_course_has_not(course: Any,
                                                                theo: Any) -> None:
    """Over the API or anywhere else: refused naming the field, nothing stored."""
    cycle = course.cycles.get()
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.record_checklist(cycle, {"pregnancy_test_negative": True,
                                         "consent_signed": True}, by=theo)
    assert "pregnancy_test_negative" == caught.value.field
    cycle.refresh_from_db()
    assert (False, False) == (cycle.pregnancy_test_negative, cycle.consent_signed)
