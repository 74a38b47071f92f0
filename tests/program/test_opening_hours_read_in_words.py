"""The program's opening hours read in words on the pages (footer, home, the patient's
appointment request), never in the setting's syntax ("mon-fri 09:00-17:00")."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.test import Client

from netcare.program.actions import update_program_settings
from netcare.program.settings_store import hours_in_words
from tests.conftest import PASSWORD
from tests.program.sources_page import text

WEEKDAYS = "Monday to Friday, 09:00–17:00; closed Saturday and Sunday"


def test_the_footer_and_home_page_say_the_weekday_hours_and_the_closed_days(
    client: Client, db: Any
) -> None:
    """With the default "mon-fri 09:00-17:00", a visitor reads the days and the closed days."""
    page = text(client.get("/").content.decode())
    assert f"Open {WEEKDAYS}" in page  # footer
    assert f"({WEEKDAYS}) to learn more" in page  # home page
    assert "mon-fri" not in page


def test_a_patient_requesting_a_visit_reads_the_hours_in_words(
    client: Client, pat_record: Any
) -> None:
    """The appointment request page says when the program is open in words."""
    client.login(username="pat", password=PASSWORD)
    page = text(client.get("/portal/appointments/request/").content.decode())
    assert f"We are open {WEEKDAYS}." in page
    assert "mon-fri" not in page


def test_hours_an_administrator_sets_read_in_words_on_the_next_page(
    client: Client, ada: Any
) -> None:
    """After "mon-fri 08:30-16:00; sat 09:00-12:00" the footer names Saturday's hours and
    Sunday as closed."""
    update_program_settings({"opening_hours": "mon-fri 08:30-16:00; sat 09:00-12:00"}, by=ada)
    page = text(client.get("/").content.decode())
    assert ("Open Monday to Friday, 08:30–16:00; Saturday, 09:00–12:00; closed Sunday"
            in page)


def test_days_with_the_same_hours_are_named_together_in_week_order() -> None:
    """Separate days join with "and", runs of three or more read "to", each set of hours is
    named once, and a week open every day says so."""
    nine_to_five = (time(9), time(17))
    assert ("Monday, Wednesday and Friday, 09:00–17:00; Thursday, 10:00–14:00; "
            "Sunday, 10:00–12:00; closed Tuesday and Saturday") == hours_in_words({
                0: nine_to_five, 2: nine_to_five, 3: (time(10), time(14)), 4: nine_to_five,
                6: (time(10), time(12))})
    assert ("Monday to Wednesday and Friday, 09:00–17:00; closed Thursday, Saturday and "
            "Sunday") == hours_in_words({day: nine_to_five for day in (0, 1, 2, 4)})
    assert "every day, 07:30–19:00" == hours_in_words(
        {day: (time(7, 30), time(19)) for day in range(7)})
    assert "Saturday and Sunday, 10:00–12:00; closed Monday to Friday" == hours_in_words(
        {5: (time(10), time(12)), 6: (time(10), time(12))})
