"""The navigator completes a follow-up straight from the worklist; each row's form carries the
page's CSRF token, and the row shows the follow-up as it is now."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.test import Client

from netcare.patients.models import Patient
from netcare.surveillance.actions import generate_plan
from netcare.surveillance.models import FollowUp
from netcare.tumors.models import Tumor
from netcare.workup.dates import program_today


def _patient_with_due_follow_ups(sam: Any) -> Patient:
    patient = Patient.objects.create(mrn="W000001", first_name="Wanda", last_name="<Due>",
                                     date_of_birth=date(1960, 1, 1), sex="female")
    tumor = Tumor.objects.create(patient=patient, site="pancreas", category="NET", grade="G1",
                                 t="T1", n="N0", m="M0", stage="I", size_cm=1.5)
    generate_plan(tumor, start_on=program_today() - timedelta(days=400), by=sam)
    return patient


def test_navigator_completes_a_follow_up_from_the_worklist(sam: Any, nora: Any) -> None:
    _patient_with_due_follow_ups(sam)
    client = Client(enforce_csrf_checks=True)
    client.force_login(nora)
    page = client.get("/surveillance/worklist/").content.decode()
    assert "&lt;Due&gt;, Wanda" in page
    forms = re.findall(
        r'<form method="post" action="(/surveillance/follow-ups/\d+/)" class="inline">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">',
        page,
    )
    assert forms and len({token for _, token in forms}) == 1  # one token for the page
    action, token = forms[0]
    follow_up_id = int(re.search(r"(\d+)", action)[1])
    response = client.post(action, {"csrfmiddlewaretoken": token, "action": "complete",
                                    "on": program_today().isoformat()})
    assert response.status_code in (200, 302)
    assert FollowUp.objects.get(pk=follow_up_id).status == "completed"
    again = client.get("/surveillance/worklist/").content.decode()
    assert f'action="{action}"' not in again  # a done follow-up leaves the worklist
    assert "\x00" not in again
