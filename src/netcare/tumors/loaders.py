"""Bulk loader of synthetic tumors: grade and stage computed by the rules, as in the app."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from netcare.clinical import grading, staging
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.vocabulary import Site
from netcare.patients.models import TimelineEntry
from netcare.tumors.models import Tumor
from netcare.tumors.services import describe
from netcare.workup.dates import local_noon

BATCH = 5000
_SITES = frozenset(Site)


def load(histories: Sequence[Any], patient_ids: Mapping[str, int]) -> None:
    """One Tumor per synthetic primary (unknown primaries skipped; one per site and subsite),
    its WHO class from `grading.classify` and stage group from `staging.stage`, and one
    diagnosis TimelineEntry each. Two INSERT statements per 5,000 tumors."""
    now = timezone.now()
    tumors: list[Tumor] = []
    for history in histories:
        pid = patient_ids[history.demographics.mrn]
        seen: set[tuple[str, str]] = set()
        for source in history.tumors:
            if source.site not in _SITES:
                continue
            subsite = source.subsite if source.site == "duodenum_ampulla" else ""
            if (source.site, subsite) in seen:
                continue
            seen.add((source.site, subsite))
            notes: list[str] = []
            category = grade = ""
            if source.site == "lung":
                lung = grading.classify_lung_carcinoid(source.mitoses_per_2mm2, None)
                category = lung.category.value if lung.category else ""
            else:
                who = grading.classify(source.differentiation, source.ki67_percent,
                                       source.mitoses_per_2mm2)
                category = who.category.value if who.category else ""
                grade = who.grade.value if who.grade else ""
            stage = ""
            try:
                result = staging.stage(source.site, source.t.removesuffix("(m)"), source.n,
                                       source.m, subsite or None)
                stage = result.stage or ""
                notes.append(result.reason)
            except ClinicalInputError as error:
                notes.append(f"Stage not computed: {error}")
            tumors.append(Tumor(
                patient_id=pid, site=source.site, subsite=subsite,
                diagnosed_on=source.diagnosis_date, category=category, grade=grade,
                t=source.t if source.site != "lung" else "", n=source.n if source.site != "lung"
                else "", m=source.m if source.site != "lung" else "", stage=stage,
                size_cm=source.size_cm, computed_notes=notes, computed_at=now,
                inputs_used={"source": "synthetic history (seed)",
                             "pathology": {"differentiation": source.differentiation,
                                           "ki67_percent": source.ki67_percent,
                                           "mitoses_per_2mm2": source.mitoses_per_2mm2,
                                           "size_cm": source.size_cm, "depth": source.depth,
                                           "nodes_examined": source.nodes_examined,
                                           "nodes_positive": source.nodes_positive},
                             "references": [grading.REFERENCE_WHO, "REFERENCE §2"]},
            ))
    created = Tumor.objects.bulk_create(tumors, batch_size=BATCH)
    TimelineEntry.objects.bulk_create([
        TimelineEntry(patient_id=t.patient_id, occurred_at=local_noon(t.diagnosed_on),
                      kind="diagnosis", title=f"Diagnosis: {t.site_label} {describe(t)}"[:200],
                      summary="Computed by netcare from pathology and imaging.",
                      source_type="tumors.tumor", source_id=str(t.pk), released_to_patient=True)
        for t in created], batch_size=BATCH)
