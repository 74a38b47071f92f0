"""Nuclear-medicine pages: home, day and week views, generator timeline, plans and the plan
editor, PET requests, a patient's PRRT course and cycle steps, radiation-safety instructions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from netcare import planning as p
from netcare.accounts.models import Role
from netcare.accounts.policy import (
    RULES,
    Action,
    can,
    can_decide_prrt_dose,
    can_run_prrt_cycle,
    can_stop_prrt_course,
)
from netcare.clinical import prrt
from netcare.clinical.errors import ClinicalInputError
from netcare.nuclear import actions, forms, prefill
from netcare.nuclear.models import (
    DOSE_TOLERANCE,
    SHELF_LIFE_HOURS,
    CourseStatus,
    CycleStatus,
    DoseOrder,
    PetRequest,
    PetStatus,
    Plan,
    PlanStatus,
    PostImaging,
    PrrtCourse,
    PrrtCycle,
)
from netcare.nuclear.timeline import generator_day
from netcare.patients import access


def may_view(user: Any) -> bool:
    return can(user, Action.PLAN_NUCLEAR_MEDICINE) or can_run_prrt_cycle(user)


def program_zone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run the view in the program's time zone: forms read and pages show local times."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with timezone.override(actions.zone()):
            return view(request, *args, **kwargs)

    return wrapper


def _staff_only(user: Any, *, plan: bool = False) -> None:
    if not (can(user, Action.PLAN_NUCLEAR_MEDICINE) if plan else may_view(user)):
        raise Http404("Not found.")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Http404("Not found.") from None


def _error(form: Any, error: ClinicalInputError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.detail)


def _local_bounds(day: date, days: int = 1) -> tuple[datetime, datetime]:
    return actions.local_instant(day, 0), actions.local_instant(day + timedelta(days=days), 0)


def _bookings(day: date, days: int = 1) -> tuple[list[PetRequest], list[PrrtCycle]]:
    """Booked PET scans and PRRT cycles in the local days. Two queries."""
    lo, hi = _local_bounds(day, days)
    pets = list(PetRequest.objects.filter(status__in=[PetStatus.BOOKED, PetStatus.DONE],
                                          injection_at__gte=lo, injection_at__lt=hi)
                .select_related("patient").order_by("injection_at"))
    cycles = list(PrrtCycle.objects.filter(scheduled_at__gte=lo, scheduled_at__lt=hi)
                  .select_related("course__patient").order_by("scheduled_at"))
    return pets, cycles


@login_required
@require_http_methods(["GET"])
@program_zone
def home(request: HttpRequest) -> HttpResponse:
    """Nuclear-medicine worklist: today, open PET requests, cycles due, recent plans."""
    _staff_only(request.user)
    today = timezone.localdate()
    pets, cycles = _bookings(today)
    return render(request, "nuclear/home.html", {
        "today": today, "pets": pets, "cycles": cycles,
        "open_requests": PetRequest.objects.filter(status=PetStatus.OPEN)
        .select_related("patient")[:50],
        "due": PrrtCycle.objects.filter(status__in=[CycleStatus.PLANNED, CycleStatus.READY,
                                                    CycleStatus.WITHHELD],
                                        course__status=CourseStatus.ACTIVE)
        .select_related("course__patient").order_by("window_start")[:50],
        "plans": Plan.objects.all()[:5],
        "plan_form": forms.PlanForm(initial={"start": today, "days": 7}),
        "may_plan": can(request.user, Action.PLAN_NUCLEAR_MEDICINE),
    })


@login_required
@require_http_methods(["GET"])
@program_zone
def day_view(request: HttpRequest, day: str) -> HttpResponse:
    """Scanners, uptake rooms and infusion chairs on one day (booked plans). Two queries."""
    _staff_only(request.user)
    d = _day(day)
    pets, cycles = _bookings(d)
    dept = actions.active_department()
    scanners = {s: [r for r in pets if r.scanner == s] for s in actions._names(dept.scanners)}
    chairs = {c: [x for x in cycles if x.chair == c] for c in actions._names(dept.chairs)}
    return render(request, "nuclear/day.html", {
        "day": d, "scanners": scanners, "chairs": chairs, "pets": pets,
        "uptake_rooms": dept.uptake_rooms, "chair_minutes": p.Resources().chair_minutes,
        "may_plan": can(request.user, Action.PLAN_NUCLEAR_MEDICINE),
        "prev": d - timedelta(days=1), "next": d + timedelta(days=1)})


@login_required
@require_http_methods(["GET"])
@program_zone
def week_view(request: HttpRequest, day: str) -> HttpResponse:
    """Seven days from the Monday of `day`. Two queries."""
    _staff_only(request.user)
    d = _day(day)
    monday = d - timedelta(days=d.weekday())
    pets, cycles = _bookings(monday, 7)
    days = []
    for i in range(7):
        current = monday + timedelta(days=i)
        days.append({
            "day": current,
            "pets": [r for r in pets if r.injection_at.astimezone(actions.zone()).date()
                     == current],
            "cycles": [c for c in cycles if c.scheduled_at.astimezone(actions.zone()).date()
                       == current]})
    return render(request, "nuclear/week.html", {"days": days, "monday": monday,
                                                 "prev": monday - timedelta(days=7),
                                                 "next": monday + timedelta(days=7)})


@login_required
@require_http_methods(["GET", "POST"])
@program_zone
def generator(request: HttpRequest) -> HttpResponse:
    """Generator and resources (form) and the elution timeline with activity curves."""
    _staff_only(request.user)
    dept = actions.active_department()
    may_plan = can(request.user, Action.PLAN_NUCLEAR_MEDICINE)
    status = 200
    if request.method == "POST":
        _staff_only(request.user, plan=True)
        form = forms.DepartmentForm(request.POST, instance=actions.active_department())
        if form.is_valid():
            try:
                actions.update_department(dept, {k: form.cleaned_data[k] for k in
                                                  form.Meta.fields}, by=request.user,
                                          request=request)
            except ClinicalInputError as error:
                _error(form, error)
            else:
                messages.success(request, "Department settings saved.")
                return redirect("nuclear:generator")
        status = 400
    else:
        form = forms.DepartmentForm(instance=dept)
    try:
        d = date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else (
            timezone.localdate())
    except ValueError:
        d = timezone.localdate()
    gen = actions.generator_of(dept)
    timeline = generator_day(gen, actions.resources_of(dept), d) if gen else None
    booked: dict[int, list[PetRequest]] = {}
    for r in _bookings(d)[0]:
        if r.source == "ga68" and r.elution is not None:
            booked.setdefault(r.elution + 1, []).append(r)
    if timeline:
        for row in timeline["rows"]:
            row["patients"] = booked.get(row["index"], [])
    return render(request, "nuclear/generator.html", {
        "form": form if may_plan else None, "dept": dept, "day": d, "timeline": timeline,
        "today": timezone.localdate()},
        status=status)


@login_required
@require_http_methods(["GET", "POST"])
@program_zone
def plans(request: HttpRequest) -> HttpResponse:
    """List plans; POST runs the optimiser (a Django Task) and opens the new plan.

    Only users the policy lets plan get the form: a physician of nuclear medicine reads the
    plans and is told who runs the optimiser, rather than offered a form that answers 404.
    """
    _staff_only(request.user)
    may_plan = can(request.user, Action.PLAN_NUCLEAR_MEDICINE)
    form = forms.PlanForm(request.POST or None, initial={"start": timezone.localdate(),
                                                         "days": 7})
    status = 200
    if request.method == "POST":
        _staff_only(request.user, plan=True)
        if form.is_valid():
            try:
                plan = actions.request_plan(form.cleaned_data["start"], form.cleaned_data["days"],
                                            by=request.user, request=request)
            except ClinicalInputError as error:
                _error(form, error)
            else:
                return redirect("nuclear:plan", plan_id=plan.pk)
        status = 400
    return render(request, "nuclear/plans.html", {
        "form": form if may_plan else None, "planners": _planners(),
        "plans": Plan.objects.all()[:30]}, status=status)


def _planners() -> str:
    """Who may run the optimiser, in words, from the policy ("nuclear-medicine technologist /
    radiopharmacist")."""
    return " or ".join(Role(role).label.lower() for role in
                       sorted(RULES[Action.PLAN_NUCLEAR_MEDICINE]))


def _parse_edit(form: forms.EditForm, plan: Plan) -> p.Edit:
    data = form.cleaned_data
    ref, action = data["ref"], data["action"]
    if action == "lock":
        return p.Lock(ref)
    if action == "unlock":
        return p.Unlock(ref)
    if action == "remove":
        return p.Remove(ref)
    for name in ("day", "at", "resource"):
        if not data.get(name):
            raise actions.NuclearInputError(name, "is required to move or book")
    minute = data["at"].hour * 60 + data["at"].minute
    if ref.startswith("pet-"):
        return p.MovePet(ref, data["day"], minute, data["resource"])
    return p.MovePrrt(ref, data["day"], minute, data["resource"])


@login_required
@require_http_methods(["GET", "POST"])
@program_zone
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan: status while optimising, bounds and unmet demand, bookings, and the editor."""
    _staff_only(request.user)
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise Http404("Not found.")
    form = forms.EditForm(request.POST or None)
    refusal = None
    status = 200
    if request.method == "POST":
        _staff_only(request.user, plan=True)
        if form.is_valid():
            try:
                actions.edit_plan(plan, _parse_edit(form, plan), by=request.user,
                                  request=request)
            except p.PlanEditError as error:
                refusal = error.violations
                form.add_error(None, "Refused: " + str(error))
            except ClinicalInputError as error:
                _error(form, error)
            else:
                messages.success(request, "Plan changed.")
                return redirect("nuclear:plan", plan_id=plan.pk)
        status = 400
    rows = list(plan.assignments.select_related("pet_request__patient",
                                                "prrt_cycle__course__patient"))
    names = _unmet_names(plan.unmet)
    return render(request, "nuclear/plan.html", {
        "plan": plan, "rows": rows, "form": form, "refusal": refusal, "unmet": names,
        "running": plan.status in (PlanStatus.QUEUED, PlanStatus.RUNNING),
        "may_plan": can(request.user, Action.PLAN_NUCLEAR_MEDICINE),
        "pet_count": sum(1 for r in rows if r.kind == "pet"),
        "prrt_count": sum(1 for r in rows if r.kind == "prrt"),
        "demand": len(plan.problem.get("pet_requests", [])) + len(
            plan.problem.get("prrt_cycles", []))}, status=status)


def _unmet_names(refs: list[str]) -> list[str]:
    pet_ids = [int(r[4:]) for r in refs if r.startswith("pet-")]
    cyc_ids = [int(r[5:]) for r in refs if r.startswith("prrt-")]
    out = [f"PET for {r.patient.full_name} (from {r.earliest_day})" for r in
           PetRequest.objects.filter(pk__in=pet_ids).select_related("patient")]
    out += [f"PRRT cycle {c.number} for {c.course.patient.full_name}" for c in
            PrrtCycle.objects.filter(pk__in=cyc_ids).select_related("course__patient")]
    return out


@login_required
@require_http_methods(["POST"])
@program_zone
def plan_accept(request: HttpRequest, plan_id: int) -> HttpResponse:
    _staff_only(request.user, plan=True)
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise Http404("Not found.")
    try:
        actions.accept_plan(plan, by=request.user, request=request)
    except (ClinicalInputError, p.PlanEditError) as error:
        messages.error(request, f"Not accepted: {error}")
    else:
        messages.success(request, "Plan accepted; patients are booked.")
    return redirect("nuclear:plan", plan_id=plan.pk)


@login_required
@require_http_methods(["POST"])
@program_zone
def cancel_booking(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Cancel a booked PET scan or PRRT cycle from the day view; the day is re-planned and the
    proposal (who moved in, who stays waiting and why) opens for staff to accept."""
    _staff_only(request.user, plan=True)
    if kind not in ("pet", "prrt"):
        raise Http404("Not found.")
    form = forms.CancelBookingForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        plan = actions.cancel_booking(kind, pk, reason=reason, by=request.user, request=request)
    except ClinicalInputError as error:
        messages.error(request, f"Not cancelled: {error.detail}")
        return redirect("nuclear:home")
    messages.success(request, "Booking cancelled; the day was re-planned. Review and accept "
                     "the proposal below.")
    return redirect("nuclear:plan", plan_id=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
@program_zone
def pet_request_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Request an SSTR PET for a patient (the optimiser books it)."""
    _staff_only(request.user, plan=True)
    patient = access.patient_for(request, patient_id)
    form = forms.PetRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.request_pet(patient, form.cleaned_data, by=request.user, request=request)
            except ClinicalInputError as error:
                _error(form, error)
            else:
                messages.success(request, "PET requested; it will be placed by the next plan.")
                return redirect("nuclear:home")
        status = 400
    return render(request, "nuclear/pet_request.html", {"patient": patient, "form": form},
                  status=status)


OPEN_FOR_DECISION = (CycleStatus.PLANNED, CycleStatus.READY, CycleStatus.WITHHELD)


def _course_context(course: PrrtCourse | None, *, may_decide: bool = False) -> dict[str, Any]:
    if course is None:
        return {"course": None}
    cycles = list(course.cycles.all())
    orders = {o.cycle_id: o for o in DoseOrder.objects.filter(cycle__course=course,
                                                              cancelled=False)}
    items = []
    for c in cycles:
        c.course = course
        order = orders.get(c.pk)
        checklist = actions.checklist_state(c)
        items.append({"cycle": c, "checklist": checklist,
                      "still_to_do": [i["label"] for i in checklist if not i["done"]],
                      "order": order, "dose": _dose_view(order) if order else None,
                      "may_order": actions.dose_decided_to_give(c),
                      "may_decide": may_decide and bool(actions.decision_choices(c)) and (
                          c.status in OPEN_FOR_DECISION)})
    return {"course": course, "cycles": items, "bridging": actions.bridging_schedule(course),
            "imaging": list(course.imaging.select_related("cycle"))}


def _dose_view(order: DoseOrder) -> dict[str, Any]:
    when = order.administered_at or order.planned_at
    at = order.activity_at(when)
    net = actions.net_administered(order)
    return {"calibration": order.calibration, "at": at, "warnings": actions.dose_warnings(
        order, when), "latest": actions.latest_safe_time(order), "net": net,
        "low": order.prescribed_gbq * (1 - DOSE_TOLERANCE),
        "high": order.prescribed_gbq * (1 + DOSE_TOLERANCE)}


def _chart_help(form: forms.CourseForm, facts: list[prefill.Prefilled]) -> None:
    """Label each prefilled field with where its value came from, or as unknown."""
    for f in facts:
        if f.name in form.fields:
            form.fields[f.name].help_text = (f"From the {f.source.removeprefix('chart: ')} "
                                             "(chart); correct it if it is wrong." if f.known
                                             else "Unknown: not found in the chart.")


@login_required
@require_http_methods(["GET", "POST"])
@program_zone
def course_page(request: HttpRequest, patient_id: int) -> HttpResponse:
    """A patient's PRRT course: eligibility, cycles, checklists, labs, dose decisions and
    orders, bridging schedule, post-treatment imaging.

    POST `intent`: "check" shows the eligibility check of the (corrected) chart values without
    starting; "start" starts the course; "imaging" orders/records post-treatment imaging;
    "imaging_done" records ordered imaging as done; "stop" discontinues the course.

    Stopping is a physician's decision (nuclear medicine or medical oncology,
    `can_stop_prrt_course`): only they get the form, and anyone else's "stop" answers 404.
    """
    if not can(request.user, Action.VIEW_ANY_CHART):
        raise Http404("Not found.")
    patient = access.patient_for(request, patient_id)
    may_run = can_run_prrt_cycle(request.user)
    may_stop = can_stop_prrt_course(request.user)
    course = PrrtCourse.objects.filter(patient=patient).first()
    intent = request.POST.get("intent", "start") if request.method == "POST" else None
    can_start = course is None or course.status != CourseStatus.ACTIVE
    # The chart is read (about a dozen queries) only while a course can be started.
    facts = prefill.chart_facts(patient) if may_run and can_start else []
    form = forms.CourseForm(request.POST if intent in ("check", "start") else None,
                            initial={"first_window_start": timezone.localdate(),
                                     **prefill.form_initial(facts)})
    _chart_help(form, facts)
    imaging_form = forms.PostImagingForm(request.POST if intent == "imaging" else None,
                                         prefix="img",
                                         initial={"ordered_on": timezone.localdate()})
    done_form = forms.PostImagingDoneForm(request.POST if intent == "imaging_done" else None,
                                          prefix="done")
    stop_form = forms.StopCourseForm(request.POST if intent == "stop" else None, prefix="stop")
    check = None
    status = 200
    if request.method == "POST":
        if not (may_stop if intent == "stop" else may_run):
            raise Http404("Not found.")
        done = _course_post(request, patient, course, intent, form, imaging_form, done_form,
                            stop_form)
        if isinstance(done, HttpResponse):
            return done
        check = done
        status = 200 if check is not None else 400
    ctx = {"patient": patient, "form": form, "may_run": may_run, "may_stop": may_stop,
           "may_decide": can_decide_prrt_dose(request.user),
           "check": check,
           "chart_facts": facts, "imaging_form": imaging_form, "done_form": done_form,
           "stop_form": stop_form, "intent": intent,
           "tolerance_pct": int(DOSE_TOLERANCE * 100), "shelf_life_h": SHELF_LIFE_HOURS,
           "lab_window": actions.LAB_WINDOW_DAYS, "standard": prrt.STANDARD_ACTIVITY_GBQ,
           "can_start": can_start}
    ctx.update(_course_context(course, may_decide=ctx["may_decide"]))
    return render(request, "nuclear/course.html", ctx, status=status)


def _course_post(request: HttpRequest, patient: Any, course: PrrtCourse | None, intent: str | None,
                 form: forms.CourseForm, imaging_form: forms.PostImagingForm,
                 done_form: forms.PostImagingDoneForm,
                 stop_form: forms.StopCourseForm) -> HttpResponse | dict[str, Any] | None:
    """Handle one POST intent: a redirect on success, the check's result for "check", None
    when the bound form has errors (the page answers 400 with what was typed)."""
    back = redirect("nuclear:course", patient_id=patient.pk)
    by = request.user
    if intent in ("check", "start"):
        if not form.is_valid():
            return None
        if intent == "check":
            try:
                return actions.check_eligibility(form.facts())
            except ClinicalInputError as error:
                _error(form, error)
                return None
        cd = form.cleaned_data
        try:
            actions.start_course(
                patient, form.facts(), first_window_start=cd["first_window_start"],
                baseline_creatinine=cd["baseline_creatinine"],
                baseline_creatinine_unit=cd["baseline_creatinine_unit"],
                baseline_creatinine_on=cd["baseline_creatinine_on"],
                pregnancy_test_applies=cd["pregnancy_test_applies"],
                last_long_acting_ssa=cd["last_long_acting_ssa"],
                last_short_acting_ssa=cd["last_short_acting_ssa"], by=by, request=request)
        except ClinicalInputError as error:
            _error(form, error)
            return None
        messages.success(request, "PRRT course started.")
        return back
    if course is None:
        raise Http404("Not found.")
    if intent == "imaging":
        if not imaging_form.is_valid():
            return None
        cd = imaging_form.cleaned_data
        try:
            actions.order_post_imaging(course, kind=cd["kind"], ordered_on=cd["ordered_on"],
                                       cycle_number=cd["cycle_number"],
                                       performed_on=cd["performed_on"], finding=cd["finding"],
                                       by=by, request=request)
        except ClinicalInputError as error:
            _error(imaging_form, error)
            return None
        messages.success(request, "Post-treatment imaging saved.")
        return back
    if intent == "imaging_done":
        if not done_form.is_valid():
            return None
        item = PostImaging.objects.filter(pk=done_form.cleaned_data["item"],
                                          course=course).first()
        if item is None:
            raise Http404("Not found.")
        try:
            actions.record_post_imaging_result(
                item, performed_on=done_form.cleaned_data["performed_on"],
                finding=done_form.cleaned_data["finding"], by=by, request=request)
        except ClinicalInputError as error:
            _error(done_form, error)
            return None
        messages.success(request, "Imaging recorded as done.")
        return back
    if intent == "stop":
        if not stop_form.is_valid():
            return None
        try:
            actions.stop_course(course, reason=stop_form.cleaned_data["reason"], by=by,
                                request=request)
        except ClinicalInputError as error:
            _error(stop_form, error)
            return None
        messages.success(request, "PRRT course discontinued.")
        return back
    raise Http404("Not found.")


STEP_FORMS = {"checklist": forms.ChecklistForm, "labs": forms.LabsForm,
              "decision": forms.DoseDecisionForm, "order": forms.DoseOrderForm,
              "administer": forms.AdministrationForm, "octreotide": forms.OctreotideForm}


@login_required
@require_http_methods(["GET", "POST"])
@program_zone
def cycle_step(request: HttpRequest, cycle_id: int, step: str) -> HttpResponse:
    """One step of running a cycle: checklist, labs (the label table's suggestion), the dose
    decision (a nuclear-medicine physician's only: anyone else gets 404), order, administer,
    octreotide. The form keeps what was typed on error."""
    if not can_run_prrt_cycle(request.user) or step not in STEP_FORMS:
        raise Http404("Not found.")
    if step == "decision" and not can_decide_prrt_dose(request.user):
        raise Http404("Not found.")
    cycle = PrrtCycle.objects.select_related("course").filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404("Not found.")
    patient = access.patient_for(request, cycle.course.patient_id)
    form_class = STEP_FORMS[step]
    initial: dict[str, Any] = {}
    kwargs: dict[str, Any] = {}
    if step == "labs":
        kwargs["course"] = cycle.course
    if step == "checklist":
        kwargs["items"] = actions.checklist_state(cycle)
        initial = {i["key"]: getattr(cycle, i["key"]) for i in kwargs["items"]
                   if i["key"] in actions.CHECKLIST_FIELDS}
    if step == "decision":
        kwargs["choices"] = actions.decision_choices(cycle)
        initial = {"action": cycle.suggestion.get("action")}
    order = DoseOrder.objects.filter(cycle=cycle, cancelled=False).first()
    form = form_class(request.POST or None, initial=initial, **kwargs)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cd = form.cleaned_data
            try:
                note = _run_step(step, cycle, order, form, cd, request)
            except ClinicalInputError as error:
                _error(form, error)
            else:
                for warning in note:
                    messages.warning(request, warning)
                messages.success(request, "Saved.")
                return redirect(reverse("nuclear:course", args=[patient.pk])
                                + f"#cycle-{cycle.number}")
        status = 400
    still_to_do = (actions.open_checklist_items(cycle) if step == "administer" and order
                   else [])
    # A form that can only be refused is not offered (what stops it is said instead); a
    # posted one stays, with what was typed and the refusal.
    show_form = form.is_bound or not (
        (step == "decision" and not cycle.suggestion)
        or (step == "administer" and (order is None or still_to_do)))
    return render(request, "nuclear/cycle_step.html", {
        "patient": patient, "cycle": cycle, "step": step, "form": form, "order": order,
        "still_to_do": still_to_do, "show_form": show_form,
        "dose": _dose_view(order) if order else None,
        "tolerance_pct": int(DOSE_TOLERANCE * 100), "shelf_life_h": SHELF_LIFE_HOURS},
        status=status)


def _run_step(step: str, cycle: PrrtCycle, order: DoseOrder | None, form: Any,
              cd: dict[str, Any], request: HttpRequest) -> list[str]:
    by = request.user
    if step == "checklist":
        actions.record_checklist(cycle, cd, by=by, request=request)
        return []
    if step == "labs":
        actions.record_labs(cycle, form.labs(), labs_on=cd["labs_on"], by=by, request=request)
        return []
    if step == "decision":
        actions.decide_dose(cycle, cd["action"], reason=cd["reason"], by=by, request=request)
        return []
    if step == "order":
        _, warnings = actions.order_dose(cycle, calibration_gbq=cd["calibration_gbq"],
                                         calibration_at=cd["calibration_at"],
                                         planned_at=cd["planned_at"], lot=cd["lot"], by=by,
                                         request=request)
        return warnings
    if step == "administer":
        if order is None:
            raise actions.NuclearInputError("order", "order the dose first")
        actions.record_administration(order, by=by, request=request, **cd)
        return actions.dose_warnings(order, cd["administered_at"])
    return actions.record_octreotide(cycle, cd["given_at"], by=by, request=request)


@login_required
@require_http_methods(["GET"])
@program_zone
def safety(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Printable radiation-safety instructions in plain words (LOGISTICS 4.3 model figures).

    Staff may open any patient's; a patient may open their own."""
    patient = access.patient_for(request, patient_id)
    course = PrrtCourse.objects.filter(patient=patient).first()
    last = None
    if course is not None:
        last = course.cycles.filter(status=CycleStatus.GIVEN).order_by("-number").first()
    ctx: dict[str, Any] = {"patient": patient, "last": last}
    if last is not None and last.given_at:
        given = last.given_at.astimezone(actions.zone()).date()
        ctx.update(sleep_until=given + timedelta(days=9), children_until=given + timedelta(days=9),
                   work_from=given + timedelta(days=2))
    return render(request, "nuclear/safety.html", ctx)
