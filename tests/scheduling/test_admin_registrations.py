"""The admin lists the journey's data; clinical rows are read-only there, availability is not."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_the_administrator_sees_the_models_and_cannot_add_clinical_rows(
        client: Client, ada: Any) -> None:
    """Changelists answer 200; the add page of a clinical model is refused (403), the add
    page of clinician availability is offered."""
    client.force_login(ada)
    for path in ("scheduling/appointment", "scheduling/reminder", "referrals/referral",
                 "workup/labresult", "workup/clinicalassessment", "tumors/tumor",
                 "treatments/treatment", "surveillance/followup"):
        assert 200 == client.get(f"/admin/{path}/").status_code, path
        assert 403 == client.get(f"/admin/{path}/add/").status_code, path
    assert 200 == client.get("/admin/scheduling/clinicianavailability/add/").status_code
