"""The one way views and the API fetch a patient: checks role and relation, writes the audit.

A missing patient and a forbidden one both answer 404, so existence never leaks.
"""

from __future__ import annotations

from typing import Any

from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import insert_over, record
from netcare.patients.models import ChartVersion, Patient
from netcare.precompiled import CompiledRows


def visible_patients(user: Any) -> Any:
    """Queryset of the patients `user` may see (staff: the program's; patient: their own)."""
    seen = scope(user)
    return Patient.objects.none() if seen is None else scoped(*seen)


def scope(user: Any) -> tuple[bool, tuple[int, ...]] | None:
    """Which patients `user` may see, in the form compiled queries take it: (True, ()) for the
    program's staff (every patient), (False, (their user id,)) for a patient (their own
    record), None for anyone else. The one place this rule is written."""
    if can(user, Action.VIEW_ANY_CHART):
        return True, ()
    if can(user, Action.VIEW_OWN_CHART):
        return False, (int(user.pk),)
    return None


def scoped(staff: bool, values: tuple[Any, ...]) -> Any:
    """The patients of a `scope`: all for staff, else the patient whose user id is values[0]."""
    return Patient.objects.all() if staff else Patient.objects.filter(user_id=values[0])


def annotate_chart_version(patients: Any) -> Any:
    """`patients` annotated with `chart_version` (see `chart_cache`), in the same query.

    Plain SQL: a correlated `Subquery` cost more to compile than the cached chart view's
    other work."""
    return patients.annotate(chart_version=RawSQL(_CHART_VERSION_SQL, ()))  # noqa: S611 (no input)


_CHART_VERSION_SQL = (
    f"COALESCE((SELECT v.version FROM {ChartVersion._meta.db_table} v "  # noqa: S608 (model names)
    f"WHERE v.patient_id = {Patient._meta.db_table}.id), 0)"
)


def patient_for(
    request: HttpRequest,
    patient_id: int,
    *,
    action: str = codes.PATIENT_VIEWED,
    with_chart_version: bool = False,
) -> Patient:
    """The patient `patient_id` if the requesting user may see them; else Http404.

    One query, plus one INSERT for the audit entry. `with_chart_version`: the patient carries
    `chart_version`, read in that query (before anything the chart shows).
    """
    seen = scope(request.user)
    if seen is None:
        raise Http404("No such patient.")
    found, recorded = _PATIENT.objects_then(
        (seen[0], with_chart_version), *seen[1], int(patient_id),
        then=lambda rows: insert_over(request, action, rows=rows, patient_id=_PATIENT_ID,
                                      object_type=Patient.__name__))
    if not found:
        raise Http404("No such patient.")
    patient: Patient = found[0]
    if not recorded:  # the database could not take both in one statement
        record(request, action, patient=patient, obj=patient)
    return patient


def _patient_queryset(shape: tuple[bool, bool], *values: int) -> Any:
    """`patient_for`'s query; `shape`: (staff, with chart version); `values`: the patient's
    user id unless staff, then the patient's id."""
    staff, with_chart_version = shape
    patients = scoped(staff, values[:-1])
    if with_chart_version:
        patients = annotate_chart_version(patients)
    return patients.filter(pk=values[-1])


#: Compiled once per shape: every patient page reads its patient this way, and compiling the
#: query (with the chart version's subquery) cost more than PostgreSQL's reading of one row.
_PATIENT = CompiledRows(Patient, _patient_queryset)
_PATIENT_ID = Patient._meta.pk.column  # type: ignore[union-attr]


def own_patient_record(request: HttpRequest, *, with_chart_version: bool = False) -> Patient:
    """The signed-in patient's own record; Http404 for anyone without one."""
    if not can(request.user, Action.VIEW_OWN_CHART):
        raise Http404("No patient record for this account.")
    patients = Patient.objects.filter(user=request.user)
    if with_chart_version:
        patients = annotate_chart_version(patients)
    try:
        patient: Patient = patients.get()
    except Patient.DoesNotExist:
        raise Http404("No patient record for this account.") from None
    record(request, codes.PATIENT_VIEWED, patient=patient, obj=patient)
    return patient
