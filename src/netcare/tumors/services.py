"""Grade and stage of each tumor, computed from the latest results (REFERENCE §1 and §2).

`recompute_patient` runs inside the transaction that records a result (it is a workup result
listener), so a result and the diagnosis it changes commit together. Five queries whatever the
number of results: tumors, current pathology reports, the latest current PET (+ its lesions),
the latest current CT/MRI; then one UPDATE, one TimelineEntry and one audit row per tumor whose
values changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from netcare.audit import codes
from netcare.audit.log import record
from netcare.clinical import grading, staging
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.vocabulary import Site
from netcare.patients.models import Patient, TimelineEntry
from netcare.tumors.models import Tumor
from netcare.workup.dates import local_noon
from netcare.workup.models import (
    EXTRAHEPATIC_LOCATIONS,
    ImagingStudy,
    PathologyReport,
    PetLesion,
    PetScan,
    ResultBase,
)

COMPUTED = ("category", "grade", "t", "n", "m", "stage", "size_cm")


def on_result_recorded(result: ResultBase, *, by: Any, request: HttpRequest | None) -> None:
    """Workup listener: a pathology report opens the tumor of its site; any result that can
    change grade or stage recomputes the patient's tumors."""
    if not isinstance(result, PathologyReport | PetScan | ImagingStudy):
        return
    if isinstance(result, PathologyReport):
        subsite = result.subsite if result.site == Site.DUODENUM_AMPULLA else ""
        Tumor.objects.get_or_create(
            patient_id=result.patient_id, site=result.site, subsite=subsite,  # type: ignore[attr-defined]
            defaults={"diagnosed_on": result.performed_on},
        )
    recompute_patient(result.patient, by=by, request=request, as_of=result.performed_on)


def open_tumor(patient: Patient, site: str, *, by: Any, subsite: str = "",
               request: HttpRequest | None = None) -> Tumor:
    """Record a (suspected) primary before pathology; grade/stage follow when results come."""
    if site not in Site.__members__.values():
        raise ClinicalInputError("site", f"must be one of {', '.join(Site)}")
    with transaction.atomic():
        tumor, created = Tumor.objects.get_or_create(patient=patient, site=site,
                                                     subsite=subsite if site ==
                                                     Site.DUODENUM_AMPULLA else "")
        if created:
            record(request, codes.TUMOR_OPENED, user=by, patient=patient, obj=tumor)
            recompute_patient(patient, by=by, request=request)
    return tumor


def _latest_imaging(patient_id: int) -> tuple[PetScan | None, ImagingStudy | None]:
    pet = (PetScan.objects.filter(patient_id=patient_id, is_current=True)
           .prefetch_related("lesions").order_by("-performed_on", "-id").first())
    imaging = (ImagingStudy.objects.filter(patient_id=patient_id, is_current=True,
                                           modality__in=["ct", "mri"])
               .order_by("-performed_on", "-id").first())
    return pet, imaging


def compute(tumor: Tumor, pathology: PathologyReport | None, pet: PetScan | None,
            imaging: ImagingStudy | None) -> dict[str, Any]:
    """The computed columns of `tumor` from its inputs (pure; no queries)."""
    notes: list[str] = []
    inputs: dict[str, Any] = {"pathology": None, "pet": None, "imaging": None, "references": []}
    out: dict[str, Any] = dict.fromkeys(COMPUTED, "")
    out["size_cm"] = None
    site = Site(tumor.site)
    subsite = tumor.subsite or None
    if pathology is not None:
        inputs["pathology"] = {
            "id": pathology.pk, "version": pathology.version,
            "performed_on": pathology.performed_on.isoformat(),
            "specimen": pathology.specimen, "differentiation": pathology.differentiation or None,
            "ki67_percent": pathology.ki67_percent, "mitoses_per_2mm2": pathology.mitoses_per_2mm2,
            "size_cm": pathology.size_cm, "depth": pathology.depth or None,
            "nodes_examined": pathology.nodes_examined, "nodes_positive": pathology.nodes_positive,
            "multiple_tumors": pathology.multiple_tumors,
        }
        out["size_cm"] = pathology.size_cm
        if site is Site.LUNG:
            lung = grading.classify_lung_carcinoid(pathology.mitoses_per_2mm2,
                                                   pathology.necrosis or None)
            out["category"] = lung.category.value if lung.category else ""
            notes += lung.notes
            inputs["pathology"]["necrosis"] = pathology.necrosis or None
            inputs["references"].append(grading.REFERENCE_LUNG)
        else:
            who = grading.classify(pathology.differentiation or None, pathology.ki67_percent,
                                   pathology.mitoses_per_2mm2)
            out["category"] = who.category.value if who.category else ""
            out["grade"] = who.grade.value if who.grade else ""
            notes += who.notes
            inputs["references"].append(grading.REFERENCE_WHO)
    else:
        notes.append("No pathology report yet: grade and T/N not computed.")
    if site is Site.LUNG:
        notes.append(f"Lung NET: {staging.LUNG_NOTE}; not staged here.")
        return {**out, "computed_notes": notes, "inputs_used": inputs}

    hepatic = extrahepatic = False
    lymph_nodes_on_pet = False
    if pet is not None:
        lesions = list(pet.lesions.all())
        hepatic |= any(lesion.location == "liver" for lesion in lesions)
        extrahepatic |= any(lesion.location in EXTRAHEPATIC_LOCATIONS for lesion in lesions)
        lymph_nodes_on_pet = any(lesion.location == "lymph_node" for lesion in lesions)
        inputs["pet"] = {"id": pet.pk, "version": pet.version,
                         "performed_on": pet.performed_on.isoformat(),
                         "lesions": [_lesion_stored(x) for x in lesions]}
    if imaging is not None:
        hepatic |= bool(imaging.hepatic_metastases)
        extrahepatic |= bool(imaging.extrahepatic_metastases)
        inputs["imaging"] = {"id": imaging.pk, "version": imaging.version,
                             "modality": imaging.modality,
                             "performed_on": imaging.performed_on.isoformat(),
                             "hepatic_metastases": imaging.hepatic_metastases,
                             "extrahepatic_metastases": imaging.extrahepatic_metastases}
    m = None
    if pet is not None or imaging is not None:
        m = staging.m_from_metastases(hepatic, extrahepatic).value
    else:
        notes.append("No staging imaging yet: M unknown, no stage group.")

    t = n = None
    if pathology is not None:
        try:
            t_result = staging.t_from_findings(site, pathology.size_cm, pathology.depth or None,
                                               subsite=subsite, multiple=pathology.multiple_tumors)
            t = t_result.label
            notes += t_result.notes
        except ClinicalInputError as error:
            notes.append(f"T not computed: {error}")
        if pathology.nodes_examined:
            mass = pathology.mesenteric_mass_cm if site is Site.JEJUNUM_ILEUM else None
            n_result = staging.n_from_findings(site, pathology.nodes_positive, mass)
            n = n_result.n.value
            notes += n_result.notes
            inputs["n_source"] = "pathology (nodes examined)"
    if n is None and pet is not None:
        n = "N1" if lymph_nodes_on_pet else "N0"
        inputs["n_source"] = "clinical (SSTR PET)"
        notes.append(f"N is clinical ({n}) from the PET: no nodes examined by pathology.")
    elif n is None and pathology is not None:
        n = "NX"
    stage = None
    if t is not None and n is not None and m is not None:
        try:
            result = staging.stage(site, t.removesuffix("(m)"), n, m, subsite)
        except ClinicalInputError as error:
            notes.append(f"Stage not computed: {error}")
        else:
            stage = result.stage
            notes.append(result.reason)
            notes += result.notes
            inputs["references"].append(f"REFERENCE §2; AJCC 8th ({site.value})")
    out.update({"t": t or "", "n": n or "", "m": m or "", "stage": stage or ""})
    return {**out, "computed_notes": notes, "inputs_used": inputs}


def recompute_patient(patient: Patient, *, by: Any = None, request: HttpRequest | None = None,
                      as_of: date | None = None) -> list[Tumor]:
    """Recompute every tumor of `patient`; write only those whose values changed.

    `as_of`: the date of the result that prompted the recompute; a changed diagnosis stands on
    the timeline there, beside that result (else now)."""
    tumors = list(Tumor.objects.filter(patient=patient))
    if not tumors:
        return []
    reports = list(PathologyReport.objects.filter(patient=patient, is_current=True)
                   .order_by("-performed_on", "-id"))
    pet, imaging = _latest_imaging(patient.pk)
    now = timezone.now()
    changed: list[Tumor] = []
    for tumor in tumors:
        pathology = next((r for r in reports if r.site == tumor.site
                          and (r.subsite or "") == tumor.subsite), None)
        values = compute(tumor, pathology, pet, imaging)
        before = {k: getattr(tumor, k) for k in COMPUTED}
        for key, value in values.items():
            setattr(tumor, key, value)
        tumor.computed_at = now
        tumor.save(update_fields=[*values, "computed_at"])
        after = {k: getattr(tumor, k) for k in COMPUTED}
        if before != after:
            changed.append(tumor)
            TimelineEntry.objects.create(
                patient=patient, occurred_at=local_noon(as_of) if as_of else now,
                kind="diagnosis",
                title=f"Diagnosis updated: {tumor.site_label} "
                      f"{describe(tumor)}"[:200],
                summary="Computed by netcare from pathology and imaging; a clinician decides.",
                source_type="tumors.tumor", source_id=str(tumor.pk), released_to_patient=False,
            )
            record(request, codes.TUMOR_COMPUTED, user=by, patient=patient, obj=tumor,
                   detail={"old": before, "new": after})
    return changed


#: The WHO category as the pages say it; the stored value is the rules' code.
CATEGORY_WORDS = {
    "NET": "NET", "NEC": "NEC", "MiNEN": "MiNEN",
    "typical_carcinoid": "Typical carcinoid", "atypical_carcinoid": "Atypical carcinoid",
    "neuroendocrine_carcinoma": "Neuroendocrine carcinoma (large or small cell)",
}


def category_in_words(category: str) -> str:
    """"typical_carcinoid" → "Typical carcinoid"; NET, NEC and MiNEN stay as they are."""
    return CATEGORY_WORDS.get(category) or category.replace("_", " ").capitalize()


def describe(tumor: Tumor) -> str:
    """E.g. "NET G2, T2 N0 M0, stage II" or "Typical carcinoid" from the computed values."""
    category = category_in_words(tumor.category) if tumor.category else ""
    parts = [" ".join(x for x in (category, tumor.grade) if x)]
    tnm = " ".join(x for x in (tumor.t, tumor.n, tumor.m) if x)
    if tnm:
        parts.append(tnm)
    if tumor.stage:
        parts.append(f"stage {tumor.stage}")
    return ", ".join(p for p in parts if p) or "not yet graded or staged"


def override(tumor: Tumor, values: dict[str, str], *, reason: str, by: Any,
             request: HttpRequest | None = None) -> Tumor:
    """A clinician overrides grade/T/N/M/stage with a reason; empty values clear an override.

    Raises:
        ClinicalInputError: no reason, or a value not in the vocabulary (field named).
    """
    from netcare.clinical.snapshot import STAGE_GROUPS
    from netcare.clinical.vocabulary import Grade, M, N, T

    allowed = {"grade": set(Grade), "t": {t.value for t in T} | {f"{t.value}(m)" for t in T},
               "n": set(N), "m": set(M), "stage": STAGE_GROUPS}
    if not reason.strip():
        raise ClinicalInputError("reason", "say why the computed value is overridden")
    for key, value in values.items():
        if key not in allowed:
            raise ClinicalInputError(key, "cannot be overridden")
        if value and value not in allowed[key]:
            raise ClinicalInputError(key, f"must be one of {', '.join(sorted(allowed[key]))}")
    with transaction.atomic():
        old = {k: getattr(tumor, f"override_{k}") for k in values}
        for key, value in values.items():
            setattr(tumor, f"override_{key}", value)
        tumor.override_reason = reason.strip()[:500]
        tumor.overridden_by = by
        tumor.overridden_at = timezone.now()
        tumor.save(update_fields=[*(f"override_{k}" for k in values), "override_reason",
                                  "overridden_by", "overridden_at"])
        TimelineEntry.objects.create(
            patient_id=tumor.patient_id, occurred_at=tumor.overridden_at, kind="diagnosis",
            title=f"Diagnosis overridden by a clinician: {tumor.site_label}"[:200],
            summary=f"Reason: {tumor.override_reason}"[:500],
            source_type="tumors.tumor", source_id=str(tumor.pk),
        )
        record(request, codes.TUMOR_OVERRIDDEN, user=by, patient=tumor.patient, obj=tumor,
               detail={"old": old, "new": values, "reason": tumor.override_reason})
    return tumor


def _lesion_stored(lesion: PetLesion) -> str:
    """A PET lesion as kept in ``inputs_used``: "lymph_node 12 mm", or "liver" when its size
    was not recorded (the tumor page words both)."""
    if lesion.size_mm is None:
        return str(lesion.location)
    return f"{lesion.location} {lesion.size_mm} mm"
