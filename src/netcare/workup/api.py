"""Workup, diagnosis, treatments and surveillance over the JSON API (/api/v1).

Same access helpers, policy checks and action functions as the pages; 422 names the field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from netcare.accounts.policy import Action, can
from netcare.clinical.errors import ClinicalInputError
from netcare.config.api_errors import Problem, unprocessable
from netcare.patients import access
from netcare.workup import actions
from netcare.workup.models import RESULT_MODELS, ResultBase
from netcare.workup.views import may_record

router = Router(tags=["workup"])


def _forbid_unless(ok: bool) -> None:
    if not ok:
        raise HttpError(404, "Not found.")


class OrderIn(Schema):
    kind: str
    test: str = ""
    note: str = ""


class OrderOut(Schema):
    id: int
    kind: str
    test: str
    status: str


class LesionIn(Schema):
    location: str
    site: str = ""
    size_mm: int | None = None
    suv_max: float | None = None
    krenning_score: int | None = None


class PetIn(Schema):
    performed_on: date
    order_id: int | None = None
    tracer: str = "ga68_dotatate"
    liver_suvmax: float | None = None
    spleen_suvmax: float | None = None
    comparison: str = "first"
    impression: str = ""
    lesions: list[LesionIn] = []


class PathologyIn(Schema):
    performed_on: date
    order_id: int | None = None
    site: str
    subsite: str = ""
    specimen: str
    histology: str
    differentiation: str = ""
    ki67_percent: float | None = None
    mitoses_per_2mm2: float | None = None
    necrosis: str = ""
    size_cm: float | None = None
    depth: str = ""
    margins: str = "not_assessed"
    nodes_examined: int | None = None
    nodes_positive: int | None = None
    mesenteric_mass_cm: float | None = None
    lymphovascular_invasion: bool | None = None
    perineural_invasion: bool | None = None
    multiple_tumors: bool = False
    comment: str = ""


class LabIn(Schema):
    performed_on: date
    order_id: int | None = None
    test: str
    value: float
    unit: str
    reference_low: float | None = None
    reference_high: float | None = None
    laboratory: str = ""
    diet_followed: bool | None = None


class ResultOut(Schema):
    id: int
    kind: str
    version: int
    performed_on: date
    is_current: bool
    released_to_patient: bool
    title: str
    computed: dict[str, Any]


class CorrectionIn(Schema):
    reason: str
    changes: dict[str, Any]


def result_out(result: ResultBase) -> dict[str, Any]:
    computed: dict[str, Any] = {}
    for name in ("krenning_score", "lowest_krenning_score", "sstr_positive", "flag",
                 "value_canonical", "reference_low", "reference_high"):
        if hasattr(result, name):
            computed[name] = getattr(result, name)
    return {"id": result.pk, "kind": result.KIND, "version": result.version,
            "performed_on": result.performed_on, "is_current": result.is_current,
            "released_to_patient": result.released_to_patient,
            "title": actions.timeline_text(result)[0], "computed": computed}


def _record(request: HttpRequest, patient_id: int, kind: str, payload: Schema) -> Any:
    _forbid_unless(may_record(request.user, kind))
    patient = access.patient_for(request, patient_id)
    data = payload.dict()
    lesions = data.pop("lesions", None)
    try:
        result = actions.record_result(kind, patient, data, lesions=lesions, by=request.user,
                                       request=request)
    except actions.ResultInputError as error:
        return unprocessable(error.field, str(error))
    return 201, result_out(result)


_RESPONSES = {201: ResultOut, 422: Problem}


@router.post("/patients/{patient_id}/orders", response={201: OrderOut, 422: Problem},
             summary="Order a study or test")
def post_order(request: HttpRequest, patient_id: int, payload: OrderIn) -> Any:
    _forbid_unless(can(request.user, Action.ORDER_WORKUP))
    patient = access.patient_for(request, patient_id)
    try:
        order = actions.place_order(patient, payload.kind, test=payload.test, note=payload.note,
                                    by=request.user, request=request)
    except actions.ResultInputError as error:
        return unprocessable(error.field, str(error))
    return 201, order


@router.post("/patients/{patient_id}/results/pet", response=_RESPONSES,
             summary="Record an SSTR PET with lesions (Krenning and positivity computed)")
def post_pet(request: HttpRequest, patient_id: int, payload: PetIn) -> Any:
    return _record(request, patient_id, "pet", payload)


@router.post("/patients/{patient_id}/results/pathology", response=_RESPONSES,
             summary="Record a pathology report (grade and stage recomputed)")
def post_pathology(request: HttpRequest, patient_id: int, payload: PathologyIn) -> Any:
    return _record(request, patient_id, "pathology", payload)


@router.post("/patients/{patient_id}/results/labs", response=_RESPONSES,
             summary="Record a laboratory result (flag computed against the range)")
def post_lab(request: HttpRequest, patient_id: int, payload: LabIn) -> Any:
    return _record(request, patient_id, "lab", payload)


def _result(request: HttpRequest, kind: str, result_id: int) -> ResultBase:
    model = RESULT_MODELS.get(kind)
    if model is None:
        raise HttpError(404, "Not found.")
    result = model.objects.filter(pk=result_id).first()
    if result is None:
        raise HttpError(404, "Not found.")
    try:
        result.patient = access.patient_for(request, result.patient_id)  # type: ignore[attr-defined]
    except Http404:
        raise HttpError(404, "Not found.") from None
    if not can(request.user, Action.VIEW_ANY_CHART) and not (
            result.released_to_patient and not result.replaced_for_patient):
        raise HttpError(404, "Not found.")  # a patient sees the newest released version only
    return result


@router.post("/results/{kind}/{result_id}/release", response={200: ResultOut, 409: Problem},
             summary="Release a result to the patient (409: the version was corrected since)")
def post_release(request: HttpRequest, kind: str, result_id: int) -> Any:
    _forbid_unless(can(request.user, Action.RELEASE_RESULT))
    result = _result(request, kind, result_id)
    try:
        actions.release_result(result, by=request.user, request=request)
    except actions.ResultInputError as error:
        return Status(409, Problem(field=error.field, detail=str(error)))
    return result_out(result)


@router.post("/results/{kind}/{result_id}/corrections", response=_RESPONSES,
             summary="Append a corrected version with a reason")
def post_correction(request: HttpRequest, kind: str, result_id: int,
                    payload: CorrectionIn) -> Any:
    _forbid_unless(may_record(request.user, kind))
    result = _result(request, kind, result_id)
    changes = dict(payload.changes)
    lesions = changes.pop("lesions", None)
    try:
        new = actions.correct_result(result, changes, reason=payload.reason, lesions=lesions,
                                     by=request.user, request=request)
    except actions.ResultInputError as error:
        return unprocessable(error.field, str(error))
    return 201, result_out(new)


@router.get("/patients/{patient_id}/results", response=list[ResultOut],
            summary="Current results (a patient: the newest released version of each)")
def get_results(request: HttpRequest, patient_id: int) -> Any:
    """A patient's list says `is_current` of the version they see: a correction waiting for
    release is not hinted at (their result pages show it the same way)."""
    patient = access.patient_for(request, patient_id)
    clinician = can(request.user, Action.VIEW_ANY_CHART)
    out = []
    for model in RESULT_MODELS.values():
        rows = model.objects.filter(patient=patient)
        rows = rows.filter(is_current=True) if clinician else rows.seen_by_patient()
        for result in rows.order_by("-performed_on", "-id")[:200]:
            shown = result_out(result)
            if not clinician:
                shown["is_current"] = True  # the newest version released to them
            out.append(shown)
    return out


# --- tumors --------------------------------------------------------------------------------


class TumorOut(Schema):
    id: int
    site: str
    subsite: str
    computed: dict[str, Any]
    override: dict[str, Any] | None
    effective: dict[str, str]
    inputs_used: dict[str, Any]
    notes: list[str]


@router.get("/patients/{patient_id}/tumors", response=list[TumorOut], tags=["tumors"],
            summary="Tumors with computed grade and stage, inputs and any override")
def get_tumors(request: HttpRequest, patient_id: int) -> Any:
    from netcare.tumors.models import Tumor

    _forbid_unless(can(request.user, Action.VIEW_ANY_CHART))
    patient = access.patient_for(request, patient_id)
    keys = ("grade", "t", "n", "m", "stage")
    return [{
        "id": t.pk, "site": t.site, "subsite": t.subsite,
        "computed": {k: getattr(t, k) or None for k in ("category", *keys)},
        "override": ({**{k: getattr(t, f"override_{k}") or None for k in keys},
                      "reason": t.override_reason} if t.is_overridden else None),
        "effective": {k: t.effective(k) for k in keys},
        "inputs_used": t.inputs_used, "notes": t.computed_notes,
    } for t in Tumor.objects.filter(patient=patient)]


# --- treatments ----------------------------------------------------------------------------


class TreatmentIn(Schema):
    kind: str
    agent: str = ""
    intent: str = "curative"
    start_on: date
    end_on: date | None = None
    interval_days: int | None = None
    tumor_id: int | None = None
    note: str = ""


class TreatmentOut(Schema):
    id: int
    kind: str
    agent: str
    status: str
    start_on: date
    end_on: date | None
    interval_days: int | None
    next_due_on: date | None


@router.post("/patients/{patient_id}/treatments", response={201: TreatmentOut, 422: Problem},
             tags=["treatments"], summary="Record a treatment")
def post_treatment(request: HttpRequest, patient_id: int, payload: TreatmentIn) -> Any:
    from netcare.treatments.actions import record_treatment
    from netcare.treatments.forms import treatment_problems

    _forbid_unless(can(request.user, Action.RECORD_TREATMENT))
    patient = access.patient_for(request, patient_id)
    data = payload.dict()
    # The page's form asks the same; record_treatment would refuse some of these only by the
    # name of a database constraint.
    problems = treatment_problems(data, born=patient.date_of_birth)
    if problems:
        field, message = problems[0]
        return unprocessable(field, f"{field}: {message}")
    try:
        treatment = record_treatment(patient, data, by=request.user, request=request)
    except actions.ResultInputError as error:
        return unprocessable(error.field, str(error))
    return 201, treatment


@router.get("/patients/{patient_id}/treatments", response=list[TreatmentOut],
            tags=["treatments"], summary="A patient's treatments")
def get_treatments(request: HttpRequest, patient_id: int) -> Any:
    from netcare.treatments.models import Treatment

    _forbid_unless(can(request.user, Action.VIEW_ANY_CHART))
    patient = access.patient_for(request, patient_id)
    return list(Treatment.objects.filter(patient=patient)[:200])


# --- surveillance --------------------------------------------------------------------------


class PlanIn(Schema):
    tumor_id: int
    start_on: date


class FollowUpOut(Schema):
    id: int
    due_on: date
    items: list[str]
    status: str


class PlanOut(Schema):
    id: int
    tumor_id: int | None
    start_on: date
    routine_follow_up: bool
    rationale: str
    uncertain: list[str]
    inputs_used: dict[str, Any]
    follow_ups: list[FollowUpOut]


def _plan_out(plan: Any) -> dict[str, Any]:
    return {"id": plan.pk, "tumor_id": plan.tumor_id, "start_on": plan.start_on,
            "routine_follow_up": plan.routine_follow_up, "rationale": plan.rationale,
            "uncertain": plan.uncertain, "inputs_used": plan.inputs_used,
            "follow_ups": [{"id": f.pk, "due_on": f.due_on, "items": f.items.split(","),
                            "status": f.status} for f in plan.follow_ups.all()]}


@router.get("/patients/{patient_id}/surveillance", response=list[PlanOut],
            tags=["surveillance"], summary="Active follow-up plans with their visits")
def get_surveillance(request: HttpRequest, patient_id: int) -> Any:
    from netcare.surveillance.models import SurveillancePlan

    _forbid_unless(can(request.user, Action.VIEW_ANY_CHART))
    patient = access.patient_for(request, patient_id)
    plans = SurveillancePlan.objects.filter(patient=patient, is_active=True).prefetch_related(
        "follow_ups")
    return [_plan_out(p) for p in plans]


@router.post("/patients/{patient_id}/surveillance", response={201: PlanOut, 422: Problem},
             tags=["surveillance"], summary="Generate the follow-up plan of a tumor")
def post_surveillance(request: HttpRequest, patient_id: int, payload: PlanIn) -> Any:
    from netcare.surveillance.actions import generate_plan
    from netcare.tumors.models import Tumor

    _forbid_unless(can(request.user, Action.GENERATE_SURVEILLANCE_PLAN))
    patient = access.patient_for(request, patient_id)
    tumor = Tumor.objects.filter(pk=payload.tumor_id, patient=patient).first()
    if tumor is None:
        return unprocessable("tumor_id", "tumor_id: no such tumor for this patient")
    tumor.patient = patient
    try:
        plan = generate_plan(tumor, start_on=payload.start_on, by=request.user, request=request)
    except (actions.ResultInputError, ClinicalInputError) as error:
        return unprocessable(error.field, str(error))
    return 201, _plan_out(plan)
