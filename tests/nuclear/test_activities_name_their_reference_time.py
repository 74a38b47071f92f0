"""A radioactive activity means nothing without the moment it holds at: the generator page
names the day it shows (never "today" for another day), and the PRRT course says when each
dose activity applies (at administration, at the planned time, when measured)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.test import Client

from tests.nuclear.conftest import LA, give_cycle


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def test_the_generator_page_for_another_day_names_that_day(
        department: Any, theo: Any, client: Client, time_machine: Any) -> None:
    """On Thursday 26 November, the page for 3 December gives that day's Ge-68 and capacity;
    the page without a day is today's and says so."""
    time_machine.move_to(datetime(2026, 11, 26, 10, tzinfo=LA))
    client.force_login(theo)
    other = _text(client.get("/nuclear/generator/?day=2026-12-03").content.decode())
    assert re.search(r"On Thu 2026-12-03 the generator is 31 days old and holds \d+ MBq of "
                     r"Ge-68 \(1\.85 GBq at calibration on 2026-11-02\)\.", other)
    assert re.search(r"150 MBq per patient at injection: about \d+ Ga-68 patients that day\.",
                     other)
    assert "today" not in other.split("Elution timeline", 1)[1].split("Elutions (model", 1)[0]
    today = _text(client.get("/nuclear/generator/").content.decode())
    assert "Today, Thu 2026-11-26, the generator is 24 days old" in today
    assert "Ga-68 patients today." in today


def test_each_dose_activity_on_the_course_names_its_moment(
        course: Any, theo: Any, nina: Any, client: Client) -> None:
    give_cycle(course.cycles.get(), staff=theo, physician=nina,
               when=datetime(2026, 12, 2, 8, 0, tzinfo=LA),
               calibration_at=datetime(2026, 12, 1, 8, tzinfo=LA))
    client.force_login(theo)
    page = _text(client.get(f"/nuclear/patients/{course.patient_id}/prrt/").content.decode())
    assert ("Label table suggests: give the full dose 7.4 GBq (200 mCi) at administration"
            in page)
    assert "Dose decision: give the full dose 7.4 GBq (200 mCi) at administration" in page
    assert ("Prescribed: 7.4 GBq (200 mCi) at the planned time, 2026-12-02 08:00 PST. "
            "Tolerance ±10 %: 6.66–8.14 GBq then") in page
    assert "Given: 7.39 GBq measured at 2026-12-02 08:00 PST;" in page
