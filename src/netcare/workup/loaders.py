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
    PetScan: ["id", *_COMMON, "krenning_score", "sstr_positive", "impression"],
    ImagingStudy: ["id", *_COMMON, "modality", "hepatic_metastases", "extrahepatic_metastases",
                   "primary_size_cm", "impression"],
    Endoscopy: ["id", *_COMMON, "kind", "findings", "biopsy_taken"],
    LabResult: ["id", *_COMMON, "test", "value", "unit", "value_canonical", "reference_low",
                "reference_high", "flag", "notes"],
    PathologyReport: ["id", *_COMMON, "site", "subsite", "specimen", "histology",
                      "differentiation", "ki67_percent", "mitoses_per_2mm2", "size_cm", "depth",
                      "margins", "nodes_examined", "nodes_positive", "multiple_tumors"],
}
_SOURCE = {PetScan: ("workup.pet", "pet"), ImagingStudy: ("workup.imaging", "imaging"),
           Endoscopy: ("workup.endoscopy", "endoscopy"), LabResult: ("workup.lab", "lab"),
           PathologyReport: ("workup.pathology", "pathology")}
_WORKUP = frozenset({"imaging", "endoscopy", "lab", "pathology"})


def load(histories: Sequence[Any], patient_ids: Mapping[str, int],
         into: Collector | None = None) -> None:
    """Load the workup results of `histories` (synthetic PatientHistory) for existing patients
    (`patient_ids`: MRN → Patient.pk). One id reservation and one COPY per table."""
    drafts: dict[type, list[tuple[Any, ...]]] = {model: [] for model in FIELDS}
    keys: dict[type, list[tuple[int, int]]] = {model: [] for model in FIELDS}
    lesions_of: list[tuple[Any, ...]] = []
    judged: dict[tuple[str, float, str], tuple[Any, ...]] = {}
    for position, history in enumerate(histories):
        pid = patient_ids[history.demographics.mrn]
        for number, event in enumerate(history.events):
            kind, code = event.kind, event.code
            if kind not in _WORKUP or event.status != "completed":
                continue
            when = noon(event.day)
            common = (pid, event.day, when, True, when)
            if code == "ga68_dotatate_pet":
                score = int(event.value) if event.value is not None else None
                model: type = PetScan
                row: tuple[Any, ...] = (*common, score, None if score is None else score >= 2,
                                        event.finding.replace("_", " "))
                lesions_of.append(event.lesions)
            elif code in _MODALITY:
                locations = {lesion.location for lesion in event.lesions}
                primary = [lesion.size_mm for lesion in event.lesions
                           if lesion.location == "primary"]
                model = ImagingStudy
                row = (*common, _MODALITY[code], "liver" in locations,
                       bool(locations & _EXTRA), primary[0] / 10 if primary else None,
                       event.finding.replace("_", " "))
            elif code in _ENDOSCOPY:
                model = Endoscopy
                row = (*common, _ENDOSCOPY[code], event.finding.replace("_", " "), False)
            elif kind == "lab" and code in labs.CATALOGUE and event.value is not None:
                test = labs.CATALOGUE[code]
                unit = event.unit if event.unit in test.units else test.unit
                key = (code, round(event.value, 3), unit)
                tail = judged.get(key)
                if tail is None:
                    result = labs.judge(code, event.value, unit)
                    tail = judged[key] = (result.value_canonical, result.low, result.high,
                                          result.flag, json.dumps(list(result.notes)))
                model = LabResult
                row = (*common, code, event.value, unit, *tail)
            elif kind == "pathology" and 0 <= event.tumor < len(history.tumors):
                tumor = history.tumors[event.tumor]
                if tumor.site not in _SITES:
                    continue
                depth = _DEPTH.get(tumor.depth, tumor.depth)
                resection = code == "resection_specimen"
                model = PathologyReport
                row = (*common, tumor.site,
                       tumor.subsite if tumor.site == "duodenum_ampulla" else "",
                       "resection" if resection else "biopsy", tumor.histology,
                       tumor.differentiation,
                       event.value if event.value is not None else tumor.ki67_percent,
                       tumor.mitoses_per_2mm2, tumor.size_cm if resection else None,
                       depth if depth in _INVASIONS else "",
                       "negative" if resection else "not_assessed",
                       tumor.nodes_examined if resection else None,
                       tumor.nodes_positive if resection else None, tumor.multiplicity > 1)
            else:
                continue
            drafts[model].append(row)
            keys[model].append((position, number))
    links: dict[tuple[int, int], Link] = {}
    for model, batch in drafts.items():
        first = reserve_ids(model, len(batch))
        insert_rows(model, FIELDS[model],
                    ((first + i, *row) for i, row in enumerate(batch)))
        source_type, kind = _SOURCE[model]
        for i, key in enumerate(keys[model]):
            links[key] = (source_type, str(first + i), kind)
        if model is PetScan:
            insert_rows(PetLesion, ["pet", "location", "size_mm", "suv_max"],
                        ((first + i, lesion.location, lesion.size_mm, lesion.suv_max)
                         for i, found in enumerate(lesions_of) for lesion in found))
    publish(histories, patient_ids, links, [], into)
