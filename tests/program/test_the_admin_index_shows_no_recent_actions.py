"""The admin's front page lists no entries of Django's admin log: those older than the
configuration-only admin name patients changed there, and reading them writes no audit entry."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client


def test_the_admin_index_names_no_patient_from_the_admin_log(client: Client, ada: Any,
                                                             other_record: Any) -> None:
    # As the admin of old wrote it when a patient's record was edited there.
    LogEntry.objects.create(
        user=ada, content_type=ContentType.objects.get_for_model(other_record),
        object_id=str(other_record.pk), object_repr="Omar Other (NC0000002)",
        action_flag=CHANGE, change_message="Changed phone.")
    client.force_login(ada)
    page = client.get("/admin/").content.decode()
    assert "Site administration" in page
    assert "Recent actions" not in page
    assert "Omar Other" not in page
    assert "NC0000002" not in page


def test_the_admin_log_has_no_page_of_its_own() -> None:
    assert not admin.site.is_registered(LogEntry)
