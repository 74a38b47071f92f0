"""PRRT courses, cycles, dose orders and plans over the JSON API (/api/v1/nuclear/...).

Same access helpers, policy and action functions as the pages. 422 names the field; a plan
edit that breaks a hard constraint answers 409 naming the constraint. Every activity carries
its reference time and both units.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from netcare import planning as p
from netcare.accounts.policy import (
    Action,
    can,
    can_decide_prrt_dose,
    can_run_prrt_cycle,
    can_stop_prrt_course,
)
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.radionuclides import Activity
from netcare.config.api_errors import Problem, unprocessable
from netcare.nuclear import actions
from netcare.nuclear.models import (
    DoseOrder,
    PetRequest,
    Plan,
    PostImaging,
    PrrtCourse,
    PrrtCycle,
)
from netcare.patients import access

router = Router(tags=["nuclear"])


def _forbid_unless(ok: bool) -> None:
    if not ok:
        raise HttpError(404, "Not found.")


def activity_out(activity: Activity | None) -> dict[str, Any] | None:
    if activity is None:
        return None
    return {"gbq": round(activity.gbq, 4), "mci": round(activity.mci, 2),
            "reference_time": activity.reference_time.isoformat(), "nuclide": activity.nuclide}


def order_out(order: DoseOrder) -> dict[str, Any]:
    when = order.administered_at or order.planned_at
    return {
        "id": order.pk, "cycle_id": order.cycle_id, "prescribed_gbq": order.prescribed_gbq,
        "calibration": activity_out(order.calibration),
        "planned_at": order.planned_at.isoformat(),
        "at_planned": activity_out(order.activity_at(order.planned_at)),
        "warnings": actions.dose_warnings(order, when),
        "latest_within_tolerance": actions.latest_safe_time(order).isoformat(),
        "administered": activity_out(
            Activity(order.calibration.nuclide, order.administered_gbq, order.administered_at)
            if order.administered_at and order.administered_gbq is not None else None),
        "net_administered": activity_out(actions.net_administered(order)),
        "shelf_life_note": "72 h from our brief; not verified against the SmPC (LOGISTICS 4.3)",
    }


def cycle_out(cycle: PrrtCycle) -> dict[str, Any]:
    return {"id": cycle.pk, "number": cycle.number, "status": cycle.status,
            "window_start": cycle.window_start, "window_end": cycle.window_end,
            "scheduled_at": cycle.scheduled_at, "chair": cycle.chair,
            "labs_on": cycle.labs_on, "labs": cycle.labs, "suggestion": cycle.suggestion,
            "decision": cycle.decision if "action" in cycle.decision else None,
            "decided_by_id": cycle.decided_by_id, "decided_at": cycle.decided_at,
            "checklist": actions.checklist_state(cycle), "given_at": cycle.given_at}


def course_out(course: PrrtCourse) -> dict[str, Any]:
    cycles = list(course.cycles.all())
    for c in cycles:
        c.course = course
    return {"id": course.pk, "patient_id": course.patient_id, "status": course.status,
            "eligibility": course.eligibility, "cycles": [cycle_out(c) for c in cycles]}


class CourseIn(Schema):
    facts: dict[str, Any]
    first_window_start: date
    baseline_creatinine: float | None = None
    baseline_creatinine_unit: str = ""
    baseline_creatinine_on: date | None = None
    pregnancy_test_applies: bool = False
    last_long_acting_ssa: datetime | None = None
    last_short_acting_ssa: datetime | None = None


class LabsIn(Schema):
    labs_on: date
    labs: dict[str, Any]


class DecisionIn(Schema):
    action: str
    reason: str = ""


class ChecklistIn(Schema):
    items: dict[str, bool]


class OrderIn(Schema):
    calibration_gbq: float
    calibration_at: datetime
    planned_at: datetime
    lot: str = ""


class AdministrationIn(Schema):
    administered_gbq: float
    administered_at: datetime
    infusion_end: datetime | None = None
    residual_gbq: float | None = None
    residual_measured_at: datetime | None = None


class PlanIn(Schema):
    start: date
    days: int = 7


class EditIn(Schema):
    action: str
    ref: str
    day: date | None = None
    at: time | None = None
    resource: str | None = None


def _cycle(request: HttpRequest, cycle_id: int) -> PrrtCycle:
    _forbid_unless(can_run_prrt_cycle(request.user))
    cycle = PrrtCycle.objects.select_related("course").filter(pk=cycle_id).first()
    if cycle is None:
        raise HttpError(404, "Not found.")
    access.patient_for(request, cycle.course.patient_id)
    return cycle


@router.get("/nuclear/patients/{patient_id}/prrt/courses", summary="A patient's PRRT courses")
def list_courses(request: HttpRequest, patient_id: int) -> Any:
    _forbid_unless(can(request.user, Action.VIEW_ANY_CHART))
    patient = access.patient_for(request, patient_id)
    return [course_out(c) for c in PrrtCourse.objects.filter(patient=patient)
            .prefetch_related("cycles")]


@router.post("/nuclear/patients/{patient_id}/prrt/courses", response={201: dict, 422: Problem},
             summary="Check eligibility and start a PRRT course")
def post_course(request: HttpRequest, patient_id: int, payload: CourseIn) -> Any:
    _forbid_unless(can_run_prrt_cycle(request.user))
    patient = access.patient_for(request, patient_id)
    data = payload.dict()
    try:
        course = actions.start_course(patient, data.pop("facts"), by=request.user,
                                      request=request, **data)
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return Status(201, course_out(course))


@router.post("/nuclear/cycles/{cycle_id}/checklist", response={200: dict, 422: Problem})
def post_checklist(request: HttpRequest, cycle_id: int, payload: ChecklistIn) -> Any:
    cycle = _cycle(request, cycle_id)
    try:
        actions.record_checklist(cycle, payload.items, by=request.user, request=request)
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return cycle_out(cycle)


@router.post("/nuclear/cycles/{cycle_id}/labs", response={200: dict, 422: Problem},
             summary="Record pre-dose labs; the label table's suggestion is computed (a "
             "physician decides the dose)")
def post_labs(request: HttpRequest, cycle_id: int, payload: LabsIn) -> Any:
    cycle = _cycle(request, cycle_id)
    try:
        actions.record_labs(cycle, payload.labs, labs_on=payload.labs_on, by=request.user,
                            request=request)
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return cycle_out(cycle)


@router.post("/nuclear/cycles/{cycle_id}/dose-decision", response={200: dict, 422: Problem},
             summary="A nuclear-medicine physician decides the dose (the table's suggestion "
             "or a more cautious one, with a reason)")
def post_decision(request: HttpRequest, cycle_id: int, payload: DecisionIn) -> Any:
    cycle = _cycle(request, cycle_id)
    _forbid_unless(can_decide_prrt_dose(request.user))
    try:
        actions.decide_dose(cycle, payload.action, reason=payload.reason, by=request.user,
                            request=request)
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return cycle_out(cycle)


@router.post("/nuclear/cycles/{cycle_id}/dose-orders", response={201: dict, 422: Problem},
             summary="Order a Lu-177 dose (activity at the planned time, warnings)")
def post_order(request: HttpRequest, cycle_id: int, payload: OrderIn) -> Any:
    cycle = _cycle(request, cycle_id)
    try:
        order, _ = actions.order_dose(cycle, by=request.user, request=request, **payload.dict())
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return Status(201, order_out(order))


def _order(request: HttpRequest, order_id: int) -> DoseOrder:
    _forbid_unless(can_run_prrt_cycle(request.user))
    order = DoseOrder.objects.select_related("cycle__course").filter(pk=order_id).first()
    if order is None:
        raise HttpError(404, "Not found.")
    access.patient_for(request, order.cycle.course.patient_id)
    return order


@router.get("/nuclear/dose-orders/{order_id}", response=dict)
def get_order(request: HttpRequest, order_id: int) -> Any:
    return order_out(_order(request, order_id))


@router.post("/nuclear/dose-orders/{order_id}/administration",
             response={200: dict, 422: Problem})
def post_administration(request: HttpRequest, order_id: int, payload: AdministrationIn) -> Any:
    order = _order(request, order_id)
    try:
        actions.record_administration(order, by=request.user, request=request,
                                      **payload.dict())
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return order_out(order)


def plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk, "start": plan.start, "days": plan.days, "status": plan.status,
        "objective": plan.objective, "bound": plan.bound, "gap": plan.gap,
        "physics_bound": plan.physics_bound, "physics_unmet": plan.physics_unmet,
        "unmet": plan.unmet, "solver_status": plan.solver_status, "error": plan.error,
        "replan": plan.replan,
        "assignments": [
            {"ref": a.ref, "kind": a.kind, "day": a.day, "start": f"{a.start_min // 60:02d}:"
             f"{a.start_min % 60:02d}", "scan_start_min": a.scan_start_min,
             "resource": a.resource, "source": a.source, "elution": a.elution,
             "locked": a.locked} for a in plan.assignments.all()],
    }


def _plan(request: HttpRequest, plan_id: int, *, write: bool = False) -> Plan:
    _forbid_unless(can(request.user, Action.PLAN_NUCLEAR_MEDICINE) or (
        not write and can_run_prrt_cycle(request.user)))
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise HttpError(404, "Not found.")
    return plan


@router.post("/nuclear/plans", response={201: dict, 422: Problem},
             summary="Run the optimiser (Django Task) for a horizon")
def post_plan(request: HttpRequest, payload: PlanIn) -> Any:
    _forbid_unless(can(request.user, Action.PLAN_NUCLEAR_MEDICINE))
    try:
        plan = actions.request_plan(payload.start, payload.days, by=request.user,
                                    request=request)
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return Status(201, plan_out(plan))


@router.get("/nuclear/plans/{plan_id}", response=dict)
def get_plan(request: HttpRequest, plan_id: int) -> Any:
    return plan_out(_plan(request, plan_id))


class Refusal(Schema):
    detail: str
    violations: list[dict[str, str]]


@router.post("/nuclear/plans/{plan_id}/edits", response={200: dict, 409: Refusal, 422: Problem},
             summary="Move, lock, unlock or remove a booking (refused edits name the constraint)")
def post_edit(request: HttpRequest, plan_id: int, payload: EditIn) -> Any:
    plan = _plan(request, plan_id, write=True)
    try:
        if payload.action in ("lock", "unlock", "remove"):
            edit: p.Edit = {"lock": p.Lock, "unlock": p.Unlock, "remove": p.Remove}[
                payload.action](payload.ref)
        elif payload.action == "move":
            if payload.day is None or payload.at is None or not payload.resource:
                raise actions.NuclearInputError("day", "day, at and resource are required")
            minute = payload.at.hour * 60 + payload.at.minute
            edit = (p.MovePet(payload.ref, payload.day, minute, payload.resource)
                    if payload.ref.startswith("pet-")
                    else p.MovePrrt(payload.ref, payload.day, minute, payload.resource))
        else:
            raise actions.NuclearInputError("action", "must be move, lock, unlock or remove")
        actions.edit_plan(plan, edit, by=request.user, request=request)
    except p.PlanEditError as error:
        return Status(409, Refusal(detail=str(error), violations=[
            {"constraint": v.constraint, "subject": v.subject, "message": v.message}
            for v in error.violations]))
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return plan_out(plan)


@router.post("/nuclear/plans/{plan_id}/accept", response={200: dict, 409: Refusal, 422: Problem})
def post_accept(request: HttpRequest, plan_id: int) -> Any:
    plan = _plan(request, plan_id, write=True)
    try:
        actions.accept_plan(plan, by=request.user, request=request)
    except p.PlanEditError as error:
        return Status(409, Refusal(detail=str(error), violations=[
            {"constraint": v.constraint, "subject": v.subject, "message": v.message}
            for v in error.violations]))
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return plan_out(plan)


# --- cancelling a booking, post-treatment imaging, stopping a course ---------------------------


class CancelBookingIn(Schema):
    reason: str = ""


@router.post("/nuclear/bookings/{kind}/{booking_id}/cancel",
             response={201: dict, 422: Problem},
             summary="Cancel a booked PET (kind pet: the request's id) or PRRT cycle (kind prrt: "
                     "the cycle's id); answers the day's re-plan proposal (who moved in, who "
                     "stays waiting and why), which staff accept like any plan")
def post_cancel_booking(request: HttpRequest, kind: str, booking_id: int,
                        payload: CancelBookingIn) -> Any:
    _forbid_unless(can(request.user, Action.PLAN_NUCLEAR_MEDICINE))
    if kind == "pet":
        patient_id = (PetRequest.objects.filter(pk=booking_id)
                      .values_list("patient_id", flat=True).first())
    elif kind == "prrt":
        patient_id = (PrrtCycle.objects.filter(pk=booking_id)
                      .values_list("course__patient_id", flat=True).first())
    else:
        patient_id = None
    if patient_id is None:
        raise HttpError(404, "Not found.")
    access.patient_for(request, patient_id)
    try:
        plan = actions.cancel_booking(kind, booking_id, reason=payload.reason, by=request.user,
                                      request=request)
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return Status(201, plan_out(plan))


def _course(request: HttpRequest, course_id: int, *, stop: bool = False) -> PrrtCourse:
    """The course, for who may run PRRT cycles (or, with `stop`, who may stop the course)."""
    _forbid_unless(can_stop_prrt_course(request.user) if stop
                   else can_run_prrt_cycle(request.user))
    course = PrrtCourse.objects.select_related("patient").filter(pk=course_id).first()
    if course is None:
        raise HttpError(404, "Not found.")
    access.patient_for(request, course.patient_id)
    return course


def imaging_out(item: PostImaging) -> dict[str, Any]:
    return {"id": item.pk, "course_id": item.course_id, "kind": item.kind,
            "cycle_number": item.cycle.number if item.cycle_id else None,  # type: ignore[union-attr]
            "ordered_on": item.ordered_on, "performed_on": item.performed_on,
            "finding": item.finding}


class PostImagingIn(Schema):
    kind: str
    ordered_on: date
    cycle_number: int | None = None  # empty for the end-of-course restaging
    performed_on: date | None = None  # empty while only ordered
    finding: str = ""


class PostImagingDoneIn(Schema):
    performed_on: date
    finding: str = ""


class StopCourseIn(Schema):
    reason: str


@router.post("/nuclear/courses/{course_id}/post-imaging", response={201: dict, 422: Problem},
             summary="Order (or record as done) imaging after a cycle, or the restaging")
def post_post_imaging(request: HttpRequest, course_id: int, payload: PostImagingIn) -> Any:
    course = _course(request, course_id)
    try:
        item = actions.order_post_imaging(course, by=request.user, request=request,
                                          **payload.dict())
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return Status(201, imaging_out(item))


@router.post("/nuclear/post-imaging/{item_id}/result", response={200: dict, 422: Problem},
             summary="Record ordered post-treatment imaging as done, with a short finding")
def post_post_imaging_result(request: HttpRequest, item_id: int,
                             payload: PostImagingDoneIn) -> Any:
    item = (PostImaging.objects.select_related("course__patient", "cycle")
            .filter(pk=item_id).first())
    if item is None:
        raise HttpError(404, "Not found.")
    _course(request, item.course_id)
    try:
        actions.record_post_imaging_result(item, by=request.user, request=request,
                                           **payload.dict())
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return imaging_out(item)


@router.post("/nuclear/courses/{course_id}/stop", response={200: dict, 422: Problem},
             summary="Discontinue an active course, with the reason (a physician of nuclear "
             "medicine or medical oncology)")
def post_stop_course(request: HttpRequest, course_id: int, payload: StopCourseIn) -> Any:
    course = _course(request, course_id, stop=True)
    try:
        actions.stop_course(course, reason=payload.reason, by=request.user, request=request)
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    return course_out(course)
