"""Program administrators change the program's settings in the admin; nobody else can."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from netcare.scheduling.actions import request_appointment
from netcare.scheduling.models import ClinicianAvailability
from tests.program.conftest import admin_form, change_url

LA = ZoneInfo("America/Los_Angeles")


def _local(day: int, hour: int) -> datetime:
    """Wall time in Los Angeles, March 2026 (2 March is a Monday, 7 March a Saturday)."""
    return datetime(2026, 3, day, hour, tzinfo=LA)


@pytest.fixture
def sam_all_week(sam: Any) -> Any:
    """The surgeon is available every day 07:00–20:00, so opening hours decide."""
    ClinicianAvailability.objects.bulk_create([
        ClinicianAvailability(clinician=sam, weekday=d, starts=time(7), ends=time(20))
        for d in range(7)
    ])
    return sam


def test_new_opening_hours_decide_which_bookings_are_accepted(
    client: Client, ada: Any, nora: Any, sam_all_week: Any, pat_record: Any, settings: Any
) -> None:
    """After the administrator sets 'mon-fri 10:00-14:00; sat 09:00-12:00', a Monday 09:00
    visit is refused and Monday 10:00 and Saturday 10:00 (closed before) are accepted."""
    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    client.force_login(ada)
    with time_machine.travel(datetime(2026, 2, 27, 12, tzinfo=LA), tick=False):
        response = client.post(change_url(), admin_form(
            opening_hours="mon-fri 10:00-14:00; sat 09:00-12:00",
            time_zone="America/Los_Angeles"))
        assert 302 == response.status_code

        def book(start: datetime) -> Any:
            return request_appointment(pat_record, clinician=sam_all_week, kind="follow_up",
                                       starts_at=start, by=nora)

        with pytest.raises(ValidationError) as refused:
            book(_local(2, 9))
        assert "outside opening hours (10:00–14:00" in str(refused.value.message_dict["starts_at"])
        assert _local(2, 10) == book(_local(2, 10)).starts_at
        assert _local(7, 10) == book(_local(7, 10)).starts_at


def test_unreadable_opening_hours_are_refused_naming_the_field_and_keeping_the_text(
    client: Client, ada: Any
) -> None:
    """'weekdays 9 to 5' is refused next to the opening-hours field; the typed text stays in
    the form and nothing is saved."""
    from netcare.program.models import ProgramSettings

    client.force_login(ada)
    response = client.post(change_url(), admin_form(opening_hours="weekdays 9 to 5"))
    assert 200 == response.status_code
    errors = response.context["adminform"].form.errors
    assert ["opening_hours"] == list(errors)
    assert "opening hours: cannot read 'weekdays 9 to 5'" in errors["opening_hours"][0]
    assert 'value="weekdays 9 to 5"' in response.content.decode()
    assert not ProgramSettings.objects.exists()


def test_an_unknown_time_zone_is_refused_naming_the_field(client: Client, ada: Any) -> None:
    """'Mars/Olympus_Mons' is not an IANA zone: refused on the time-zone field."""
    client.force_login(ada)
    response = client.post(change_url(), admin_form(time_zone="Mars/Olympus_Mons"))
    assert 200 == response.status_code
    assert ["time_zone"] == list(response.context["adminform"].form.errors)


def test_the_admin_shows_the_environment_values_before_any_change(
    client: Client, ada: Any, settings: Any
) -> None:
    """With no row, the settings page opens with the environment's values; the list page goes
    straight to it."""
    settings.PROGRAM_NAME = "Lakeside NET Clinic"
    client.force_login(ada)
    assert change_url() == client.get("/admin/program/programsettings/").url
    page = client.get(change_url())
    assert 200 == page.status_code
    assert 'value="Lakeside NET Clinic"' in page.content.decode()


def test_only_program_administrators_open_the_settings_admin(
    client: Client, nora: Any, sam: Any
) -> None:
    """A navigator who is not staff is sent to the admin sign-in; so is a staff superuser
    without the administrator role, who cannot save either."""
    client.force_login(nora)
    response = client.get(change_url())
    assert 302 == response.status_code
    assert "/admin/login/" in response.url
    sam.is_staff = True
    sam.is_superuser = True
    sam.save()
    client.force_login(sam)
    for response in (client.get(change_url()), client.get("/admin/program/programsettings/"),
                     client.post(change_url(), admin_form(name="Taken over"))):
        assert 302 == response.status_code
        assert "/admin/login/" in response.url
