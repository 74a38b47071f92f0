"""Every change to PRRT courses, dose orders, PET requests, the department and plans.

Each action runs in one transaction, validates, writes the audit entry and (for clinical events)
the patient's TimelineEntry; views, the API and tests call these same functions.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from netcare import planning as p
from netcare.accounts.policy import can_decide_prrt_dose, can_stop_prrt_course
from netcare.audit import codes
from netcare.audit.log import record
from netcare.clinical import prrt, sources
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.radionuclides import Activity, Nuclide, decay_to, gbq_to_mci
from netcare.clinical.vocabulary import Differentiation
from netcare.nuclear import words
from netcare.nuclear.models import (
    DOSE_TOLERANCE,
    SHELF_LIFE_HOURS,
    Assignment,
    AssignmentKind,
    CourseStatus,
    CreatinineUnit,
    CycleStatus,
    Department,
    DoseOrder,
    PetRequest,
    PetStatus,
    Plan,
    PlanStatus,
    PostImaging,
    PrrtCourse,
    PrrtCycle,
)
from netcare.nuclear.serialize import problem_from_json
from netcare.patients.models import Patient, TimelineEntry
from netcare.program import settings_store
from netcare.validators import future_date_problem, future_moment_problem

LAB_WINDOW_DAYS = 14
"""Labs count for a cycle when drawn within 14 days before it: the program's setting (the label
gives no number); shown in the UI as such."""


class NuclearInputError(ClinicalInputError):
    """Bad input to a nuclear-medicine action; `.field` names the field."""


def zone() -> ZoneInfo:
    return settings_store.current().zone


def local_instant(day: date, minute: int) -> datetime:
    """A local wall-clock minute of a local day as an aware datetime (DST-correct: zoneinfo
    resolves the offset for that date)."""
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone())


def local_day_minute(moment: datetime) -> tuple[date, int]:
    local = moment.astimezone(zone())
    return local.date(), local.hour * 60 + local.minute


def _timeline(patient: Patient, kind: str, title: str, summary: str, obj: Any,
              when: datetime | None = None) -> None:
    TimelineEntry.objects.create(
        patient=patient, occurred_at=when or timezone.now(), kind=kind, title=title[:200],
        summary=summary[:500], source_type=f"nuclear.{type(obj).__name__}",
        source_id=str(obj.pk),
    )


# --- PRRT course ------------------------------------------------------------------------------

_FACT_NAMES = {f for f in prrt.PRRTFacts.__slots__}  # type: ignore[attr-defined]


def eligibility_json(facts: prrt.PRRTFacts) -> dict[str, Any]:
    result = prrt.assess_eligibility(facts)
    inputs = {k: (v.value if isinstance(v, Differentiation) else v)
              for k, v in asdict(facts).items()}
    return {
        "inputs": inputs,
        "label": result.label.value,
        "netter1": result.netter1.value,
        "netter2": result.netter2.value,
        "criteria": [{"key": r.criterion.key, "program": r.criterion.program.value,
                      "description": r.criterion.description, "source": r.criterion.source,
                      "status": r.status.value} for r in result.criteria],
        "uncertain": list(result.uncertain),
    }


def _facts(facts: dict[str, Any]) -> prrt.PRRTFacts:
    unknown = set(facts) - _FACT_NAMES
    if unknown:
        raise NuclearInputError(sorted(unknown)[0], "is not an eligibility fact")
    clean = dict(facts)
    if clean.get("differentiation"):
        clean["differentiation"] = Differentiation(clean["differentiation"])
    return prrt.PRRTFacts(**clean)  # raises ClinicalInputError naming the field


def check_eligibility(facts: dict[str, Any]) -> dict[str, Any]:
    """The eligibility check of `facts` without starting anything (the form's "Check")."""
    return eligibility_json(_facts(facts))


def start_course(patient: Patient, facts: dict[str, Any], *, first_window_start: date,
                 baseline_creatinine: float | None = None,
                 baseline_creatinine_unit: str = "",
                 baseline_creatinine_on: date | None = None,
                 pregnancy_test_applies: bool = False,
                 last_long_acting_ssa: datetime | None = None,
                 last_short_acting_ssa: datetime | None = None,
                 by: Any, request: HttpRequest | None = None) -> PrrtCourse:
    """Check eligibility (netcare.clinical.prrt) and open a course with cycle 1.

    Refuses when the label indication is not met (field "eligibility") or a course is already
    active (field "patient"). The trial programs (NETTER-1/2) are shown, not enforced.
    A baseline creatinine needs its unit (mg/dL or µmol/L: each cycle's value is entered in
    it); the day it was measured is optional and not in the future.
    """
    facts_obj = _facts(facts)
    elig = eligibility_json(facts_obj)
    if elig["label"] == prrt.Status.NOT_MET.value:
        failed = [c["description"] for c in elig["criteria"]
                  if c["program"] == "label" and c["status"] == "not_met"]
        raise NuclearInputError("eligibility", "label indication not met: " + "; ".join(failed))
    for name, value in (("last_long_acting_ssa", last_long_acting_ssa),
                        ("last_short_acting_ssa", last_short_acting_ssa)):
        if value is not None and timezone.is_naive(value):
            raise NuclearInputError(name, "must carry a time zone")
    if baseline_creatinine is None:
        if baseline_creatinine_unit or baseline_creatinine_on:
            raise NuclearInputError("baseline_creatinine", "give the baseline creatinine value "
                                    "with its unit and date")
    elif baseline_creatinine_unit not in CreatinineUnit.values:
        raise NuclearInputError("baseline_creatinine_unit", "choose the unit of the baseline "
                                "creatinine: " + " or ".join(CreatinineUnit.values))
    problem = future_date_problem(baseline_creatinine_on, "Baseline creatinine measured on")
    if problem:
        raise NuclearInputError("baseline_creatinine_on", problem)
    with transaction.atomic():
        if PrrtCourse.objects.select_for_update().filter(
                patient=patient, status=CourseStatus.ACTIVE).exists():
            raise NuclearInputError("patient", "already has an active PRRT course")
        course = PrrtCourse.objects.create(
            patient=patient, eligibility=elig,
            baseline_creatinine_clearance_ml_min=facts_obj.creatinine_clearance_ml_min,
            baseline_creatinine=baseline_creatinine,
            baseline_creatinine_unit=baseline_creatinine_unit,
            baseline_creatinine_on=baseline_creatinine_on,
            pregnancy_test_applies=pregnancy_test_applies,
            last_long_acting_ssa=last_long_acting_ssa, last_short_acting_ssa=last_short_acting_ssa,
            created_by=by)
        course.treatment_id = _record_prrt_treatment(course, by=by, request=request)
        course.save(update_fields=["treatment_id"])
        PrrtCycle.objects.create(course=course, number=1, window_start=first_window_start,
                                 window_end=first_window_start + timedelta(days=14))
        record(request, codes.PRRT_COURSE_STARTED, user=by, patient=patient, obj=course,
               detail={"label": elig["label"], "netter1": elig["netter1"],
                       "netter2": elig["netter2"]})
        _timeline(patient, "prrt", "PRRT course started",
                  f"Label indication {elig['label']}; NETTER-1 {elig['netter1']}; NETTER-2 "
                  f"{elig['netter2']}. Cycle 1 window from {first_window_start}.", course)
    return course


def _record_prrt_treatment(course: PrrtCourse, *, by: Any,
                           request: HttpRequest | None) -> int:
    """The course as a `treatments` PRRT treatment, so the chart's problem summary lists PRRT
    as active (the treatments app's own action writes its audit entry and timeline)."""
    from netcare.treatments.actions import record_treatment
    from netcare.workup.actions import ResultInputError

    try:
        treatment = record_treatment(course.patient, {
            "kind": "prrt", "agent": f"Lu-177 DOTATATE {prrt.STANDARD_ACTIVITY_GBQ:g} GBq, up "
            f"to {prrt.DOSES_PER_COURSE} cycles", "intent": "palliative",
            "start_on": timezone.localdate()}, by=by, request=request)
    except ResultInputError as error:
        raise NuclearInputError(error.field or "patient", str(error)) from None
    return treatment.pk


def _stop_prrt_treatment(course: PrrtCourse, *, completed: bool, reason: str, by: Any,
                         request: HttpRequest | None) -> None:
    """Stop the course's `treatments` record (completed or stopped); no-op without one."""
    from netcare.treatments.actions import stop_treatment
    from netcare.treatments.models import Treatment

    treatment = Treatment.objects.filter(pk=course.treatment_id).first() if (
        course.treatment_id) else None
    if treatment is None:
        return
    end_on = max(timezone.localdate(), treatment.start_on)
    stop_treatment(treatment, end_on, by=by, reason=reason, completed=completed,
                   request=request)


def stop_course(course: PrrtCourse, *, reason: str, by: Any,
                request: HttpRequest | None = None) -> PrrtCourse:
    """Discontinue an active course (a clinician's decision, with a reason): open cycles are
    discontinued, their bookings freed, and the PRRT treatment on the record is stopped.

    Raises:
        PermissionDenied: `by` is not a physician of nuclear medicine or medical oncology
            (`accounts.policy.can_stop_prrt_course`; the pages and the API ask it too).
        NuclearInputError: no reason, or the course is not active (field named).
    """
    if not can_stop_prrt_course(by):
        raise PermissionDenied("only a physician of nuclear medicine or medical oncology "
                               "stops a PRRT course")
    reason = (reason or "").strip()
    if not reason:
        raise NuclearInputError("reason", "give the reason for stopping the course")
    if course.status != CourseStatus.ACTIVE:
        raise NuclearInputError("status", f"course is {course.get_status_display().lower()}")
    with transaction.atomic():
        course.status = CourseStatus.DISCONTINUED
        course.stop_reason = reason[:200]
        course.save(update_fields=["status", "stop_reason"])
        course.cycles.filter(status__in=[CycleStatus.PLANNED, CycleStatus.READY,
                                         CycleStatus.WITHHELD]).update(
            status=CycleStatus.DISCONTINUED, scheduled_at=None, chair="")
        _stop_prrt_treatment(course, completed=False, reason=reason, by=by, request=request)
        record(request, codes.PRRT_COURSE_STOPPED, user=by, patient=course.patient, obj=course,
               detail={"reason": reason})
        _timeline(course.patient, "prrt", "PRRT course discontinued", reason, course)
    return course


CHECKLIST_FIELDS = ("ssa_washout_confirmed", "pregnancy_test_negative", "consent_signed",
                    "amino_acids_ready", "antiemetics_given")


def checklist_state(cycle: PrrtCycle) -> list[dict[str, Any]]:
    """Each checklist item with done/not and why it matters (the view and API show this)."""
    course = cycle.course
    due = (cycle.scheduled_at.astimezone(zone()).date() if cycle.scheduled_at
           else cycle.window_start)
    labs_ok = cycle.labs_on is not None and 0 <= (due - cycle.labs_on).days <= LAB_WINDOW_DAYS
    washout = prrt.ssa_washout(course.last_long_acting_ssa, course.last_short_acting_ssa)
    items = [
        {"key": "labs_on", "label": f"Labs within {LAB_WINDOW_DAYS} days before the dose "
         "(program setting)", "done": labs_ok,
         "detail": f"drawn {cycle.labs_on}" if cycle.labs_on else "no labs recorded"},
        {"key": "dose_decision", "label": "Dose decided by a nuclear-medicine physician "
         "(from the labs and the label's table)", "done": dose_decided_to_give(cycle),
         "detail": _decision_detail(cycle)},
        {"key": "ssa_washout_confirmed", "label": "Somatostatin analog washout: long-acting "
         "≥ 4 weeks, short-acting ≥ 24 h before", "done": cycle.ssa_washout_confirmed,
         "detail": ("earliest " + washout.earliest.astimezone(zone()).strftime("%Y-%m-%d %H:%M")
                    if washout.earliest else "no SSA recorded")},
        {"key": "consent_signed", "label": "Consent signed", "done": cycle.consent_signed,
         "detail": ""},
        {"key": "amino_acids_ready", "label": "Amino acid infusion ready (4 h from 30 min "
         "before)", "done": cycle.amino_acids_ready, "detail": prrt.AMINO_ACIDS},
        {"key": "antiemetics_given", "label": "Anti-emetic premedication", "done":
         cycle.antiemetics_given, "detail": ""},
    ]
    if course.pregnancy_test_applies:
        items.insert(3, {"key": "pregnancy_test_negative", "label": "Pregnancy test negative",
                         "done": cycle.pregnancy_test_negative, "detail": ""})
    return items


def _decision_detail(cycle: PrrtCycle) -> str:
    if is_decided(cycle):
        d = cycle.decision
        dose = f", {d['activity_gbq']:g} GBq at administration" if d.get("activity_gbq") else ""
        when = cycle.decided_at.astimezone(zone()) if cycle.decided_at else None
        return (f"{words.in_words(words.DOSE_ACTION, d['action'])}{dose} — {d.get('by', '')}"
                + (f", {when:%Y-%m-%d %H:%M}" if when else ""))
    if "action" in cycle.suggestion:
        return ("the label's table suggests: "
                f"{words.in_words(words.DOSE_ACTION, cycle.suggestion['action'])}; waiting for "
                "a nuclear-medicine physician's decision")
    return "no labs recorded"


def is_decided(cycle: PrrtCycle) -> bool:
    """A physician decided this cycle's dose from its current labs."""
    return cycle.decided_by_id is not None and "action" in cycle.decision


def dose_decided_to_give(cycle: PrrtCycle) -> bool:
    """A physician decided to give this cycle's dose (7.4 or 3.7 GBq)."""
    return is_decided(cycle) and cycle.decision["action"] in GIVE_ACTIONS


def checklist_complete(cycle: PrrtCycle) -> bool:
    return all(item["done"] for item in checklist_state(cycle))


def open_checklist_items(cycle: PrrtCycle) -> list[str]:
    """The labels of the checklist items still to do (in the checklist's order)."""
    return [item["label"] for item in checklist_state(cycle) if not item["done"]]


def record_checklist(cycle: PrrtCycle, data: dict[str, Any], *, by: Any,
                     request: HttpRequest | None = None) -> PrrtCycle:
    """Tick checklist items (booleans in CHECKLIST_FIELDS). No-op when nothing changes.

    A negative pregnancy test is refused (field named) for a course without one: the
    checklist (`checklist_state`) does not list it there, and the form does not ask it.
    """
    if cycle.status not in (CycleStatus.PLANNED, CycleStatus.READY):
        raise NuclearInputError("status", f"cycle is {cycle.get_status_display().lower()}")
    if data.get("pregnancy_test_negative") and not cycle.course.pregnancy_test_applies:
        raise NuclearInputError("pregnancy_test_negative", "no pregnancy test applies to this "
                                "course (set when the course was started)")
    changed = {k: bool(data[k]) for k in CHECKLIST_FIELDS
               if k in data and bool(data[k]) != getattr(cycle, k)}
    if not changed:
        return cycle
    with transaction.atomic():
        for k, v in changed.items():
            setattr(cycle, k, v)
        cycle.status = CycleStatus.READY if checklist_complete(cycle) else CycleStatus.PLANNED
        cycle.save(update_fields=[*changed, "status"])
        record(request, codes.PRRT_CHECKLIST_RECORDED, user=by, patient=cycle.course.patient,
               obj=cycle, detail={"changed": changed})
    return cycle


_LAB_KEYS = ("thrombocytopenia_grade", "anemia_grade", "neutropenia_grade",
             "creatinine_clearance_ml_min", "creatinine", "bilirubin_x_uln", "albumin_g_l",
             "prothrombin_ratio_percent", "other_grade")


def _history(cycle: PrrtCycle) -> dict[str, Any]:
    """withheld_for / reduced_for / last_dose_reduced / delay from the course so far."""
    # What physicians decided, not what the table suggested: a dose given reduced counts, a
    # dose withheld carries the toxicities it was withheld for.
    earlier = list(cycle.course.cycles.filter(number__lt=cycle.number, status=CycleStatus.GIVEN)
                   .order_by("number"))
    reduced_for: set[str] = set()
    for c in earlier:
        if c.decision.get("action") == prrt.DoseAction.GIVE_REDUCED.value:
            reduced_for |= set(c.decision.get("toxicities", []))
    last_reduced = bool(earlier) and (
        earlier[-1].decision.get("action") == prrt.DoseAction.GIVE_REDUCED.value)
    withheld_for = set(cycle.decision.get("withheld_for", []))
    if cycle.decision.get("action") == prrt.DoseAction.WITHHOLD.value:
        withheld_for |= set(cycle.decision.get("toxicities", []))
    return {"reduced_for": reduced_for, "last_dose_reduced": last_reduced,
            "withheld_for": withheld_for}


def record_labs(cycle: PrrtCycle, labs: dict[str, Any], *, labs_on: date, today: date | None = None,
                by: Any, request: HttpRequest | None = None) -> PrrtCycle:
    """Record the pre-dose labs and the label table's suggestion from them
    (`prrt.dose_modification`, REFERENCE §5; label 2.4), with its inputs and source.

    The suggestion is decision support: the dose is decided by a nuclear-medicine physician
    (`decide_dose`). New labs replace any earlier decision for this cycle, which then waits for
    a decision on these labs (the checklist shows it to do); a withheld cycle stays withheld
    until then. Anyone who runs the cycle (`can_run_prrt_cycle`) may enter labs.
    """
    if cycle.status not in (CycleStatus.PLANNED, CycleStatus.READY, CycleStatus.WITHHELD):
        raise NuclearInputError("status", f"cycle is {cycle.get_status_display().lower()}")
    unknown = set(labs) - set(_LAB_KEYS)
    if unknown:
        raise NuclearInputError(sorted(unknown)[0], "is not a dose-modification input")
    today = today or timezone.localdate()
    if labs_on > today:
        raise NuclearInputError("labs_on", "cannot be in the future")
    hist = _history(cycle)
    course = cycle.course
    delay = max(0.0, (today - cycle.window_end).days / 7.0) if hist["withheld_for"] else 0.0
    given = {k: v for k, v in labs.items() if v is not None}
    facts = prrt.ToxicityFacts(
        **given,
        baseline_creatinine_clearance_ml_min=course.baseline_creatinine_clearance_ml_min,
        baseline_creatinine=course.baseline_creatinine,
        withheld_for=frozenset(prrt.Toxicity(t) for t in hist["withheld_for"]),
        reduced_for=frozenset(prrt.Toxicity(t) for t in hist["reduced_for"]),
        last_dose_reduced=hist["last_dose_reduced"],
        delay_weeks=delay,
    )
    result = prrt.dose_modification(facts)
    suggestion = {
        "action": result.action.value, "activity_gbq": result.activity_gbq,
        "toxicities": [t.value for t in result.toxicities], "reasons": list(result.reasons),
        "rules": list(result.rules), "uncertain": list(result.uncertain),
        "inputs": {
            "labs_on": labs_on.isoformat(), "labs": given,
            "baseline_creatinine_clearance_ml_min": course.baseline_creatinine_clearance_ml_min,
            "baseline_creatinine": course.baseline_creatinine,
            "baseline_creatinine_unit": course.baseline_creatinine_unit,
            "baseline_creatinine_on": (course.baseline_creatinine_on.isoformat()
                                       if course.baseline_creatinine_on else None),
            "withheld_for": sorted(hist["withheld_for"]),
            "reduced_for": sorted(hist["reduced_for"]),
            "last_dose_reduced": hist["last_dose_reduced"], "delay_weeks": delay},
        "source": SUGGESTION_SOURCE, "suggested_on": today.isoformat(),
    }
    previous = cycle.decision
    with transaction.atomic():
        cycle.labs = given
        cycle.labs_on = labs_on
        cycle.suggestion = suggestion
        # The history of this cycle's decisions stays; the decision itself waits for a
        # physician's judgement of these labs.
        cycle.decision = {
            "withheld_for": sorted(hist["withheld_for"]),
            "history": [*previous.get("history", []),
                        *([{k: previous[k] for k in ("action", "decided_on", "by")
                            if k in previous}] if "action" in previous else [])],
        }
        cycle.decided_by = None
        cycle.decided_at = None
        if cycle.status == CycleStatus.READY:
            cycle.status = CycleStatus.PLANNED
        cycle.save(update_fields=["labs", "labs_on", "suggestion", "decision", "decided_by",
                                  "decided_at", "status"])
        record(request, codes.PRRT_LABS_RECORDED, user=by, patient=course.patient, obj=cycle,
               detail={"labs_on": labs_on.isoformat(), "suggestion": suggestion["action"],
                       "reasons": suggestion["reasons"]})
        _timeline(course.patient, "prrt", f"PRRT cycle {cycle.number}: labs",
                  f"The label's table suggests: {_action_words(suggestion)} "
                  f"({'; '.join(suggestion['reasons'])}). Waiting for a nuclear-medicine "
                  "physician's dose decision.", cycle)
    return cycle


SUGGESTION_SOURCE = ("Lutathera label, dose-modification table (2.4) and dosage (2.2), as "
                     "netcare.clinical.prrt.dose_modification (REFERENCE §5)")
GIVE_ACTIONS = (prrt.DoseAction.GIVE_FULL.value, prrt.DoseAction.GIVE_REDUCED.value)
# From the most to the least dose: a physician may choose the table's suggestion or anything
# more cautious (with a reason), never more dose than the table allows.
CAUTION_ORDER = (prrt.DoseAction.GIVE_FULL.value, prrt.DoseAction.GIVE_REDUCED.value,
                 prrt.DoseAction.WITHHOLD.value, prrt.DoseAction.DISCONTINUE.value)
ACTIVITY_GBQ = {prrt.DoseAction.GIVE_FULL.value: prrt.STANDARD_ACTIVITY_GBQ,
                prrt.DoseAction.GIVE_REDUCED.value: prrt.REDUCED_ACTIVITY_GBQ}


def _action_words(decision: dict[str, Any]) -> str:
    dose = (f" ({decision['activity_gbq']:g} GBq at administration)"
            if decision.get("activity_gbq") else "")
    return words.in_words(words.DOSE_ACTION, decision["action"]) + dose


def decision_choices(cycle: PrrtCycle) -> list[str]:
    """The dose actions a physician may choose for this cycle: the label table's suggestion
    and the more cautious ones (none before labs are recorded)."""
    suggested = cycle.suggestion.get("action")
    if suggested not in CAUTION_ORDER:
        return []
    return list(CAUTION_ORDER[CAUTION_ORDER.index(suggested):])


def decide_dose(cycle: PrrtCycle, action: str, *, reason: str = "", by: Any,
                request: HttpRequest | None = None) -> PrrtCycle:
    """A nuclear-medicine physician decides the cycle's dose from its labs and the label
    table's suggestion (REFERENCE §5; label 2.2, 2.4).

    `action`: give_full (7.4 GBq), give_reduced (3.7 GBq), withhold or discontinue — the
    suggestion, or a more cautious one with a `reason`. Giving makes the checklist item done
    (the dose can then be ordered); withholding keeps the toxicities for the 3.7 GBq restart;
    discontinuing ends the course and stops the PRRT treatment. Audited, on the timeline.

    Raises:
        PermissionDenied: `by` is not a physician of nuclear medicine
            (`accounts.policy.can_decide_prrt_dose`; the pages and the API ask it too).
        NuclearInputError: the cycle is not open ("status"), no labs yet ("labs"), an action
            that is not offered ("action"), no reason for departing from the table ("reason").
    """
    if not can_decide_prrt_dose(by):
        raise PermissionDenied("only a physician of nuclear medicine decides a PRRT dose")
    if cycle.status not in (CycleStatus.PLANNED, CycleStatus.READY, CycleStatus.WITHHELD):
        raise NuclearInputError("status", f"cycle is {cycle.get_status_display().lower()}")
    choices = decision_choices(cycle)
    if not choices:
        raise NuclearInputError("labs", "record the pre-dose labs first")
    suggested = cycle.suggestion["action"]
    if action not in choices:
        allowed = ", ".join(words.in_words(words.DOSE_ACTION, a) for a in choices)
        raise NuclearInputError(
            "action", f"choose one of: {allowed} (the label's table suggests "
            f"{words.in_words(words.DOSE_ACTION, suggested)}; more dose than it allows is not "
            "offered)")
    reason = (reason or "").strip()
    if action != suggested and not reason:
        raise NuclearInputError("reason", "give the reason for departing from the label's "
                                "table")
    course = cycle.course
    now = timezone.now()
    decision = {
        "action": action, "activity_gbq": ACTIVITY_GBQ.get(action),
        "toxicities": list(cycle.suggestion.get("toxicities", [])),
        "suggested_action": suggested, "follows_suggestion": action == suggested,
        "reason": reason[:500], "labs_on": cycle.suggestion.get("inputs", {}).get("labs_on"),
        "by": by.get_full_name() or by.get_username(),
        "decided_on": now.astimezone(zone()).date().isoformat(),
        "withheld_for": list(cycle.decision.get("withheld_for", [])),
        "history": list(cycle.decision.get("history", [])),
    }
    with transaction.atomic():
        cycle.decision = decision
        cycle.decided_by = by
        cycle.decided_at = now
        if action == prrt.DoseAction.WITHHOLD.value:
            cycle.status = CycleStatus.WITHHELD
        elif action == prrt.DoseAction.DISCONTINUE.value:
            cycle.status = CycleStatus.DISCONTINUED
            course.status = CourseStatus.DISCONTINUED
            course.stop_reason = ("dose decision: discontinue — "
                                  + "; ".join(cycle.suggestion.get("reasons", []))
                                  + (f" ({reason})" if reason else ""))[:200]
            course.save(update_fields=["status", "stop_reason"])
            _stop_prrt_treatment(course, completed=False, by=by, request=request,
                                 reason="discontinued by the dose decision (label 2.4)")
        else:
            cycle.status = (CycleStatus.READY if checklist_complete(cycle)
                            else CycleStatus.PLANNED)
        cycle.save(update_fields=["decision", "decided_by", "decided_at", "status"])
        record(request, codes.PRRT_DOSE_DECIDED, user=by, patient=course.patient, obj=cycle,
               detail={"action": action, "suggested": suggested, "reason": reason,
                       "labs_on": decision["labs_on"]})
        _timeline(course.patient, "prrt", f"PRRT cycle {cycle.number}: dose decided",
                  f"{_action_words(decision)}, decided by {decision['by']}"
                  + ("" if action == suggested else
                     f"; the label's table suggested {_action_words(cycle.suggestion)}: "
                     f"{reason}") + ".", cycle)
    return cycle


def bridging_schedule(course: PrrtCourse) -> list[dict[str, Any]]:
    """Somatostatin analog plan per cycle (REFERENCE §5): stop long-acting ≥ 4 weeks and
    short-acting ≥ 24 h before; octreotide LAR 30 mg 4-24 h after each dose; resume after."""
    rows = []
    for cycle in course.cycles.all():
        dose_at = cycle.given_at or cycle.scheduled_at
        row: dict[str, Any] = {"cycle": cycle.number, "dose_at": dose_at,
                               "last_long_acting_by": None, "short_acting_until": None,
                               "lar_window": None, "lar_given_at": cycle.octreotide_lar_given_at,
                               "lar_in_window": None}
        if dose_at:
            row["last_long_acting_by"] = dose_at - prrt.LONG_ACTING_SSA_WASHOUT
            row["short_acting_until"] = dose_at - prrt.SHORT_ACTING_SSA_WASHOUT
            end = cycle.infusion_end or dose_at + timedelta(minutes=40)
            row["lar_window"] = prrt.octreotide_lar_window(end)
            if cycle.octreotide_lar_given_at:
                lo, hi = row["lar_window"]
                row["lar_in_window"] = lo <= cycle.octreotide_lar_given_at <= hi
        rows.append(row)
    return rows


# --- dose orders ------------------------------------------------------------------------------


def dose_warnings(order: DoseOrder, when: datetime) -> list[str]:
    """Warnings for giving this vial at `when`: outside ±10 % of the prescription, or past the
    72 h shelf life (a figure to verify, LOGISTICS 4.3)."""
    out = []
    at = order.activity_at(when)
    low, high = (order.prescribed_gbq * (1 - DOSE_TOLERANCE),
                 order.prescribed_gbq * (1 + DOSE_TOLERANCE))
    if not low <= at.gbq <= high:
        out.append(f"At {when.astimezone(zone()):%Y-%m-%d %H:%M} the vial holds {at.gbq:.2f} GBq "
                   f"({at.mci:.0f} mCi), outside ±10 % of {order.prescribed_gbq:g} GBq "
                   f"({low:.2f}-{high:.2f} GBq).")
    age_h = (when - order.calibration_at) / timedelta(hours=1)
    if age_h > SHELF_LIFE_HOURS:
        out.append(f"{age_h:.0f} h after calibration: past the {SHELF_LIFE_HOURS} h shelf life "
                   "(figure from our brief, not yet verified against the SmPC; check the vial "
                   "label).")
    if age_h < 0:
        out.append("Before the calibration time: check the calibration date and time.")
    return out


def latest_safe_time(order: DoseOrder) -> datetime:
    """Latest time the vial stays ≥ 90 % of the prescription, capped at the shelf life."""
    import math

    ratio = order.calibration_gbq / (order.prescribed_gbq * (1 - DOSE_TOLERANCE))
    half_life_h = 6.647 * 24
    hours = half_life_h * math.log2(ratio) if ratio > 0 else 0.0
    return order.calibration_at + timedelta(hours=min(hours, SHELF_LIFE_HOURS))


def order_dose(cycle: PrrtCycle, *, calibration_gbq: float, calibration_at: datetime,
               planned_at: datetime, lot: str = "", by: Any,
               request: HttpRequest | None = None) -> tuple[DoseOrder, list[str]]:
    """Order the Lu-177 dose for a cycle a nuclear-medicine physician decided to give
    (`decide_dose`), at the decided activity; returns warnings."""
    if not dose_decided_to_give(cycle):
        raise NuclearInputError("decision", "a nuclear-medicine physician's dose decision to "
                                "give is needed first (the label table's suggestion from the "
                                "labs is not a decision)")
    for name, value in (("calibration_at", calibration_at), ("planned_at", planned_at)):
        if timezone.is_naive(value):
            raise NuclearInputError(name, "must carry a time zone")
    if not 0 < calibration_gbq <= 30:
        raise NuclearInputError("calibration_gbq", f"must be 0-30 GBq, got {calibration_gbq!r}")
    with transaction.atomic():
        DoseOrder.objects.filter(cycle=cycle, cancelled=False,
                                 administered_at__isnull=True).update(cancelled=True)
        if DoseOrder.objects.filter(cycle=cycle, cancelled=False).exists():
            raise NuclearInputError("cycle", "the dose for this cycle was already given")
        order = DoseOrder.objects.create(
            cycle=cycle, prescribed_gbq=cycle.decision["activity_gbq"],
            calibration_gbq=calibration_gbq, calibration_at=calibration_at,
            planned_at=planned_at, lot=lot, ordered_by=by)
        warnings = dose_warnings(order, planned_at)
        at = order.activity_at(planned_at)
        record(request, codes.PRRT_DOSE_ORDERED, user=by, patient=cycle.course.patient,
               obj=order, detail={"calibration_gbq": calibration_gbq,
                                  "at_planned_gbq": round(at.gbq, 3), "warnings": warnings})
        _timeline(cycle.course.patient, "prrt", f"PRRT cycle {cycle.number}: Lu-177 dose ordered",
                  f"{at.gbq:.2f} GBq ({at.mci:.0f} mCi) at "
                  f"{planned_at.astimezone(zone()):%Y-%m-%d %H:%M}", order)
    return order, warnings


def net_administered(order: DoseOrder) -> Activity | None:
    """Administered − residual decayed back to the administration time (same reference)."""
    if order.administered_gbq is None or order.administered_at is None:
        return None
    residual = 0.0
    if order.residual_gbq is not None and order.residual_measured_at is not None:
        residual = decay_to(Activity(Nuclide.LU_177, order.residual_gbq,
                                     order.residual_measured_at), order.administered_at).gbq
    return Activity(Nuclide.LU_177, max(order.administered_gbq - residual, 0.0),
                    order.administered_at)


ADMINISTRATION_LABELS = {"administered_at": "Administration time",
                         "infusion_end": "Infusion ended",
                         "residual_measured_at": "Residual measured at"}
"""The administration form's labels, which refusals of its times start with."""


def record_administration(order: DoseOrder, *, administered_gbq: float,
                          administered_at: datetime, infusion_end: datetime | None = None,
                          residual_gbq: float | None = None,
                          residual_measured_at: datetime | None = None, by: Any,
                          request: HttpRequest | None = None) -> DoseOrder:
    """Record what was given; marks the cycle given and opens the next cycle's window
    (8 weeks ± 1 week), or completes the course after cycle 4.

    A dose is given only after the pre-treatment checklist (`checklist_state`: labs in the
    window, the physician's decision to give, SSA washout, pregnancy test where it applies,
    consent, amino acids, anti-emetics; REFERENCE §5) is complete, and only the activity that
    physician decided.

    Raises:
        NuclearInputError: the order is cancelled or recorded ("order"), the cycle is not open
            ("status"), checklist items are still to do ("checklist", naming each), the order
            is not for the decided activity ("order"), or a value is out of range (named).
    """
    cycle = order.cycle
    if order.cancelled or order.administered_at is not None:
        raise NuclearInputError("order", "this order is cancelled or already recorded")
    if cycle.status not in (CycleStatus.PLANNED, CycleStatus.READY):
        raise NuclearInputError("status", f"cycle is {cycle.get_status_display().lower()}")
    still_to_do = open_checklist_items(cycle)
    if still_to_do:
        raise NuclearInputError("checklist", "the pre-treatment checklist is not complete; "
                                "still to do: " + "; ".join(still_to_do))
    if order.prescribed_gbq != cycle.decision["activity_gbq"]:
        raise NuclearInputError(
            "order", f"the order is for {order.prescribed_gbq:g} GBq but the dose decision is "
            f"{cycle.decision['activity_gbq']:g} GBq: order the dose again")
    for name, value in (("administered_at", administered_at), ("infusion_end", infusion_end),
                        ("residual_measured_at", residual_measured_at)):
        if value is not None and timezone.is_naive(value):
            raise NuclearInputError(name, "must carry a time zone")
        # A dose is recorded after it happened: a time still ahead would mark the cycle given
        # and open the next cycle's window on a dose no one has had.
        problem = future_moment_problem(value, ADMINISTRATION_LABELS[name])
        if problem:
            raise NuclearInputError(name, problem)
    if not 0 < administered_gbq <= 30:
        raise NuclearInputError("administered_gbq", f"must be 0-30 GBq, got {administered_gbq!r}")
    if (residual_gbq is None) != (residual_measured_at is None):
        raise NuclearInputError("residual_measured_at", "give the residual and its time together")
    if residual_gbq is not None and not 0 <= residual_gbq <= administered_gbq:
        raise NuclearInputError("residual_gbq", "must be between 0 and the administered activity")
    if residual_measured_at is not None and residual_measured_at < administered_at:
        raise NuclearInputError("residual_measured_at", "must be after the administration")
    if infusion_end is not None and infusion_end < administered_at:
        raise NuclearInputError("infusion_end", "must be after the administration started")
    course = cycle.course
    with transaction.atomic():
        # Two people recording the same dose at once (or a form sent twice): the second waits
        # for the first here and is refused, instead of failing on the next cycle's number.
        cycle_status = (PrrtCycle.objects.select_for_update().filter(pk=cycle.pk)
                        .values_list("status", flat=True).first())
        stored = (DoseOrder.objects.select_for_update().filter(pk=order.pk)
                  .values_list("cancelled", "administered_at").first())
        if stored is None or stored[0] or stored[1] is not None:
            raise NuclearInputError("order", "this order is cancelled or already recorded")
        if cycle_status not in (CycleStatus.PLANNED, CycleStatus.READY):
            raise NuclearInputError("status", "this cycle was recorded meanwhile")
        order.administered_gbq = administered_gbq
        order.administered_at = administered_at
        order.residual_gbq = residual_gbq
        order.residual_measured_at = residual_measured_at
        order.save(update_fields=["administered_gbq", "administered_at", "residual_gbq",
                                  "residual_measured_at"])
        cycle.status = CycleStatus.GIVEN
        cycle.given_at = administered_at
        cycle.infusion_end = infusion_end or administered_at + timedelta(minutes=40)
        cycle.save(update_fields=["status", "given_at", "infusion_end"])
        given_day = administered_at.astimezone(zone()).date()
        if cycle.number < prrt.DOSES_PER_COURSE:
            PrrtCycle.objects.create(
                course=course, number=cycle.number + 1,
                window_start=given_day + prrt.DOSE_INTERVAL - prrt.DOSE_INTERVAL_TOLERANCE,
                window_end=given_day + prrt.DOSE_INTERVAL + prrt.DOSE_INTERVAL_TOLERANCE)
        else:
            course.status = CourseStatus.COMPLETED
            course.save(update_fields=["status"])
            _stop_prrt_treatment(course, completed=True, by=by, request=request,
                                 reason=f"{prrt.DOSES_PER_COURSE} cycles given")
        net = net_administered(order) or Activity(Nuclide.LU_177, administered_gbq,
                                                  administered_at)
        record(request, codes.PRRT_DOSE_ADMINISTERED, user=by, patient=course.patient, obj=order,
               detail={"administered_gbq": administered_gbq, "net_gbq": round(net.gbq, 3)})
        _timeline(course.patient, "prrt", f"PRRT cycle {cycle.number} given",
                  f"Lu-177 DOTATATE {net.gbq:.2f} GBq ({gbq_to_mci(net.gbq):.0f} mCi) net at "
                  f"{administered_at.astimezone(zone()):%Y-%m-%d %H:%M}.", order,
                  when=administered_at)
    return order


def record_octreotide(cycle: PrrtCycle, given_at: datetime, *, by: Any,
                      request: HttpRequest | None = None) -> list[str]:
    """Record octreotide LAR 30 mg after a dose; warns outside the 4-24 h window."""
    if cycle.status != CycleStatus.GIVEN or cycle.infusion_end is None:
        raise NuclearInputError("status", "record the dose first")
    if timezone.is_naive(given_at):
        raise NuclearInputError("given_at", "must carry a time zone")
    problem = future_moment_problem(given_at, "Octreotide LAR 30 mg given at")
    if problem:
        raise NuclearInputError("given_at", problem)
    lo, hi = prrt.octreotide_lar_window(cycle.infusion_end)
    warnings = [] if lo <= given_at <= hi else [
        f"Outside the 4-24 h window after the infusion ({sources.section('5').label})."]
    with transaction.atomic():
        cycle.octreotide_lar_given_at = given_at
        cycle.save(update_fields=["octreotide_lar_given_at"])
        course = cycle.course
        if course.last_long_acting_ssa is None or course.last_long_acting_ssa < given_at:
            course.last_long_acting_ssa = given_at
            course.save(update_fields=["last_long_acting_ssa"])
        record(request, codes.PRRT_OCTREOTIDE_RECORDED, user=by, patient=course.patient,
               obj=cycle, detail={"warnings": warnings})
        _timeline(course.patient, "prrt", f"Octreotide LAR {prrt.OCTREOTIDE_LAR_MG} mg after "
                  f"cycle {cycle.number}", warnings[0] if warnings else "", cycle, when=given_at)
    return warnings


# --- PET requests, department ------------------------------------------------------------------


def request_pet(patient: Patient, data: dict[str, Any], *, by: Any,
                request: HttpRequest | None = None) -> PetRequest:
    """Ask for an SSTR PET; the optimiser places it. Validation names the field."""
    weight = data.get("weight_kg")
    if weight is None or not 2 <= weight <= 350:
        raise NuclearInputError("weight_kg", f"must be 2-350 kg, got {weight!r}")
    if data.get("latest_day") and data["latest_day"] < data["earliest_day"]:
        raise NuclearInputError("latest_day", "must not be before the earliest day")
    if not 1 <= int(data.get("priority") or 1) <= 5:
        raise NuclearInputError("priority", "must be 1-5")
    with transaction.atomic():
        pet = PetRequest.objects.create(patient=patient, created_by=by, **data)
        record(request, codes.PET_REQUESTED, user=by, patient=patient, obj=pet)
        _timeline(patient, "pet", "SSTR PET requested",
                  f"From {pet.earliest_day}; weight {pet.weight_kg:g} kg; "
                  f"{pet.get_tracer_ok_display()}.", pet)
    return pet


def active_department() -> Department:
    dept = Department.objects.filter(active=True).first()
    if dept is None:
        dept = Department.objects.create(generator_calibration_date=timezone.localdate())
    return dept


def update_department(dept: Department, data: dict[str, Any], *, by: Any,
                      request: HttpRequest | None = None) -> Department:
    """Change resources or the generator; the planner validates the combination."""
    changed = {k: v for k, v in data.items() if getattr(dept, k) != v}
    if not changed:
        return dept
    with transaction.atomic():
        old = {k: str(getattr(dept, k)) for k in changed}
        for k, v in changed.items():
            setattr(dept, k, v)
        try:
            generator_of(dept)
            resources_of(dept)
        except p.PlanningInputError as error:
            raise NuclearInputError(error.field, error.detail) from None
        dept.save(update_fields=list(changed))
        record(request, codes.NUCLEAR_DEPARTMENT_UPDATED, user=by, obj=dept,
               detail={"old": old, "new": {k: str(v) for k, v in changed.items()}})
    return dept


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


def generator_of(dept: Department) -> p.Generator | None:
    if not dept.generator_installed:
        return None
    from datetime import time as _time

    try:
        times = tuple(_time.fromisoformat(t) for t in _names(dept.elution_times))
    except ValueError:
        raise p.PlanningInputError("elution_times", "use HH:MM separated by commas") from None
    return p.Generator(
        calibration_gbq=dept.generator_calibration_gbq,
        calibration_date=dept.generator_calibration_date, efficiency=dept.elution_efficiency,
        synthesis_yield=dept.synthesis_yield, route=p.Route(dept.route), elution_times=times,
        synthesis_minutes=dept.synthesis_minutes)


def resources_of(dept: Department) -> p.Resources:
    return p.Resources(scanners=_names(dept.scanners), uptake_rooms=dept.uptake_rooms,
                       chairs=_names(dept.chairs), opens=dept.opens, closes=dept.closes)


def supply_of(dept: Department) -> p.UnitDoseSupply | None:
    if not dept.cu64_doses_per_day:
        return None
    return p.UnitDoseSupply(doses_per_day=dept.cu64_doses_per_day,
                            delivery_time=dept.cu64_delivery_time)


# --- plans ------------------------------------------------------------------------------------


def build_problem(start: date, days: int) -> tuple[p.PlanningProblem, list[p.Assignment]]:
    """The PlanningProblem for a horizon from the database, plus the bookings already accepted
    in it (passed to `solve` as locked, so a new plan works around them). Three queries."""
    dept = active_department()
    end = start + timedelta(days=days - 1)
    pets = list(PetRequest.objects.filter(status__in=[PetStatus.OPEN, PetStatus.BOOKED],
                                          earliest_day__lte=end)
                .exclude(latest_day__lt=start))
    requests, locked = [], []
    for r in pets:
        if r.status == PetStatus.BOOKED:
            if r.injection_at is None:
                continue
            day, inj = local_day_minute(r.injection_at)
            if not start <= day <= end:
                continue
            _, scan = local_day_minute(r.scan_at or r.injection_at)
            locked.append(p.PetAssignment(f"pet-{r.pk}", day, inj, scan, r.scanner,
                                          p.Source(r.source or "ga68"), r.elution, locked=True))
        requests.append(p.PetRequest(
            id=f"pet-{r.pk}", weight_kg=r.weight_kg, earliest_day=r.earliest_day,
            latest_day=r.latest_day, last_long_acting_ssa=r.last_long_acting_ssa,
            preferred_time=p.TimeOfDay(r.preferred_time), priority=r.priority,
            tracer_ok=p.Tracer(r.tracer_ok)))
    cycles = []
    for c in (PrrtCycle.objects.filter(status__in=[CycleStatus.PLANNED, CycleStatus.READY],
                                       window_start__lte=end, window_end__gte=start,
                                       course__status=CourseStatus.ACTIVE)
              .select_related("course")):
        prev = None
        if c.number > 1:
            prev_given = (PrrtCycle.objects.filter(course=c.course, number=c.number - 1)
                          .values_list("given_at", flat=True).first())
            prev = prev_given.astimezone(zone()).date() if prev_given else None
            if prev is None:
                continue
        ssa = c.course.last_long_acting_ssa
        cid = f"prrt-{c.pk}"
        if c.scheduled_at is not None:
            day, minute = local_day_minute(c.scheduled_at)
            if not start <= day <= end:
                continue
            locked.append(p.PrrtAssignment(cid, day, minute, c.chair, locked=True))
        cycles.append(p.PrrtCycle(
            id=cid, patient_id=str(c.course.patient_id), cycle_number=c.number,
            earliest=max(c.window_start, start), latest=c.window_end, previous_cycle_date=prev,
            last_long_acting_ssa=ssa.astimezone(zone()).date() if ssa else None))
    problem = p.PlanningProblem(start=start, days=days, generator=generator_of(dept),
                                resources=resources_of(dept), supply=supply_of(dept),
                                pet_requests=tuple(requests), prrt_cycles=tuple(cycles))
    return problem, locked


def request_plan(start: date, days: int, *, by: Any, request: HttpRequest | None = None,
                 time_limit_s: float = 5.0) -> Plan:
    """Snapshot the problem, store a queued Plan and enqueue the optimiser (django.tasks)."""
    from netcare.nuclear.serialize import problem_to_json
    from netcare.nuclear.tasks import run_plan

    if not 1 <= days <= 28:
        raise NuclearInputError("days", "must be 1-28")
    try:
        problem, locked = build_problem(start, days)
    except p.PlanningInputError as error:
        raise NuclearInputError(error.field, error.detail) from None
    with transaction.atomic():
        plan = Plan.objects.create(start=start, days=days, created_by=by,
                                   problem={**problem_to_json(problem),
                                            "locked": [_assignment_json(a) for a in locked]})
        record(request, codes.NUCLEAR_PLAN_REQUESTED, user=by, obj=plan,
               detail={"pet": len(problem.pet_requests), "prrt": len(problem.prrt_cycles)})
    result = run_plan.enqueue(plan.pk, time_limit_s)
    Plan.objects.filter(pk=plan.pk, task_id="").update(task_id=result.id)
    plan.refresh_from_db()
    return plan


def _assignment_json(a: p.Assignment) -> dict[str, Any]:
    if isinstance(a, p.PetAssignment):
        return {"kind": "pet", "ref": a.request_id, "day": a.day.isoformat(),
                "start_min": a.injection_min, "scan_start_min": a.scan_start_min,
                "resource": a.scanner, "source": a.source.value, "elution": a.elution}
    return {"kind": "prrt", "ref": a.cycle_id, "day": a.day.isoformat(),
            "start_min": a.start_min, "resource": a.chair}


def _from_json(d: dict[str, Any], locked: bool = True) -> p.Assignment:
    if d["kind"] == "pet":
        return p.PetAssignment(d["ref"], date.fromisoformat(d["day"]), d["start_min"],
                               d["scan_start_min"], d["resource"], p.Source(d["source"]),
                               d["elution"], locked=locked)
    return p.PrrtAssignment(d["ref"], date.fromisoformat(d["day"]), d["start_min"],
                            d["resource"], locked=locked)


def execute_plan(plan_id: int, time_limit_s: float = 5.0) -> None:
    """Run the optimiser for a stored plan and store the proposal (called by the task)."""
    Plan.objects.filter(pk=plan_id).update(status=PlanStatus.RUNNING, started_at=timezone.now())
    plan = Plan.objects.get(pk=plan_id)
    try:
        problem = problem_from_json(plan.problem)
        locked = [_from_json(d) for d in plan.problem.get("locked", [])]
        result = p.solve(problem, locked=locked, time_limit_s=time_limit_s, workers=2)
    except Exception as error:
        Plan.objects.filter(pk=plan_id).update(status=PlanStatus.FAILED, error=str(error)[:500],
                                               finished_at=timezone.now())
        raise
    with transaction.atomic():
        _store_result(plan, result)
        plan.status = PlanStatus.PROPOSED
        plan.finished_at = timezone.now()
        plan.save()


def _store_result(plan: Plan, result: p.Plan) -> None:
    plan.assignments.all().delete()
    rows = []
    for a in result.assignments:
        pk = a.id.split("-", 1)[1]
        common = {"plan": plan, "ref": a.id, "day": a.day, "locked": a.locked}
        if isinstance(a, p.PetAssignment):
            rows.append(Assignment(kind=AssignmentKind.PET, pet_request_id=int(pk),
                                   start_min=a.injection_min, scan_start_min=a.scan_start_min,
                                   resource=a.scanner, source=a.source.value,
                                   elution=a.elution, **common))
        else:
            rows.append(Assignment(kind=AssignmentKind.PRRT, prrt_cycle_id=int(pk),
                                   start_min=a.start_min, resource=a.chair, **common))
    Assignment.objects.bulk_create(rows)
    plan.objective = result.objective
    plan.bound = result.bound
    plan.gap = result.gap
    plan.physics_bound = result.physics_bound
    plan.physics_unmet = result.physics_unmet
    plan.unmet = list(result.unmet)
    plan.solver_status = result.status
    plan.solve_seconds = result.solve_seconds


def planner_plan(plan: Plan) -> tuple[p.PlanningProblem, p.Plan]:
    """The stored problem and plan as planner objects (for edits and validation)."""
    problem = problem_from_json(plan.problem)
    assignments: list[p.Assignment] = []
    for a in plan.assignments.all():
        if a.kind == AssignmentKind.PET:
            assignments.append(p.PetAssignment(a.ref, a.day, a.start_min, a.scan_start_min or 0,
                                               a.resource, p.Source(a.source), a.elution,
                                               locked=a.locked))
        else:
            assignments.append(p.PrrtAssignment(a.ref, a.day, a.start_min, a.resource,
                                                locked=a.locked))
    return problem, p.Plan(
        assignments=tuple(assignments), unmet=tuple(plan.unmet), objective=plan.objective or 0,
        bound=plan.bound or 0, gap=plan.gap or 0.0, physics_bound=plan.physics_bound or 0,
        physics_unmet=plan.physics_unmet or 0, waiting_days=0,
        status=plan.solver_status, solve_seconds=plan.solve_seconds or 0.0)


def edit_plan(plan: Plan, edit: p.Edit, *, by: Any, request: HttpRequest | None = None) -> Plan:
    """Apply a staff edit through `planning.apply_edit`; PlanEditError names the constraint."""
    if plan.status != PlanStatus.PROPOSED:
        raise NuclearInputError("plan", f"plan is {plan.get_status_display().lower()}; only a "
                                "proposed plan can be edited")
    problem, current = planner_plan(plan)
    try:
        edited = p.apply_edit(problem, current, edit)
    except p.PlanningInputError as error:
        raise NuclearInputError(error.field, error.detail) from None
    with transaction.atomic():
        _store_result(plan, edited)
        plan.save()
        record(request, codes.NUCLEAR_PLAN_EDITED, user=by, obj=plan,
               detail={"edit": type(edit).__name__, **{k: str(v) for k, v in
                                                       asdict(edit).items()}})
    return plan


def accept_plan(plan: Plan, *, by: Any, request: HttpRequest | None = None) -> Plan:
    """Book every assignment: PET requests get their times, cycles their chair; each patient's
    timeline shows the booking. Re-validates first (nothing half-written)."""
    if plan.status != PlanStatus.PROPOSED:
        raise NuclearInputError("plan", "only a proposed plan can be accepted")
    problem, current = planner_plan(plan)
    violations = p.validate_plan(problem, current)
    if violations:
        raise p.PlanEditError(violations)
    with transaction.atomic():
        for a in plan.assignments.select_related("pet_request__patient",
                                                 "prrt_cycle__course__patient"):
            if a.kind == AssignmentKind.PET:
                r = a.pet_request
                if r is None:  # the check constraint makes this impossible
                    continue
                if r.status not in (PetStatus.OPEN, PetStatus.BOOKED):
                    raise NuclearInputError("plan", f"{a.ref} is {r.get_status_display().lower()}"
                                            "; run a new plan")
                if (r.status == PetStatus.BOOKED
                        and r.injection_at == local_instant(a.day, a.start_min)
                        and r.scanner == a.resource):
                    continue  # kept as booked: nothing to change, no second timeline entry
                r.status = PetStatus.BOOKED
                r.injection_at = local_instant(a.day, a.start_min)
                r.scan_at = local_instant(a.day, a.scan_start_min or a.start_min)
                r.scanner = a.resource
                r.source = a.source
                r.elution = a.elution
                r.save(update_fields=["status", "injection_at", "scan_at", "scanner", "source",
                                      "elution"])
                tracer = "Ga-68" if a.source == "ga68" else "Cu-64"
                _timeline(r.patient, "pet", f"SSTR PET booked ({tracer} DOTATATE)",
                          f"{a.day} injection {a.start_min // 60:02d}:{a.start_min % 60:02d}, "
                          f"{a.resource}", r)
            else:
                c = a.prrt_cycle
                if c is None:  # the check constraint makes this impossible
                    continue
                if c.status not in (CycleStatus.PLANNED, CycleStatus.READY):
                    raise NuclearInputError("plan", f"{a.ref} is {c.get_status_display().lower()}"
                                            "; run a new plan")
                if (c.scheduled_at == local_instant(a.day, a.start_min)
                        and c.chair == a.resource):
                    continue
                c.scheduled_at = local_instant(a.day, a.start_min)
                c.chair = a.resource
                c.save(update_fields=["scheduled_at", "chair"])
                _timeline(c.course.patient, "prrt", f"PRRT cycle {c.number} booked",
                          f"{a.day} from {a.start_min // 60:02d}:{a.start_min % 60:02d}, "
                          f"{a.resource}", c)
        plan.status = PlanStatus.ACCEPTED
        plan.accepted_by = by
        plan.accepted_at = timezone.now()
        plan.save(update_fields=["status", "accepted_by", "accepted_at"])
        Plan.objects.filter(status=PlanStatus.PROPOSED).exclude(pk=plan.pk).update(
            status=PlanStatus.SUPERSEDED)
        record(request, codes.NUCLEAR_PLAN_ACCEPTED, user=by, obj=plan,
               detail={"bookings": plan.assignments.count()})
    return plan


# --- cancellation and the one-day re-plan -------------------------------------------------------


def _patient_names(refs: list[str]) -> dict[str, str]:
    """Planner ref -> "patient (PET)" / "patient (PRRT cycle n)". Two queries."""
    pet_ids = [int(r[4:]) for r in refs if r.startswith("pet-")]
    cyc_ids = [int(r[5:]) for r in refs if r.startswith("prrt-")]
    out = {f"pet-{r.pk}": f"{r.patient.full_name} (PET)" for r in
           PetRequest.objects.filter(pk__in=pet_ids).select_related("patient")} if pet_ids else {}
    if cyc_ids:
        out.update({f"prrt-{c.pk}": f"{c.course.patient.full_name} (PRRT cycle {c.number})"
                    for c in PrrtCycle.objects.filter(pk__in=cyc_ids)
                    .select_related("course__patient")})
    return out


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _waiting_reason(problem: p.PlanningProblem, ref: str, day: date) -> str:
    from netcare.planning.physics import pet_candidate_days, prrt_candidate_days

    if ref.startswith("pet-"):
        r = next(x for x in problem.pet_requests if x.id == ref)
        if day in pet_candidate_days(problem, r):
            return ("could take this day, but the freed capacity went to a higher-priority or "
                    "longer-waiting request, or did not fit (Ga-68 activity, scanner time, "
                    "staff, uptake rooms)")
        if r.earliest_day > day or (r.latest_day is not None and r.latest_day < day):
            return "this day is outside the request's window"
        return "too soon after the last long-acting somatostatin analog injection (washout)"
    c = next(x for x in problem.prrt_cycles if x.id == ref)
    if day in prrt_candidate_days(problem, c):
        return ("could take this day, but no infusion chair was free long enough after the "
                "bookings kept")
    return ("this day is outside the cycle's window, within the SSA washout, or out of the "
            "interval to the previous cycle")


def replan_after_cancellation(day: date, cancelled: list[str], *, by: Any,
                              request: HttpRequest | None = None) -> Plan:
    """Run `planning.replan_day` for `day`: every booking kept (locked), the freed capacity
    offered to waiting requests and cycles. Stores the proposal as a one-day Plan with who
    moved in and who stays waiting and why; staff accept it like any plan."""
    from netcare.nuclear.serialize import problem_to_json

    started = timezone.now()
    try:
        problem, locked = build_problem(day, 1)
    except p.PlanningInputError as error:
        raise NuclearInputError(error.field, error.detail) from None
    current = p.Plan(assignments=tuple(locked), unmet=(), objective=len(locked), bound=0,
                     gap=0.0, physics_bound=0, physics_unmet=0, waiting_days=0, status="booked",
                     solve_seconds=0.0)
    result = p.replan_day(problem, current, day, cancelled=cancelled, time_limit_s=1.0)
    placed = {a.id for a in result.assignments}
    new = [a for a in result.assignments if not a.locked]
    gone = set(cancelled)
    waiting = [x.id for x in (*problem.pet_requests, *problem.prrt_cycles)
               if x.id not in placed and x.id not in gone]
    names = _patient_names([a.id for a in new] + waiting + list(cancelled))
    summary = {
        "day": day.isoformat(),
        "cancelled": [{"ref": r, "name": names.get(r, r)} for r in cancelled],
        "moved_in": [{"ref": a.id, "name": names.get(a.id, a.id),
                      "at": _hhmm(a.injection_min if isinstance(a, p.PetAssignment)
                                  else a.start_min),
                      "resource": a.scanner if isinstance(a, p.PetAssignment) else a.chair}
                     for a in new],
        "waiting": [{"ref": r, "name": names.get(r, r),
                     "reason": _waiting_reason(problem, r, day)} for r in waiting],
    }
    with transaction.atomic():
        plan = Plan.objects.create(
            start=day, days=1, created_by=by, status=PlanStatus.PROPOSED, replan=summary,
            problem={**problem_to_json(problem),
                     "locked": [_assignment_json(a) for a in locked]},
            started_at=started)
        _store_result(plan, result)
        plan.finished_at = timezone.now()
        plan.save()
        record(request, codes.NUCLEAR_REPLAN_PROPOSED, user=by, obj=plan,
               detail={"day": day.isoformat(), "cancelled": list(cancelled),
                       "moved_in": [a.id for a in new]})
    return plan


def cancel_booking(kind: str, pk: int, *, reason: str = "", by: Any,
                   request: HttpRequest | None = None) -> Plan:
    """Cancel a booked PET scan (the request is cancelled) or a booked PRRT cycle (the cycle
    goes back to waiting for another day), then re-plan that day (`replan_after_cancellation`).

    Proposed plans that still hold the booking are superseded (they are out of date). Returns
    the re-plan proposal.
    """
    reason = (reason or "").strip()[:200]
    with transaction.atomic():
        if kind == "pet":
            pet = PetRequest.objects.select_for_update().filter(pk=pk).first()
            if pet is None or pet.status != PetStatus.BOOKED or pet.injection_at is None:
                raise NuclearInputError("booking", "no booked PET scan to cancel")
            day, minute = local_day_minute(pet.injection_at)
            pet.status = PetStatus.CANCELLED
            pet.save(update_fields=["status"])
            ref, patient, obj = f"pet-{pet.pk}", pet.patient, pet
            title = "SSTR PET appointment cancelled"
            what = f"{day} {_hhmm(minute)} on {pet.scanner}"
        elif kind == "prrt":
            cycle = (PrrtCycle.objects.select_for_update().select_related("course__patient")
                     .filter(pk=pk).first())
            if (cycle is None or cycle.scheduled_at is None
                    or cycle.status not in (CycleStatus.PLANNED, CycleStatus.READY)):
                raise NuclearInputError("booking", "no booked PRRT cycle to cancel")
            day, minute = local_day_minute(cycle.scheduled_at)
            what = f"{day} {_hhmm(minute)} on {cycle.chair}"
            cycle.scheduled_at = None
            cycle.chair = ""
            cycle.save(update_fields=["scheduled_at", "chair"])
            ref, patient, obj = f"prrt-{cycle.pk}", cycle.course.patient, cycle
            title = f"PRRT cycle {cycle.number} appointment cancelled"
        else:
            raise NuclearInputError("kind", "must be pet or prrt")
        Plan.objects.filter(status=PlanStatus.PROPOSED, assignments__ref=ref).update(
            status=PlanStatus.SUPERSEDED)
        record(request, codes.NUCLEAR_BOOKING_CANCELLED, user=by, patient=patient, obj=obj,
               detail={"ref": ref, "slot": what, "reason": reason})
        _timeline(patient, kind, title, f"{what}. {reason}".strip(), obj)
    return replan_after_cancellation(day, [ref], by=by, request=request)


# --- post-treatment imaging --------------------------------------------------------------------


def order_post_imaging(course: PrrtCourse, *, kind: str, ordered_on: date,
                       cycle_number: int | None = None, performed_on: date | None = None,
                       finding: str = "", by: Any,
                       request: HttpRequest | None = None) -> PostImaging:
    """Order (or record as done) imaging after a cycle (SPECT/CT or scan: give the cycle) or
    the end-of-course restaging (no cycle). Appears on the patient's timeline."""
    from netcare.nuclear.models import RESTAGING_KINDS, ImagingKind

    if kind not in ImagingKind.values:
        raise NuclearInputError("kind", "choose an imaging kind")
    cycle = None
    if kind in RESTAGING_KINDS:
        if cycle_number:
            raise NuclearInputError("cycle_number", "restaging is for the whole course: leave "
                                    "the cycle empty")
    else:
        cycle = course.cycles.filter(number=cycle_number).first() if cycle_number else None
        if cycle is None:
            raise NuclearInputError("cycle_number", "name the cycle this imaging follows")
        if cycle.status != CycleStatus.GIVEN:
            raise NuclearInputError("cycle_number", f"cycle {cycle.number} has not been given")
    if performed_on is not None and performed_on < ordered_on:
        raise NuclearInputError("performed_on", "must not be before the order date")
    if performed_on is not None and performed_on > timezone.localdate():
        raise NuclearInputError("performed_on", "cannot be in the future")
    with transaction.atomic():
        item = PostImaging.objects.create(course=course, cycle=cycle, kind=kind,
                                          ordered_on=ordered_on, performed_on=performed_on,
                                          finding=finding.strip()[:500], recorded_by=by)
        if cycle is not None and performed_on is not None:
            cycle.post_imaging_done_on = performed_on
            cycle.save(update_fields=["post_imaging_done_on"])
        _post_imaging_entry(item, request=request, by=by)
    return item


def record_post_imaging_result(item: PostImaging, *, performed_on: date, finding: str = "",
                               by: Any, request: HttpRequest | None = None) -> PostImaging:
    """Record that ordered imaging was done, with a short finding."""
    if item.performed_on is not None:
        raise NuclearInputError("performed_on", "already recorded")
    if performed_on < item.ordered_on:
        raise NuclearInputError("performed_on", "must not be before the order date")
    if performed_on > timezone.localdate():
        raise NuclearInputError("performed_on", "cannot be in the future")
    with transaction.atomic():
        item.performed_on = performed_on
        item.finding = finding.strip()[:500]
        item.save(update_fields=["performed_on", "finding"])
        if item.cycle_id is not None:
            PrrtCycle.objects.filter(pk=item.cycle_id).update(post_imaging_done_on=performed_on)
        _post_imaging_entry(item, request=request, by=by)
    return item


def _post_imaging_entry(item: PostImaging, *, request: HttpRequest | None, by: Any) -> None:
    after = f"after cycle {item.cycle.number}" if item.cycle else "end of course"
    done = item.performed_on is not None
    patient = item.course.patient
    record(request, codes.PRRT_POST_IMAGING_RECORDED, user=by, patient=patient, obj=item,
           detail={"kind": item.kind, "done": done})
    when = (local_instant(item.performed_on, 12 * 60) if done
            else local_instant(item.ordered_on, 12 * 60))
    _timeline(patient, "prrt", f"{item.get_kind_display()} ({after}) "
              f"{'done' if done else 'ordered'}",
              item.finding if done else f"Ordered {item.ordered_on}.", item, when=when)
