"""Bulk loader of synthetic workup events (called by `netcare seed`).

`load(histories, patient_ids)`: every imaging, endoscopy, lab and pathology event becomes a
result row (released to the patient: it is history) plus its TimelineEntry, with bulk_create in
large batches and no per-row query. Flags, Krenning positivity are computed as in the actions.
Skipped: FDG PET and echocardiograms (no table yet), bronchoscopy, pathology of an unknown
primary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from netcare.clinical.staging import Invasion
from netcare.clinical.vocabulary import Site
from netcare.patients.models import TimelineEntry
from netcare.workup import labs
from netcare.workup.actions import timeline_text
from netcare.workup.dates import local_noon
from netcare.workup.models import (
    Endoscopy,
    ImagingStudy,
    LabResult,
    PathologyReport,
    PetLesion,
    PetScan,
)

BATCH = 5000
_SITES = frozenset(Site)
_INVASIONS = frozenset(Invasion)
_DEPTH = {"duodenal_submucosa": "submucosa", "pancreas": "pancreas_or_peripancreatic_fat",
          "confined": "confined_to_pancreas", "visceral_peritoneum": "serosa_peritoneum",
          "adjacent_organ": "adjacent_organs", "unknown": ""}
_ENDOSCOPY = {"upper_endoscopy": "upper", "colonoscopy": "lower", "eus": "eus",
              "capsule_endoscopy": "capsule"}
_MODALITY = {"ct": "ct", "mri": "mri", "barium_study": "barium"}
_EXTRA = frozenset({"bone", "lung", "peritoneum"})


def _timeline(patient_id: int, row: Any) -> TimelineEntry:
    title, summary = timeline_text(row)
    return TimelineEntry(patient_id=patient_id, occurred_at=row.recorded_at, kind=row.TIMELINE_KIND,
                         title=title[:200], summary=(summary or "")[:500],
                         source_type=f"workup.{row.KIND}", source_id=str(row.pk),
                         released_to_patient=True)


def load(histories: Sequence[Any], patient_ids: Mapping[str, int]) -> None:
    """Load the workup results of `histories` (synthetic PatientHistory) for existing patients
    (`patient_ids`: MRN → Patient.pk). About 8 INSERT statements per 5,000 rows."""
    pets: list[tuple[PetScan, tuple[Any, ...]]] = []
    rows: dict[type, list[Any]] = {ImagingStudy: [], Endoscopy: [], LabResult: [],
                                   PathologyReport: []}
    judged: dict[tuple[str, float, str], labs.Judged] = {}
    for history in histories:
        pid = patient_ids[history.demographics.mrn]
        for event in history.events:
            kind, code = event.kind, event.code
            if event.status != "completed" or kind not in ("imaging", "endoscopy", "lab",
                                                           "pathology"):
                continue
            when = local_noon(event.day)
            common: dict[str, Any] = {"patient_id": pid, "performed_on": event.day,
                                      "recorded_at": when, "released_to_patient": True,
                                      "released_at": when}
            if code == "ga68_dotatate_pet":
                score = int(event.value) if event.value is not None else None
                pets.append((PetScan(**common, krenning_score=score,
                                     sstr_positive=None if score is None else score >= 2,
                                     impression=event.finding.replace("_", " ")), event.lesions))
            elif code in _MODALITY:
                locations = {lesion.location for lesion in event.lesions}
                primary = [lesion.size_mm for lesion in event.lesions
                           if lesion.location == "primary"]
                rows[ImagingStudy].append(ImagingStudy(
                    **common, modality=_MODALITY[code], hepatic_metastases="liver" in locations,
                    extrahepatic_metastases=bool(locations & _EXTRA),
                    primary_size_cm=primary[0] / 10 if primary else None,
                    impression=event.finding.replace("_", " ")))
            elif code in _ENDOSCOPY:
                rows[Endoscopy].append(Endoscopy(
                    **common, kind=_ENDOSCOPY[code], findings=event.finding.replace("_", " "),
                    biopsy_taken=False))
            elif kind == "lab" and code in labs.CATALOGUE and event.value is not None:
                test = labs.CATALOGUE[code]
                unit = event.unit if event.unit in test.units else test.unit
                key = (code, round(event.value, 3), unit)
                result = judged.get(key)
                if result is None:
                    result = judged[key] = labs.judge(code, event.value, unit)
                rows[LabResult].append(LabResult(
                    **common, test=code, value=event.value, unit=unit,
                    value_canonical=result.value_canonical, reference_low=result.low,
                    reference_high=result.high, flag=result.flag, notes=list(result.notes)))
            elif kind == "pathology" and 0 <= event.tumor < len(history.tumors):
                tumor = history.tumors[event.tumor]
                if tumor.site not in _SITES:
                    continue
                depth = _DEPTH.get(tumor.depth, tumor.depth)
                resection = code == "resection_specimen"
                rows[PathologyReport].append(PathologyReport(
                    **common, site=tumor.site,
                    subsite=tumor.subsite if tumor.site == "duodenum_ampulla" else "",
                    specimen="resection" if resection else "biopsy",
                    histology=tumor.histology, differentiation=tumor.differentiation,
                    ki67_percent=event.value if event.value is not None else tumor.ki67_percent,
                    mitoses_per_2mm2=tumor.mitoses_per_2mm2,
                    size_cm=tumor.size_cm if resection else None,
                    depth=depth if depth in _INVASIONS else "",
                    margins="negative" if resection else "not_assessed",
                    nodes_examined=tumor.nodes_examined if resection else None,
                    nodes_positive=tumor.nodes_positive if resection else None,
                    multiple_tumors=tumor.multiplicity > 1))
    timeline: list[TimelineEntry] = []
    created_pets = PetScan.objects.bulk_create([p for p, _ in pets], batch_size=BATCH)
    lesions = [PetLesion(pet=pet, location=lesion.location, size_mm=lesion.size_mm,
                         suv_max=lesion.suv_max)
               for pet, (_, found) in zip(created_pets, pets, strict=True) for lesion in found]
    PetLesion.objects.bulk_create(lesions, batch_size=BATCH)
    timeline += [_timeline(pet.patient_id, pet) for pet in created_pets]
    for model, batch in rows.items():
        created = model.objects.bulk_create(batch, batch_size=BATCH)
        timeline += [_timeline(row.patient_id, row) for row in created]
    TimelineEntry.objects.bulk_create(timeline, batch_size=BATCH)
