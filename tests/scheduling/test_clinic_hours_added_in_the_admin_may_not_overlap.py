"""Clinic hours added or changed in the admin obey the rule the application's pages apply
(`add_availability`): a clinician's blocks of one day do not overlap."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.scheduling.models import ClinicianAvailability

ADD = "/admin/scheduling/clinicianavailability/add/"


def _block(sam: Any, starts: str, ends: str, weekday: str = "2", on_date: str = ""
           ) -> dict[str, str]:
    return {"clinician": str(sam.pk), "weekday": weekday, "on_date": on_date,
            "starts": starts, "ends": ends, "_save": "Save"}


def test_an_overlapping_block_is_refused_with_what_was_typed_kept(client: Client, ada: Any,
                                                                   sam: Any) -> None:
    ClinicianAvailability.objects.create(clinician=sam, weekday=2, starts=time(9),
                                         ends=time(12))
    client.force_login(ada)
    response = client.post(ADD, _block(sam, "11:00", "13:00"))
    assert 200 == response.status_code
    form = response.context["adminform"].form
    assert {"starts": ["overlaps the block 09:00–12:00 of that day"]} == form.errors
    page = response.content.decode()
    assert "overlaps the block 09:00–12:00 of that day" in page
    assert 'value="11:00"' in page and 'value="13:00"' in page
    assert [(time(9), time(12))] == list(
        ClinicianAvailability.objects.values_list("starts", "ends"))
    assert not AuditEntry.objects.filter(action="netcare.availability.added").exists()


def test_a_dated_block_may_not_overlap_another_of_that_date(client: Client, ada: Any,
                                                            sam: Any) -> None:
    ClinicianAvailability.objects.create(clinician=sam, on_date="2026-12-03", starts=time(13),
                                         ends=time(17))
    client.force_login(ada)
    response = client.post(ADD, _block(sam, "08:00", "14:00", weekday="",
                                       on_date="2026-12-03"))
    assert ["overlaps the block 13:00–17:00 of that day"] == (
        response.context["adminform"].form.errors["starts"])
    assert 1 == ClinicianAvailability.objects.count()


def test_a_block_after_the_other_is_saved_and_audited(client: Client, ada: Any,
                                                      sam: Any) -> None:
    ClinicianAvailability.objects.create(clinician=sam, weekday=2, starts=time(9),
                                         ends=time(12))
    client.force_login(ada)
    response = client.post(ADD, _block(sam, "12:00", "16:00"))
    assert 302 == response.status_code
    assert [(time(9), time(12)), (time(12), time(16))] == list(
        ClinicianAvailability.objects.order_by("starts").values_list("starts", "ends"))
    entry = AuditEntry.objects.get(action="netcare.availability.added")
    assert ("ada", {"new": {"clinician": str(sam.pk), "weekday": "2", "starts": "12:00:00",
                            "ends": "16:00:00"}}) == (entry.username, entry.detail)


def test_a_block_changed_in_the_admin_may_not_grow_into_another(client: Client, ada: Any,
                                                                sam: Any) -> None:
    ClinicianAvailability.objects.create(clinician=sam, weekday=2, starts=time(9),
                                         ends=time(12))
    later = ClinicianAvailability.objects.create(clinician=sam, weekday=2, starts=time(13),
                                                 ends=time(16))
    client.force_login(ada)
    url = f"/admin/scheduling/clinicianavailability/{later.pk}/change/"
    refused = client.post(url, _block(sam, "11:30", "16:00"))
    assert ["overlaps the block 09:00–12:00 of that day"] == (
        refused.context["adminform"].form.errors["starts"])
    # Its own old hours are no overlap: shortening it saves.
    assert 302 == client.post(url, _block(sam, "13:00", "15:00")).status_code
    later.refresh_from_db()
    assert (time(13), time(15)) == (later.starts, later.ends)
