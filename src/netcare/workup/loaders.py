"""Bulk loader of synthetic workup events (called by `netcare seed`).

`load(histories, patient_ids, into=None)`: every completed imaging, endoscopy, lab and pathology
event becomes a result row (released to the patient: it is history) and claims its timeline entry
(see `netcare.patients.loaders`). Plain tuples, ids reserved up front, one COPY per table. Lab
flags and Krenning positivity are computed as in the actions. Skipped (their timeline entry stays
unlinked): FDG PET and echocardiograms (no table yet), bronchoscopy, pathology of an unknown
primary.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from netcare.clinical.staging import Invasion
from netcare.clinical.vocabulary import Site
from netcare.db import insert_rows, reserve_ids
from netcare.patients.loaders import Collector, Link, noon, publish
from netcare.workup import labs
from netcare.workup.models import (
    Endoscopy,
    ImagingStudy,
    LabResult,
    PathologyReport,
    PetLesion,
    PetScan,
)

_SITES = frozenset(Site)
_INVASIONS = frozenset(Invasion)
_DEPTH = {"duodenal_submucosa": "submucosa", "pancreas": "pancreas_or_peripancreatic_fat",
          "confined": "confined_to_pancreas", "visceral_peritoneum": "serosa_peritoneum",
          "adjacent_organ": "adjacent_organs", "unknown": ""}
_ENDOSCOPY = {"upper_endoscopy": "upper", "colonoscopy": "lower", "eus": "eus",
              "capsule_endoscopy": "capsule"}
_MODALITY = {"ct": "ct", "mri": "mri", "barium_study": "barium"}
_EXTRA = frozenset({"bone", "lung", "peritoneum"})
_COMMON = ["patient", "performed_on", "recorded_at", "released_to_patient", "released_at"]
FIELDS: dict[type, list[str]] = {
    PetScan: ["id", *_COMMON, "krenning_score", "lowest_krenning_score", "sstr_positive",
              "impression"],
    ImagingStudy: ["id", *_COMMON, "modality", "hepatic_metastases", "extrahepatic_metastases",
                   "primary_size_cm", "impression"],
    Endoscopy: ["id", *_COMMON, "kind", "findings", "biopsy_taken"],
    LabResult: ["id", *_COMMON, "test", "value", "unit", "value_canonical", "reference_low",
                "reference_high", "flag", "notes"],
    PathologyReport: ["id", *_COMMON, "site", "subsite", "specimen", "histology",
                      "differentiation", "ki67_percent", "mitoses_per_2mm2", "size_cm", "depth",
                      "margins", "nodes_examined", "nodes_positive", "multiple_tumors",
                      "necrosis"],
}
_SOURCE = {PetScan: ("workup.pet", "pet"), ImagingStudy: ("workup.imaging", "imaging"),
           Endoscopy: ("workup.endoscopy", "endoscopy"), LabResult: ("workup.lab", "lab"),
           PathologyReport: ("workup.pathology", "pathology")}
_WORKUP = frozenset({"imaging", "endoscopy", "lab", "pathology"})


#: (code, value rounded, unit) → the lab result's columns from `code` on, as `labs.judge` gives
#: them; kept for the process (values repeat across chunks), up to `_KEPT` entries.
_JUDGED: dict[tuple[str, float, str], tuple[Any, ...]] = {}
_KEPT = 200_000


def _lab_columns(code: str, value: float, unit: str) -> tuple[Any, ...]:
    result = labs.judge(code, value, unit)
    return (code, value, unit, result.value_canonical, result.low, result.high, result.flag,
            json.dumps(list(result.notes)))


def load(histories: Sequence[Any], patient_ids: Mapping[str, int],
         into: Collector | None = None) -> None:
    """Load the workup results of `histories` (synthetic PatientHistory) for existing patients
    (`patient_ids`: MRN → Patient.pk). One id reservation and one COPY per table."""
    drafts: dict[type, list[tuple[Any, ...]]] = {model: [] for model in FIELDS}
    keys: dict[type, list[tuple[int, int]]] = {model: [] for model in FIELDS}
    pets, images, scopes, results, reports = (drafts[model] for model in (
        PetScan, ImagingStudy, Endoscopy, LabResult, PathologyReport))
    pet_keys, image_keys, scope_keys, result_keys, report_keys = (keys[model] for model in (
        PetScan, ImagingStudy, Endoscopy, LabResult, PathologyReport))
    lesions_of: list[tuple[Any, ...]] = []
    if len(_JUDGED) > _KEPT:
        _JUDGED.clear()
    judged = _JUDGED
    catalogue = labs.CATALOGUE
    for position, history in enumerate(histories):
        pid = patient_ids[history.demographics.mrn]
        for number, event in enumerate(history.events):
            day, kind, code, status, value, unit, finding, tumor_index, _, lesions = event
            if kind not in _WORKUP or status != "completed":
                continue
            when = noon(day)
            if kind == "lab":
                if code not in catalogue or value is None:
                    continue
                test = catalogue[code]
                if unit not in test.units:
                    unit = test.unit
                key = (code, round(value, 3), unit)
                columns = judged.get(key)
                if columns is None:
                    columns = judged[key] = _lab_columns(code, value, unit)
                elif columns[1] != value:  # same rounded value: keep this one's own
                    columns = (code, value, *columns[2:])
                results.append((pid, day, when, True, when, *columns))
                result_keys.append((position, number))
            elif code == "ga68_dotatate_pet":
                score = int(value) if value is not None else None
                # The synthetic PET has one score for all its lesions (the generator draws
                # every lesion from the scan's band; its SSTR call below uses it the same
                # way), so it is both the highest and the lowest target-lesion score.
                pets.append((pid, day, when, True, when, score, score,
                             None if score is None else score >= 2, finding.replace("_", " ")))
                pet_keys.append((position, number))
                lesions_of.append(lesions)
            elif code in _MODALITY:
                hepatic = extra = False
                primary = None
                for location, size_mm, _ in lesions:
                    if location == "primary":
                        if primary is None:
                            primary = size_mm / 10
                    elif location == "liver":
                        hepatic = True
                    elif location in _EXTRA:
                        extra = True
                images.append((pid, day, when, True, when, _MODALITY[code], hepatic, extra,
                               primary, finding.replace("_", " ")))
                image_keys.append((position, number))
            elif code in _ENDOSCOPY:
                scopes.append((pid, day, when, True, when, _ENDOSCOPY[code],
                               finding.replace("_", " "), False))
                scope_keys.append((position, number))
            elif kind == "pathology" and 0 <= tumor_index < len(history.tumors):
                tumor = history.tumors[tumor_index]
                if tumor.site not in _SITES:
                    continue
                depth = _DEPTH.get(tumor.depth, tumor.depth)
                resection = code == "resection_specimen"
                reports.append((
                    pid, day, when, True, when, tumor.site,
                    tumor.subsite if tumor.site == "duodenum_ampulla" else "",
                    "resection" if resection else "biopsy", tumor.histology,
                    tumor.differentiation, value if value is not None else tumor.ki67_percent,
                    tumor.mitoses_per_2mm2, tumor.size_cm if resection else None,
                    depth if depth in _INVASIONS else "",
                    "negative" if resection else "not_assessed",
                    tumor.nodes_examined if resection else None,
                    tumor.nodes_positive if resection else None, tumor.multiplicity > 1,
                    tumor.necrosis))
                report_keys.append((position, number))
    links: dict[tuple[int, int], Link] = {}
    for model, batch in drafts.items():
        first = reserve_ids(model, len(batch))
        insert_rows(model, FIELDS[model][1:], batch, first_id=first)
        source_type, kind = _SOURCE[model]
        for i, key in enumerate(keys[model]):
            links[key] = (source_type, str(first + i), kind)
        if model is PetScan:
            lesions = [(first + i, *lesion) for i, found in enumerate(lesions_of)
                       for lesion in found]
            insert_rows(PetLesion, ["pet", "location", "size_mm", "suv_max"], lesions,
                        first_id=reserve_ids(PetLesion, len(lesions)))
    publish(histories, patient_ids, links, [], into)
