"""The case summary: assembled from the chart, never typed.

Before presentation it is assembled live (`netcare.tumors.snapshot_builder.snapshot_for` plus
the patient's prior board recommendations and tumor-marker series); at presentation the same dicts
are frozen on the case, and from then on the summary renders only from the stored JSON, so the
record shows what the board saw. Decision support comes from `netcare.clinical.decision_support`
(options, sources, "a clinician decides").
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from netcare.clinical.biomarkers import marker_trend
from netcare.clinical.decision_support import options_for
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.snapshot import PatientSnapshot
from netcare.patients.models import Patient, Sex
from netcare.treatments.models import KIND_LABELS, Response
from netcare.tumors.models import SITE_CHOICES
from netcare.tumors.snapshot_builder import snapshot_for
from netcare.words import DIFFERENTIATION
from netcare.workup.labs import CATALOGUE, CGA, HIAA, TUMOR_MARKERS
from netcare.workup.models import LabResult, Margins

#: Marker values shown per test in the summary's marker table.
MARKER_SERIES_LENGTH = 8


def _prior_recommendations(patient: Patient, *, exclude_case_id: int | None) -> list[str]:
    """Earlier board recommendations of the patient, oldest first. One query."""
    from netcare.tumorboard.models import Recommendation

    rows = (Recommendation.objects.filter(case__patient_id=patient.pk)
            .exclude(case_id=exclude_case_id)
            .order_by("board_date", "id")
            .values_list("board_date", "text")[:20])
    return [f"{on:%Y-%m-%d}: {text}"[:500] for on, text in rows]


def _marker_series(patient: Patient, as_of: date) -> dict[str, list[list[Any]]]:
    """{catalogue label: [[ISO date, value in the canonical unit], ...] oldest first}: the
    latest `MARKER_SERIES_LENGTH` results of each tumor marker (`labs.TUMOR_MARKERS`, in that
    order). 5-HIAA and chromogranin A are always listed (empty when never measured), the others
    when the patient has a result. One query."""
    rows = (LabResult.objects.filter(patient_id=patient.pk, is_current=True,
                                     performed_on__lte=as_of, test__in=TUMOR_MARKERS)
            .annotate(nth=Window(RowNumber(), partition_by=[F("test")],
                                 order_by=[F("performed_on").desc(), F("id").desc()]))
            .filter(nth__lte=MARKER_SERIES_LENGTH)
            .order_by("-performed_on", "-id")
            .values_list("test", "performed_on", "value_canonical"))
    series: dict[str, list[list[Any]]] = {test: [] for test in TUMOR_MARKERS}
    for test, on, value in rows:
        series[test].append([on.isoformat(), value])
    return {CATALOGUE[test].label: list(reversed(values)) for test, values in series.items()
            if values or test in (HIAA, CGA)}


def assemble(patient: Patient, *, as_of: date | None = None,
             exclude_case_id: int | None = None) -> dict[str, Any]:
    """The live summary: {"snapshot", "decision_support", "chart_extras"} as JSON-able dicts."""
    snapshot = snapshot_for(patient, as_of=as_of)
    snapshot = dataclasses.replace(
        snapshot,
        prior_board_recommendations=tuple(
            _prior_recommendations(patient, exclude_case_id=exclude_case_id)),
    )
    return {
        "snapshot": snapshot.to_dict(),
        "decision_support": options_for(snapshot).to_dict(),
        "chart_extras": {"markers": _marker_series(patient, snapshot.as_of)},
    }


def case_summary(case: Any) -> dict[str, Any]:
    """The stored summary of a presented case, else the live one. Adds "frozen"."""
    if case.is_frozen:
        return {"snapshot": case.snapshot, "decision_support": case.decision_support,
                "chart_extras": case.chart_extras or {}, "frozen": True,
                "presented_at": case.presented_at}
    live = assemble(case.patient, exclude_case_id=case.pk)
    return {**live, "frozen": False, "presented_at": None}


# -- presentation -------------------------------------------------------------------------------

_LABELS = {
    None: "unknown", True: "yes", False: "no",
}


def _word(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return _LABELS[value]
    if isinstance(value, str):
        return value.replace("_", " ")
    if isinstance(value, list):
        return ", ".join(_word(v) for v in value) if value else "none"
    return str(value)


#: Stored codes -> the labels the chart uses ("jejunum/ileum", "Octreotide LAR").
_SITES = dict(SITE_CHOICES)
_RESPONSES = dict(Response.choices)
_SEXES = dict(Sex.choices)
#: The pathology report's words: "Well differentiated", "Negative (R0)".
_TUMOR_LABELS = {"site": dict(SITE_CHOICES), "differentiation": DIFFERENTIATION,
                 "margin": dict(Margins.choices)}


def _label(labels: dict[str, str], value: Any) -> str:
    """`value` by its label; a code no table knows in words like any other value."""
    return labels[value] if isinstance(value, str) and value in labels else _word(value)


def _tumor_rows(tumor: dict[str, Any]) -> list[tuple[str, str]]:
    keys = [("site", "Site"), ("subsite", "Subsite"), ("size_cm", "Size (cm)"),
            ("differentiation", "Differentiation"), ("category", "Category"),
            ("grade", "WHO grade"), ("ki67_percent", "Ki-67 (%)"),
            ("mitoses_per_2mm2", "Mitoses per 2 mm²"), ("t", "T"), ("n", "N"), ("m", "M"),
            ("stage", "AJCC 8th stage"), ("depth", "Depth of invasion"),
            ("margin", "Margin"), ("lymphovascular_invasion", "Lymphovascular invasion"),
            ("resected", "Resected"), ("multifocal", "Multifocal")]
    return [(label, _label(_TUMOR_LABELS.get(key, {}), tumor.get(key)))
            for key, label in keys
            if tumor.get(key) is not None or key in ("grade", "stage", "ki67_percent")]


def presentable(summary: dict[str, Any]) -> dict[str, Any]:
    """Sections for the HTML and PDF templates, read from the snapshot dict (no queries)."""
    snap = PatientSnapshot.from_dict(summary["snapshot"]).to_dict()  # validates stored JSON
    tumors = snap.get("tumors") or []
    index = tumors[0] if tumors else {}
    met = snap.get("metastases") or {}
    sstr = snap.get("sstr") or {}
    hered = snap.get("hereditary") or {}
    perf = snap.get("performance") or {}
    return {
        "as_of": snap["as_of"],
        "headline": {
            "site": _label(_SITES, index.get("site")),
            "grade": _word(index.get("grade") or index.get("category")),
            "ki67": _word(index.get("ki67_percent")),
            "stage": _word(index.get("stage")),
            "tnm": " ".join(str(index.get(k) or f"{k.upper()}?") for k in ("t", "n", "m")),
        },
        "presentation": [
            ("Age", _word(snap.get("age"))), ("Sex", _label(_SEXES, snap.get("sex"))),
            ("Symptoms", _word(snap.get("symptoms"))),
            ("Functional syndrome", _word(snap.get("functional_syndrome"))),
        ],
        "hereditary": [("Known syndrome", _word(hered.get("known_syndrome"))),
                       ("Family history of NET", _word(hered.get("family_history")))],
        "performance": [("Karnofsky", _word(perf.get("karnofsky"))),
                        ("ECOG", _word(perf.get("ecog"))),
                        ("Assessed on", _word(perf.get("assessed_on")))],
        "tumors": [_tumor_rows(t) for t in tumors],
        "metastases": [("Liver", _word(met.get("hepatic"))),
                       ("Outside the liver", _word(met.get("extrahepatic_sites")))],
        "pet": [("SSTR imaging done", _word(sstr.get("done"))),
                ("Krenning score (highest lesion)", _word(sstr.get("krenning_score"))),
                ("Lowest target-lesion Krenning score",
                 _word(sstr.get("lowest_krenning_score"))),
                ("SSTR status", {True: "positive", False: "negative"}.get(
                    sstr.get("positive"), "unknown")),
                ("Scan date", _word(sstr.get("scan_date")))],
        "markers": _marker_rows((summary.get("chart_extras") or {}).get("markers") or {}),
        "treatments": [(_label(KIND_LABELS, t.get("kind")), _word(t.get("start")),
                        _word(t.get("end")), _label(_RESPONSES, t.get("best_response")))
                       for t in snap.get("treatments") or []],
        "prior": snap.get("prior_board_recommendations") or [],
        "decision_support": _options_in_words(summary["decision_support"]),
    }


#: Catalogue label -> test, to find the unit of a stored series (keyed by its label).
_BY_LABEL = {test.label: test for test in CATALOGUE.values()}
#: Catalogue label -> place in the summary: PostgreSQL's jsonb does not keep the stored order.
_PLACE = {CATALOGUE[code].label: place for place, code in enumerate(TUMOR_MARKERS)}


def _number(value: float) -> str:
    """45.4 → "45.4", 46.0 → "46", 0.123 → "0.12": at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _change(previous: float, latest: float) -> str:
    """The change in per cent, signed: "+2.2 %", "-49 %"; empty from 0 (no per cent of 0)."""
    if not previous:
        return ""
    percent = (latest - previous) / previous * 100
    return f"{percent:+.1f} %" if abs(percent) < 10 else f"{percent:+.0f} %"


def _trend_in_words(values: list[float], unit: str) -> str:
    """Each marker's own trend with the two values it was computed from (REFERENCE §3 sets no
    threshold: `biomarkers.marker_trend`): "rising: 45.4 → 46.4 ng/mL (+2.2 %)"."""
    if len(values) < 2:
        return "one result: no trend yet" if values else "no result"
    previous, latest = values[-2], values[-1]
    try:
        trend = marker_trend(previous, latest)
    except ClinicalInputError:
        return "unknown"
    change = _change(previous, latest)
    return (f"{trend.value}: {_number(previous)} → {_number(latest)} {unit}"
            + (f" ({change})" if change else ""))


def _marker_rows(series: dict[str, list[list[Any]]]) -> list[dict[str, Any]]:
    """One row per tumor marker of the series frozen with the summary: its name and unit,
    latest value and date, its own trend with the values it came from, and its recent values
    oldest first."""
    rows = []
    for label, points in sorted(series.items(),
                                key=lambda item: _PLACE.get(item[0], len(_PLACE))):
        test = _BY_LABEL.get(label)
        unit = test.unit if test else ""
        values = [float(value) for _, value in points]
        rows.append({
            "label": f"{label} ({unit})" if unit else label,
            "latest": _number(values[-1]) if values else "unknown",
            "date": points[-1][0] if points else "unknown",
            "trend": _trend_in_words(values, unit),
            "values": [(on, _number(float(value))) for on, value in points],
        })
    return rows


def _options_in_words(decision_support: dict[str, Any] | None) -> dict[str, Any]:
    """The stored options with their kind in words ("workup needed"), for the badge."""
    decision_support = decision_support or {}
    options = [{**o, "kind_label": _word(o.get("kind"))}
               for o in decision_support.get("options", [])]
    return {**decision_support, "options": options}
