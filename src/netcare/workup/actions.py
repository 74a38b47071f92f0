"""Changes to orders and results. Views, the API, the loaders' tests and other apps call these.

Each action runs in one transaction: it validates, writes the row(s), the TimelineEntry and the
audit entry, then tells the listeners (the tumors app recomputes grade and stage) inside the
same transaction, so a result and the diagnosis it changes are committed together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import capfirst

from netcare.audit import codes
from netcare.audit.log import record
from netcare.clinical import sstr
from netcare.clinical.errors import ClinicalInputError
from netcare.patients.models import Patient, TimelineEntry
from netcare.validators import before_birth_problem, future_date_problem
from netcare.workup import labs
from netcare.workup.dates import local_noon, program_zone
from netcare.workup.models import (
    RESULT_MODELS,
    ClinicalAssessment,
    Endoscopy,
    ImagingStudy,
    KrenningSource,
    LabResult,
    Order,
    OrderKind,
    OrderStatus,
    PathologyReport,
    PetLesion,
    PetScan,
    ResultBase,
)

#: Called as listener(result, by=..., request=...) inside the recording transaction. The tumors
#: app registers its recompute here from its AppConfig.ready() (workup does not import tumors).
RESULT_LISTENERS: list[Callable[..., None]] = []

#: Result fields that the recording user may not set (computed, or managed by the actions).
_MANAGED = {"id", "patient", "recorded_at", "recorded_by", "version", "supersedes", "is_current",
            "correction_reason", "released_to_patient", "released_at", "replaced_for_patient",
            "krenning_score", "lowest_krenning_score", "sstr_positive", "value_canonical", "flag",
            "notes"}


class ResultInputError(ValueError):
    """Input the result cannot take; `field` names it (forms and the API show it there)."""

    def __init__(self, field: str | None, message: str) -> None:
        self.field = field
        self.detail = message
        super().__init__(f"{field}: {message}" if field else message)


def _raise_validation(error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        name = None if field == "__all__" else field
        raise ResultInputError(name, "; ".join(e for err in errors for e in err.messages))
    raise ResultInputError(None, "; ".join(error.messages))


#: Measurements a result cannot hold below zero (sizes, uptake). The database refuses some of
#: them too, but its refusal names only its constraint.
_NOT_NEGATIVE = ("liver_suvmax", "spleen_suvmax", "primary_size_cm", "value",
                 "mitoses_per_2mm2", "mesenteric_mass_cm")
_LESION_NOT_NEGATIVE = ("size_mm", "suv_max")


def _label(model: type[models.Model], name: str) -> str:
    """The field as its form labels it, so a message starts with the label the reader sees."""
    return str(capfirst(getattr(model._meta.get_field(name), "verbose_name", name)))


def result_problems(model: type[ResultBase], values: Mapping[str, Any],
                    *, born: date | None = None) -> list[tuple[str, str]]:
    """What is impossible in a result's `values`, as (field, message naming the field).

    The result forms show these by their fields before the database's constraints are asked
    (whose refusal names only the constraint), and `_write` raises the first for the API.
    `born`, the patient's date of birth, when known."""
    performed_on = values.get("performed_on")
    label = _label(model, "performed_on")
    problems = [("performed_on", problem) for problem in (
        future_date_problem(performed_on, label), before_birth_problem(performed_on, label, born))
        if problem]
    for name in _NOT_NEGATIVE:
        value = values.get(name)
        if isinstance(value, (int, float)) and value < 0:
            problems.append((name, f"{_label(model, name)} cannot be negative."))
    if model is PathologyReport:
        examined, positive = values.get("nodes_examined"), values.get("nodes_positive")
        if examined is not None and positive is not None and positive > examined:
            problems.append(("nodes_positive", f"Nodes positive cannot exceed nodes examined "
                                               f"({positive} positive, {examined} examined)."))
    if model is Endoscopy and values.get("kind") == "capsule" and values.get("biopsy_taken"):
        problems.append(("biopsy_taken", "Biopsy taken cannot be ticked for a capsule "
                                         "endoscopy: a capsule takes no biopsy."))
    return problems


def place_order(patient: Patient, kind: str, *, by: Any, test: str = "", note: str = "",
                request: HttpRequest | None = None) -> Order:
    """Order a study or a test. Lab orders name the test; the patient sees the order (and, for
    5-HIAA, the diet and drug instructions) on their record."""
    if kind not in OrderKind.values:
        raise ResultInputError("kind", f"must be one of {', '.join(OrderKind.values)}")
    if kind == OrderKind.LAB and test not in labs.CATALOGUE:
        raise ResultInputError("test", f"must be one of {', '.join(labs.CATALOGUE)}")
    if kind != OrderKind.LAB:
        test = ""
    with transaction.atomic():
        order = Order.objects.create(patient=patient, kind=kind, test=test, note=note[:300],
                                     ordered_by=by)
        instructions = labs.CATALOGUE[test].instructions if test else ()
        TimelineEntry.objects.create(
            patient=patient, occurred_at=order.ordered_at, kind=_timeline_kind_of_order(kind),
            title=f"Ordered: {order.label}",
            summary=("Preparation instructions are on your record." if instructions
                     else note)[:500],
            source_type="workup.order", source_id=str(order.pk), released_to_patient=True,
        )
        record(request, codes.WORKUP_ORDER_PLACED, user=by, patient=patient, obj=order,
               detail={"kind": kind, "test": test})
    return order


def _timeline_kind_of_order(kind: str) -> str:
    return {"pet": "pet", "ct": "imaging", "mri": "imaging", "barium": "imaging",
            "lab": "lab", "pathology": "pathology"}.get(kind, "endoscopy")


def _clean_fields(model: type[ResultBase], data: Mapping[str, Any]) -> dict[str, Any]:
    names = {f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)}
    unknown = set(data) - names - {"order_id"}
    if unknown:
        raise ResultInputError(sorted(unknown)[0], "is not a field of this result")
    blocked = set(data) & _MANAGED
    if blocked:
        raise ResultInputError(sorted(blocked)[0], "is computed or managed by netcare")
    return dict(data)


def _compute_pet(pet: PetScan, lesions: Sequence[Mapping[str, Any]]) -> list[PetLesion]:
    """Lesions with their Krenning score (visual if read, else derived from SUVmax) and the
    scan's highest score, lowest score and SSTR positivity (netcare.clinical.sstr, REFERENCE
    §4). The lowest is the one PRRT eligibility judges (NETTER-1: uptake >= liver in all
    target lesions, REFERENCE §5); the highest is what the timeline shows."""
    rows: list[PetLesion] = []
    for index, data in enumerate(lesions):
        lesion = PetLesion(pet=pet, **{k: v for k, v in data.items() if k != "id"})
        for name in _LESION_NOT_NEGATIVE:
            value = getattr(lesion, name)
            if isinstance(value, (int, float)) and value < 0:
                raise ResultInputError(f"lesions[{index}].{name}",
                                       f"{_label(PetLesion, name)} cannot be negative.")
        if lesion.krenning_score is not None:
            if not 0 <= lesion.krenning_score <= 4:
                raise ResultInputError(f"lesions[{index}].krenning_score", "must be 0-4")
            lesion.krenning_source = KrenningSource.VISUAL
        elif lesion.suv_max is not None and pet.liver_suvmax:
            try:
                derived = sstr.krenning_from_suv(lesion.suv_max, pet.liver_suvmax,
                                                 pet.spleen_suvmax)
            except ClinicalInputError as error:
                raise ResultInputError(f"lesions[{index}].{error.field}", error.detail) from None
            lesion.krenning_score = int(derived.score)
            lesion.krenning_source = KrenningSource.DERIVED
        rows.append(lesion)
    scores = [sstr.KrenningScore(r.krenning_score) for r in rows if r.krenning_score is not None]
    pet.krenning_score = int(max(scores)) if scores else None
    pet.lowest_krenning_score = int(min(scores)) if scores else None
    pet.sstr_positive = sstr.sstr_positive_for_prrt(scores).positive if scores else None
    return rows


def _compute_lab(lab: LabResult) -> None:
    try:
        judged = labs.judge(lab.test, lab.value, lab.unit, lab.reference_low, lab.reference_high,
                            lab.laboratory)
    except ClinicalInputError as error:
        raise ResultInputError(error.field, error.detail) from None
    lab.value_canonical = judged.value_canonical
    lab.reference_low, lab.reference_high = judged.low, judged.high
    lab.flag = judged.flag
    lab.notes = list(judged.notes)


def timeline_text(result: ResultBase) -> tuple[str, str]:
    """Title and summary of a result's timeline line (no queries)."""
    if isinstance(result, PetScan):
        parts = [str(result.get_tracer_display()) + " PET/CT"]
        if result.krenning_score is not None:
            parts.append(f"Krenning {result.krenning_score}")
        if result.sstr_positive is not None:
            parts.append("SSTR positive" if result.sstr_positive else "SSTR negative")
        return ", ".join(parts), result.impression or result.get_comparison_display()
    if isinstance(result, LabResult):
        flag = f" ({result.get_flag_display().lower()})" if result.flag else ""
        return f"{result.get_test_display()}: {result.value:g} {result.unit}{flag}", ""
    if isinstance(result, PathologyReport):
        bits = [result.histology]
        if result.ki67_percent is not None:
            bits.append(f"Ki-67 {result.ki67_percent:g} %")
        return f"Pathology ({result.get_specimen_display()}): {result.site}", ", ".join(bits)
    if isinstance(result, ImagingStudy):
        return f"{result.get_modality_display()} {result.region}".strip(), result.impression
    if isinstance(result, ClinicalAssessment):
        bits = [f"Karnofsky {result.karnofsky}" if result.karnofsky is not None else "",
                f"ECOG {result.ecog}" if result.ecog is not None else "",
                str(result.get_functional_syndrome_display())]
        shown = ", ".join(b for b in bits if b)
        return ("Clinical assessment: " + shown if shown else "Clinical assessment",
                result.findings)
    return str(result.get_kind_display()), result.findings  # type: ignore[attr-defined]


def _typed_values(result: ResultBase) -> dict[str, Any]:
    """The result's values as Python types (an API correction holds "2025-03-01" strings until
    full_clean); a value that does not convert is left to full_clean, which names its field."""
    values: dict[str, Any] = {}
    for field in type(result)._meta.concrete_fields:
        try:
            values[field.name] = field.to_python(getattr(result, field.attname))
        except ValidationError:
            values[field.name] = None
    return values


def _write(result: ResultBase, lesions: Sequence[Mapping[str, Any]] | None,
           *, by: Any, request: HttpRequest | None, code: str,
           previous: ResultBase | None = None) -> ResultBase:
    """Validate, compute and save `result` (+ lesions), its timeline line, audit, listeners."""
    problems = result_problems(type(result), _typed_values(result),
                               born=result.patient.date_of_birth)
    if problems:
        raise ResultInputError(*problems[0])
    lesion_rows: list[PetLesion] = []
    if isinstance(result, PetScan):
        lesion_rows = _compute_pet(result, lesions or ())
    elif isinstance(result, LabResult):
        _compute_lab(result)
    try:
        result.full_clean(exclude=["supersedes", "order"])
    except ValidationError as error:
        _raise_validation(error)
    if result.order_id is not None:  # type: ignore[attr-defined]
        order = Order.objects.filter(pk=result.order_id,  # type: ignore[attr-defined]
                                     patient_id=result.patient_id).first()  # type: ignore[attr-defined]
        if order is None:
            raise ResultInputError("order_id", "no such order for this patient")
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    result.save()
    for lesion in lesion_rows:
        lesion.pet = result  # type: ignore[assignment]
    for index, lesion in enumerate(lesion_rows):
        try:
            lesion.full_clean(exclude=["pet"])
        except ValidationError as error:
            field, errors = next(iter(error.message_dict.items()))
            raise ResultInputError(f"lesions[{index}].{field}", "; ".join(errors)) from None
    PetLesion.objects.bulk_create(lesion_rows)
    if result.order_id is not None:  # type: ignore[attr-defined]
        Order.objects.filter(pk=result.order_id).update(  # type: ignore[attr-defined]
            status=OrderStatus.RESULTED)
    title, summary = timeline_text(result)
    if previous is not None:
        title = f"Corrected (version {result.version}): {title}"
        summary = (f"Corrected on {correction_day(result):%Y-%m-%d}. "
                   f"Reason: {result.correction_reason}. {summary}")
    # Dated by the test, not the typing: a lab drawn on 1 October and entered in November
    # belongs beside the other October results (the chart says when it was recorded).
    TimelineEntry.objects.create(
        patient_id=result.patient_id, occurred_at=local_noon(result.performed_on),  # type: ignore[attr-defined]
        kind=result.TIMELINE_KIND, title=title[:200], summary=summary[:500],
        source_type=f"workup.{result.KIND}", source_id=str(result.pk), released_to_patient=False,
    )
    record(request, code, user=by, patient=result.patient, obj=result,
           detail={"kind": result.KIND, "version": result.version,
                   **({"supersedes": previous.pk, "reason": result.correction_reason}
                      if previous is not None else {})})
    for listener in RESULT_LISTENERS:
        listener(result, by=by, request=request)
    return result


def record_result(kind: str, patient: Patient, data: Mapping[str, Any], *, by: Any,
                  lesions: Sequence[Mapping[str, Any]] | None = None,
                  request: HttpRequest | None = None) -> ResultBase:
    """Record a new result of `kind` (pet, imaging, endoscopy, lab, pathology).

    Raises:
        ResultInputError: bad input, naming the field; nothing is written.
    """
    model = RESULT_MODELS.get(kind)
    if model is None:
        raise ResultInputError("kind", f"must be one of {', '.join(RESULT_MODELS)}")
    fields = _clean_fields(model, data)
    with transaction.atomic():
        result = model(patient=patient, recorded_by=by, recorded_at=timezone.now(), **fields)
        return _write(result, lesions, by=by, request=request, code=codes.WORKUP_RESULT_RECORDED)


def correct_result(previous: ResultBase, data: Mapping[str, Any], *, reason: str, by: Any,
                   lesions: Sequence[Mapping[str, Any]] | None = None,
                   request: HttpRequest | None = None) -> ResultBase:
    """Append a corrected version of `previous` with `reason`; the old version stays readable.

    `data` holds the fields that change; the others are copied. A PET's lesions are replaced
    by `lesions` when given, else copied. The correction is not released until a clinician
    releases it (the patient keeps seeing the released version).

    Raises:
        ResultInputError: no reason, an already superseded version, or bad input.
    """
    if not reason.strip():
        raise ResultInputError("reason", "say why the result is corrected")
    model = type(previous)
    fields = _clean_fields(model, data)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=previous.pk)
        if not locked.is_current:
            raise ResultInputError(None, "this version was already corrected; correct the "
                                         "latest version")
        copied = {f.attname: getattr(locked, f.attname) for f in model._meta.concrete_fields
                  if f.name not in _MANAGED}
        copied.update({(k if k != "order" else "order_id"): v for k, v in fields.items()})
        if lesions is None and isinstance(locked, PetScan):
            lesions = list(locked.lesions.values("location", "site", "size_mm", "suv_max",
                                                 "krenning_score", "krenning_source"))
            for lesion in lesions:
                if lesion.pop("krenning_source") == KrenningSource.DERIVED:
                    lesion["krenning_score"] = None
        result = model(**copied, patient_id=locked.patient_id,  # type: ignore[attr-defined]
                       recorded_by=by, recorded_at=timezone.now(), version=locked.version + 1,
                       supersedes=locked, correction_reason=reason.strip()[:500])
        result.patient = locked.patient
        return _write(result, lesions, by=by, request=request,
                      code=codes.WORKUP_RESULT_CORRECTED, previous=locked)


def correction_day(result: ResultBase) -> date:
    """The program's date on which a corrected version was recorded."""
    recorded: datetime = result.recorded_at
    return recorded.astimezone(program_zone()).date()


def _version_the_patient_sees(result: ResultBase) -> int | None:
    """The id of the older version of `result` that the patient sees, if any: walks back
    through the corrections (one query per version; chains are short) to the newest released
    one. Versions older than that were replaced already or never released."""
    rows = type(result).objects.values_list("supersedes_id", "released_to_patient",
                                            "replaced_for_patient")
    older = result.supersedes_id  # type: ignore[attr-defined]
    while older is not None:
        earlier, released, replaced = rows.get(pk=older)
        if released:
            return None if replaced else int(older)
        older = earlier
    return None


def release_result(result: ResultBase, *, by: Any, request: HttpRequest | None = None) -> bool:
    """Release the current version of a result (and its timeline line) to the patient. False
    when already released.

    The patient sees one version of each result, the newest released: releasing a correction
    marks the version they saw `replaced_for_patient` and withdraws its timeline line from them
    (the clinicians' chart keeps every version). Until then they keep the version they had.

    Raises:
        ResultInputError: the version was corrected since (release the latest version).
    """
    model = type(result)
    with transaction.atomic():
        # Locked, as `correct_result` locks it: a correction recorded meanwhile is seen here.
        locked = model.objects.select_for_update().get(pk=result.pk)
        if locked.released_to_patient:
            return False
        if not locked.is_current:
            raise ResultInputError(None, "this version was corrected; release the latest "
                                         "version")
        now = timezone.now()
        model.objects.filter(pk=locked.pk).update(released_to_patient=True, released_at=now)
        result.released_to_patient, result.released_at = True, now
        source_type = f"workup.{result.KIND}"
        entries = TimelineEntry.objects.filter(patient_id=locked.patient_id,  # type: ignore[attr-defined]
                                               source_type=source_type)
        entries.filter(source_id=str(locked.pk)).update(released_to_patient=True)
        replaced = _version_the_patient_sees(locked)
        if replaced is not None:
            model.objects.filter(pk=replaced).update(replaced_for_patient=True)
            # The timeline's flag means "the patient sees this line"; the line of the version
            # they saw would otherwise stand beside the correction as a second current value.
            entries.filter(source_id=str(replaced)).update(released_to_patient=False)
        record(request, codes.WORKUP_RESULT_RELEASED, user=by, patient=result.patient,
               obj=result, detail={"kind": result.KIND, "version": locked.version,
                                   **({"replaces": replaced} if replaced is not None else {})})
    return True


def cancel_order(order: Order, *, by: Any, request: HttpRequest | None = None) -> bool:
    if order.status != OrderStatus.ORDERED:
        return False
    with transaction.atomic():
        order.status = OrderStatus.CANCELLED
        order.save(update_fields=["status"])
        record(request, codes.WORKUP_ORDER_CANCELLED, user=by, patient=order.patient, obj=order)
    return True
