"""One accessor for the program's settings: the row when there is one, else the environment;
changes are audited and show on the next request in every process."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from netcare.audit import codes
from netcare.audit.models import AuditEntry
from netcare.program import settings_store
from netcare.program.actions import update_program_settings
from netcare.program.models import ProgramSettings
from tests.program.conftest import admin_form, change_url


def test_the_environment_gives_the_settings_when_no_row_exists(db: Any, settings: Any) -> None:
    """No row: name, phones, hours and zone are the environment's (read at call time)."""
    settings.PROGRAM_NAME = "Lakeside NET Clinic"
    settings.PROGRAM_PHONE = "555-0199"
    settings.PROGRAM_TIME_ZONE = "Europe/Paris"
    settings.PROGRAM_OPENING_HOURS = {0: (time(8), time(12))}
    program = settings_store.current()
    assert not ProgramSettings.objects.exists()
    assert ("Lakeside NET Clinic", "555-0199", "Europe/Paris") == (
        program.name, program.phone, program.time_zone)
    assert {0: (time(8), time(12))} == dict(program.opening_hours)
    assert "Europe/Paris" == program.zone.key


def test_the_value_is_immutable(db: Any) -> None:
    """Nobody changes the settings by assigning to the value; only the action changes them."""
    program = settings_store.current()
    with pytest.raises(AttributeError):
        program.name = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        program.opening_hours[6] = (time(9), time(10))  # type: ignore[index]


def test_a_change_is_audited_with_old_and_new_values(ada: Any, settings: Any) -> None:
    """The audit entry names each changed field with its old and new value; unchanged fields
    are left out."""
    settings.PROGRAM_PHONE = "555-0100"
    update_program_settings({"phone": "555-0142", "name": settings.PROGRAM_NAME}, by=ada)
    entry = AuditEntry.objects.get(action=codes.PROGRAM_SETTINGS_CHANGED)
    assert {"phone": {"old": "555-0100", "new": "555-0142"}} == entry.detail["changes"]
    assert "ada" == entry.username
    assert "555-0142" == settings_store.current().phone
    update_program_settings({"phone": "555-0177"}, by=ada)
    last = AuditEntry.objects.filter(action=codes.PROGRAM_SETTINGS_CHANGED).latest("id")
    assert {"phone": {"old": "555-0142", "new": "555-0177"}} == last.detail["changes"]
    assert 2 == ProgramSettings.objects.get().version


def test_the_action_refuses_non_administrators_and_bad_values(nora: Any, ada: Any) -> None:
    """A navigator may not change settings; a bad value is refused naming the field and
    nothing is written."""
    with pytest.raises(PermissionDenied):
        update_program_settings({"name": "Mine"}, by=nora)
    with pytest.raises(ValidationError) as bad:
        update_program_settings({"opening_hours": "fri-mon 09:00-17:00"}, by=ada)
    assert ["opening_hours"] == list(bad.value.message_dict)
    assert not ProgramSettings.objects.exists()
    assert not AuditEntry.objects.filter(action=codes.PROGRAM_SETTINGS_CHANGED).exists()


def test_the_footer_and_home_page_show_the_new_name_phone_and_about_line(
    client: Client, ada: Any
) -> None:
    """After the administrator saves, every page's footer shows the new name and phones and
    the home page the about line."""
    client.force_login(ada)
    client.post(change_url(), admin_form(
        name="Lakeside NET Clinic", phone="555-0142", appointments_phone="555-0143",
        about="Care for neuroendocrine tumors, close to home."))
    client.logout()
    page = client.get("/").content.decode()
    assert "Lakeside NET Clinic · Phone 555-0142 · Appointments 555-0143" in page
    assert "Care for neuroendocrine tumors, close to home." in page


def test_a_change_made_by_another_process_shows_on_the_next_request(
    client: Client, ada: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    django_assert_num_queries: Any,
) -> None:
    """Another worker writes the row and replaces the stamp file: this process keeps answering
    from memory (no query) until the stamp changes, then reads the row once."""
    stamp = tmp_path / "program-settings.stamp"
    monkeypatch.setattr(settings_store, "stamp_path", lambda: stamp)
    update_program_settings({"name": "Before"}, by=ada)
    settings_store._touch_stamp()  # (the test's transaction never commits)
    assert "Before" == settings_store.for_request().name
    with django_assert_num_queries(0):
        assert "Before" == settings_store.for_request().name
    # "Another process": a write this process's signals do not see, then its stamp.
    ProgramSettings.objects.filter(pk=1).update(name="After", version=2)
    assert "Before" == settings_store.for_request().name
    settings_store._touch_stamp()
    with django_assert_num_queries(1):
        assert "After" == settings_store.for_request().name
    assert "After" in client.get("/").content.decode()
