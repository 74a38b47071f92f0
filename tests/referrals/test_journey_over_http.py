"""The whole journey over real HTTP with bearer tokens, from a referral to the patient's own
view: referral, triage, conversion, appointment, workup, computed grade and stage, treatment,
follow-up plan, one released result."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from netcare.accounts.tokens import issue_token
from netcare.patients.models import Patient
from netcare.referrals.models import Referral
from tests.conftest import _make_user
from tests.referrals.test_api import BODY, call

LA = ZoneInfo("America/Los_Angeles")
# Monday 2 March 2026, 08:00 in the program's zone.
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=LA)


@pytest.fixture
def world(transactional_db: Any, settings: Any, rita: Any, nora: Any, sam: Any, theo: Any,
          paula: Any) -> Any:
    """The program's zone and hours; the surgeon's weekday clinic; a frozen clock."""
    import time_machine

    from netcare.scheduling.models import ClinicianAvailability

    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    settings.PROGRAM_OPENING_HOURS = {d: (time(9), time(17)) for d in range(5)}
    ClinicianAvailability.objects.bulk_create([
        ClinicianAvailability(clinician=sam, weekday=d, starts=time(9), ends=time(17))
        for d in range(5)])
    with time_machine.travel(NOW, tick=False):
        yield {u.username: issue_token(u, "journey") for u in (rita, nora, sam, theo, paula)}


def test_from_referral_to_the_patients_own_released_result(live_server: Any,
                                                           world: dict[str, str]) -> None:
    """Each step through the API, as each person would do it; the patient's token sees only
    the one released result and their own appointment."""
    api = f"{live_server.url}/api/v1"
    tokens = world

    # The referring physician submits; the navigator triages and converts.
    status, referral = call(f"{api}/referrals", tokens["rita"], BODY, "POST")
    assert (201, "physician") == (status, referral["source"])
    status, triaged = call(f"{api}/referrals/{referral['id']}/triage", tokens["nora"],
                           {"status": "contacted", "assigned_to": "nora", "priority": 1,
                            "reason": "phoned, carcinoid symptoms"}, "POST")
    assert (200, "contacted", "nora", 1) == (status, triaged["status"], triaged["assigned_to"],
                                             triaged["priority"])
    status, converted = call(f"{api}/referrals/{referral['id']}/convert", tokens["nora"],
                             {"mrn": "nc0000777", "sex": "male"}, "POST")
    assert (201, "NC0000777", "converted") == (status, converted["mrn"],
                                              converted["referral"]["status"]), converted
    patient_id = converted["patient_id"]
    assert ("Ivan", "Ileum") == Patient.objects.values_list(
        "first_name", "last_name").get(pk=patient_id)
    # Giving the new patient a portal account has no API (an administrator's step): linked here.
    ivan = _make_user("ivan", "patient")
    Patient.objects.filter(pk=patient_id).update(user=ivan)
    tokens["ivan"] = issue_token(ivan, "journey")

    # The navigator books the first visit and confirms it.
    status, visit = call(f"{api}/appointments", tokens["nora"], {
        "patient_id": patient_id, "clinician": "sam", "kind": "new_patient",
        "starts_at": "2026-03-04T10:00:00-08:00"}, "POST")
    assert (201, "requested") == (status, visit["status"]), visit
    status, visit = call(f"{api}/appointments/{visit['id']}/confirm", tokens["nora"], {},
                         "POST")
    assert (200, "confirmed") == (status, visit["status"])

    # A month on: results are recorded once the tests are done, and the treatment once it
    # has started (neither can be dated after today).
    with time_machine.travel(datetime(2026, 4, 1, 12, 0, tzinfo=LA), tick=False):
        # Workup: a PET (ordered, then recorded) and a pathology report.
        base = f"{api}/patients/{patient_id}"
        status, order = call(f"{base}/orders", tokens["sam"], {"kind": "pet"}, "POST")
        assert 201 == status
        status, pet = call(f"{base}/results/pet", tokens["theo"], {
            "performed_on": "2026-03-05", "order_id": order["id"], "liver_suvmax": 6,
            "spleen_suvmax": 20,
            "lesions": [{"location": "primary", "size_mm": 18, "suv_max": 25}]}, "POST")
        assert (201, 4, True) == (status, pet["computed"]["krenning_score"],
                                  pet["computed"]["sstr_positive"]), pet
        status, pathology = call(f"{base}/results/pathology", tokens["paula"], {
            "performed_on": "2026-03-20", "site": "jejunum_ileum", "specimen": "resection",
            "histology": "well-differentiated NET", "differentiation": "well", "ki67_percent": 8,
            "mitoses_per_2mm2": 1, "size_cm": 1.8, "depth": "muscularis_propria",
            "margins": "negative", "nodes_examined": 14, "nodes_positive": 0}, "POST")
        assert 201 == status, pathology

        # Grade and stage are computed, never typed.
        status, tumors = call(f"{base}/tumors", tokens["sam"])
        assert 200 == status
        assert {"grade": "G2", "t": "T2", "n": "N0", "m": "M0", "stage": "II"} == \
            tumors[0]["effective"]

        # Treatment and the follow-up plan.
        status, treatment = call(f"{base}/treatments", tokens["sam"], {
            "kind": "octreotide_lar", "agent": "octreotide LAR 30 mg IM", "intent": "palliative",
            "start_on": "2026-04-01"}, "POST")
        assert (201, "2026-04-29") == (status, treatment["next_due_on"]), treatment
        status, plan = call(f"{base}/surveillance", tokens["nora"],
                            {"tumor_id": tumors[0]["id"], "start_on": "2026-03-20"}, "POST")
        assert 201 == status and plan["follow_ups"], plan

    # One result released; the patient's own token sees only that one.
    status, released = call(f"{api}/results/pathology/{pathology['id']}/release",
                            tokens["sam"], {}, "POST")
    assert (200, True) == (status, released["released_to_patient"])
    status, staff_view = call(f"{base}/results", tokens["sam"])
    assert {("pet", pet["id"]), ("pathology", pathology["id"])} == {
        (r["kind"], r["id"]) for r in staff_view}
    status, own = call(f"{base}/results", tokens["ivan"])
    assert (200, [("pathology", pathology["id"])]) == (status, [(r["kind"], r["id"])
                                                               for r in own])
    status, mine = call(f"{api}/appointments", tokens["ivan"])
    assert (200, [visit["id"]]) == (status, [a["id"] for a in mine])


def test_converting_twice_or_with_a_bad_mrn_is_refused_naming_the_field(
        live_server: Any, world: dict[str, str], other_record: Any) -> None:
    """A bad MRN names `mrn`; an MRN already in use answers 409 naming `mrn`; a second
    conversion 409; the referring physician may not convert (404)."""
    api = f"{live_server.url}/api/v1/referrals"
    _, referral = call(api, world["rita"], BODY, "POST")
    url = f"{api}/{referral['id']}/convert"
    status, problem = call(url, world["nora"], {"mrn": "NC-1", "sex": "male"}, "POST")
    assert (422, "mrn") == (status, problem["field"])
    status, problem = call(url, world["nora"], {"mrn": "NC1", "sex": "robot"}, "POST")
    assert (422, "sex") == (status, problem["field"])
    status, problem = call(url, world["nora"], {"mrn": other_record.mrn, "sex": "male"}, "POST")
    assert (409, "mrn") == (status, problem["field"])
    assert 404 == call(url, world["rita"], {"mrn": "NC0000778", "sex": "male"}, "POST")[0]
    assert 201 == call(url, world["nora"], {"mrn": "NC0000778", "sex": "male"}, "POST")[0]
    assert 409 == call(url, world["nora"], {"mrn": "NC0000779", "sex": "male"}, "POST")[0]
    assert 1 == Referral.objects.filter(status="converted").count()
