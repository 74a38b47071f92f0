"""Bulk loader of synthetic tumors: grade and stage computed by the rules, as in the app.

Part of `netcare seed` (see `netcare.patients.loaders` for the timeline contract): a tumor is
not a synthetic event, so its diagnosis line is an extra timeline entry linked to the tumor.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from netcare.clinical import grading, staging
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.vocabulary import Site
from netcare.db import insert_rows, reserve_ids
from netcare.patients.loaders import Collector, noon, publish
from netcare.tumors.models import Tumor
from netcare.tumors.services import category_in_words

_SITES = frozenset(Site)
FIELDS = ["id", "patient", "site", "subsite", "diagnosed_on", "category", "grade", "t", "n", "m",
          "stage", "size_cm", "computed_notes", "computed_at", "inputs_used"]


def _describe(category: str, grade: str, t: str, n: str, m: str, stage: str) -> str:
    # Same text as tumors.services.describe, from plain values.
    parts = [" ".join(x for x in (category_in_words(category) if category else "", grade) if x)]
    tnm = " ".join(x for x in (t, n, m) if x)
    if tnm:
        parts.append(tnm)
    if stage:
        parts.append(f"stage {stage}")
    return ", ".join(p for p in parts if p) or "not yet graded or staged"


def load(histories: Sequence[Any], patient_ids: Mapping[str, int],
         into: Collector | None = None) -> None:
    """One Tumor per synthetic primary (unknown primaries skipped; one per site and subsite),
    its WHO class from `grading.classify` and stage group from `staging.stage`, and one
    diagnosis timeline entry each. One COPY (plus the timeline's)."""
    now = timezone.now()
    drafts: list[tuple[Any, ...]] = []
    cache: dict[tuple[Any, ...], tuple[str, str, str, str]] = {}
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
            key = (source.site, subsite, source.differentiation, source.ki67_percent,
                   source.mitoses_per_2mm2, source.necrosis, source.t, source.n, source.m)
            computed = cache.get(key)
            if computed is None:
                computed = cache[key] = _compute(source, subsite)
            category, grade, stage, notes = computed
            lung = source.site == "lung"
            drafts.append((
                pid, source.site, subsite, source.diagnosis_date, category, grade,
                "" if lung else source.t, "" if lung else source.n, "" if lung else source.m,
                stage, source.size_cm, json.dumps(notes), now,
                json.dumps({"source": "synthetic history (seed)",
                            "pathology": {"differentiation": source.differentiation,
                                          "ki67_percent": source.ki67_percent,
                                          "mitoses_per_2mm2": source.mitoses_per_2mm2,
                                          **({"necrosis": source.necrosis} if lung else {}),
                                          "size_cm": source.size_cm, "depth": source.depth,
                                          "nodes_examined": source.nodes_examined,
                                          "nodes_positive": source.nodes_positive},
                            "references": [grading.REFERENCE_LUNG if lung
                                           else grading.REFERENCE_WHO, "REFERENCE §2"]}),
            ))
    first = reserve_ids(Tumor, len(drafts))
    rows = [(first + i, *draft) for i, draft in enumerate(drafts)]
    insert_rows(Tumor, FIELDS, rows)
    extra = []
    for row in rows:
        pk, pid, site, subsite, day = row[0], row[1], row[2], row[3], row[4]
        label = site.replace("_", "/") + (f" ({subsite})" if subsite else "")
        title = f"Diagnosis: {label} {_describe(*row[5:8], *row[8:11])}"[:200]
        extra.append((pid, noon(day), "diagnosis", title,
                      "Computed by netcare from pathology and imaging.", "tumors.tumor", str(pk),
                      True))
    publish(histories, patient_ids, {}, extra, into)


def _compute(source: Any, subsite: str) -> tuple[str, str, str, list[str]]:
    """(category, grade, stage group, notes) as `tumors.services` computes them from a
    pathology report: lung by the WHO thoracic rules (REFERENCE §1), with their notes."""
    notes: list[str] = []
    if source.site == "lung":
        lung = grading.classify_lung_carcinoid(source.mitoses_per_2mm2, source.necrosis or None)
        category, grade = (lung.category.value if lung.category else ""), ""
        notes.extend(lung.notes)
    else:
        who = grading.classify(source.differentiation, source.ki67_percent,
                               source.mitoses_per_2mm2)
        category = who.category.value if who.category else ""
        grade = who.grade.value if who.grade else ""
    try:
        result = staging.stage(source.site, source.t.removesuffix("(m)"), source.n, source.m,
                               subsite or None)
        return category, grade, result.stage or "", [*notes, result.reason]
    except ClinicalInputError as error:
        return category, grade, "", [*notes, f"Stage not computed: {error}"]
