"""Follow-up schedules after NET treatment (REFERENCE §9: ENETS/NCCN, simplified; verify per
site).

Month arithmetic: a visit "n months after" the start date falls on the same day of the month,
n calendar months later; when that month is shorter, on its last day (31 January + 1 month =
28 or 29 February). Every visit is computed from the start date, never from the previous visit,
so short months do not accumulate drift (31 Jan + 2 months is 31 March, not 28 March). Dates are
local calendar dates (`datetime.date`): no time zone is involved.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from netcare.clinical._inputs import check_number, read_bool, read_choice, read_number
from netcare.clinical.calculators import register
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.vocabulary import Category, Grade, Site

__all__ = [
    "HIGH_GRADE_INTERVAL_MONTHS",
    "LOW_RISK_MAX_SIZE_CM",
    "METASTATIC_INTERVAL_MONTHS",
    "SurveillancePlan",
    "SurveillanceRequest",
    "Visit",
    "VisitItem",
    "add_months",
    "follow_up_schedule",
]

VERIFY_NOTE = "Simplified ENETS/NCCN schedule (REFERENCE §9): verify per site and patient."

METASTATIC_INTERVAL_MONTHS = (3, 6)
"""Metastatic disease under treatment: imaging every 3-6 months (REFERENCE §9)."""
HIGH_GRADE_INTERVAL_MONTHS = (2, 3)
"""G3 NET / NEC: every 2-3 months (REFERENCE §9)."""
LOW_RISK_MAX_SIZE_CM: Mapping[Site, float] = {Site.COLON_RECTUM: 1.0, Site.APPENDIX: 2.0}
"""Small, fully resected G1 NETs with no adverse features need no routine follow-up: rectum
< 1 cm (REFERENCE §7, endoscopic resection threshold), appendix <= 2 cm (REFERENCE §7)."""


class VisitItem(StrEnum):
    """What a follow-up visit includes."""

    CLINICAL_REVIEW = "clinical_review"
    MARKERS = "markers"
    CT_OR_MRI = "ct_or_mri"
    SSTR_PET = "sstr_pet"


_STANDARD_ITEMS = frozenset({VisitItem.CLINICAL_REVIEW, VisitItem.MARKERS, VisitItem.CT_OR_MRI})


@dataclass(frozen=True, slots=True)
class Visit:
    """One follow-up visit: when it is due, what it includes, and the interval rule."""

    due: date
    items: frozenset[VisitItem]
    interval: str


@dataclass(frozen=True, slots=True)
class SurveillanceRequest:
    """The facts a schedule depends on (REFERENCE §9).

    Attributes:
        size_cm: largest tumour size; needed to recognise small rectal/appendiceal NETs.
        horizon_months: length of the metastatic / high-grade schedule (those have no end in
            REFERENCE §9; the plan is reviewed at the horizon). Default 24.

    Raises:
        ClinicalInputError: invalid field (named in the message).
    """

    site: Site
    category: Category
    grade: Grade | None
    start: date
    resected: bool = False
    metastatic: bool = False
    under_treatment: bool = False
    adverse_features: bool = False
    size_cm: float | None = None
    horizon_months: int = 24

    def __post_init__(self) -> None:
        for name, kind in (("site", Site), ("category", Category)):
            if not isinstance(getattr(self, name), kind):
                raise ClinicalInputError(name, f"must be a {kind.__name__}")
        if self.grade is not None and not isinstance(self.grade, Grade):
            raise ClinicalInputError("grade", f"must be G1, G2, G3 or None, got {self.grade!r}")
        if not isinstance(self.start, date):
            raise ClinicalInputError("start", f"must be a date, got {self.start!r}")
        if self.size_cm is not None:
            check_number("size_cm", self.size_cm, minimum=0.0, maximum=100.0)
        months: object = self.horizon_months
        if type(months) is not int or not 1 <= months <= 240:
            raise ClinicalInputError(
                "horizon_months", f"must be a whole number from 1 to 240, got {months!r}"
            )


@dataclass(frozen=True, slots=True)
class SurveillancePlan:
    """The visits, whether routine follow-up applies, why, and what to verify."""

    visits: tuple[Visit, ...]
    routine_follow_up: bool
    rationale: str
    uncertain: tuple[str, ...]


def add_months(start: date, months: int) -> date:
    """`start` plus `months` calendar months, clamped to the month's last day (module doc)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def _repeat(
    start: date, every: int, horizon: int, interval: str, items: frozenset[VisitItem]
) -> tuple[Visit, ...]:
    return tuple(
        Visit(add_months(start, m), items, interval) for m in range(every, horizon + 1, every)
    )


def follow_up_schedule(request: SurveillanceRequest) -> SurveillancePlan:
    """Follow-up visits after diagnosis or treatment (REFERENCE §9, simplified; verify per site).

    - NEC or G3 NET: every 2-3 months (scheduled at 2) up to the horizon.
    - Metastatic: imaging every 3-6 months (scheduled at 3) up to the horizon, SSTR PET once a
      year (netcare choice, marked uncertain).
    - Small (rectum < 1 cm, appendix <= 2 cm) fully resected G1 NET without adverse features:
      no routine follow-up.
    - Other resected (or unresected, non-metastatic) low-grade NET: first visit at 3 months
      (window 3-12), then every 6 months to year 3 (window 6-12), then yearly to year 10.
    """
    r = request
    uncertain: tuple[str, ...] = (VERIFY_NOTE,)
    high_grade = r.category is Category.NEC or r.grade is Grade.G3
    if high_grade:
        every = HIGH_GRADE_INTERVAL_MONTHS[0]
        visits = _repeat(r.start, every, r.horizon_months, "every 2-3 months", _STANDARD_ITEMS)
        return SurveillancePlan(
            visits,
            True,
            "G3 NET or NEC: clinical review, markers and imaging every 2-3 months.",
            (*uncertain, f"Schedule shown for {r.horizon_months} months; review then."),
        )
    if r.metastatic:
        every = METASTATIC_INTERVAL_MONTHS[0]
        visits = tuple(
            Visit(
                v.due,
                v.items | {VisitItem.SSTR_PET} if i % 4 == 3 else v.items,
                v.interval,
            )
            for i, v in enumerate(
                _repeat(r.start, every, r.horizon_months, "every 3-6 months", _STANDARD_ITEMS)
            )
        )
        state = "under treatment" if r.under_treatment else "not on treatment"
        return SurveillancePlan(
            visits,
            True,
            f"Metastatic disease {state}: imaging every 3-6 months.",
            uncertain
            + (
                f"Schedule shown for {r.horizon_months} months; review then.",
                "Yearly SSTR PET is a netcare default, not in REFERENCE §9.",
            )
            + (() if r.under_treatment else ("REFERENCE §9 states the interval under treatment.",)),
        )
    limit = LOW_RISK_MAX_SIZE_CM.get(r.site)
    if limit is not None and r.resected and not r.adverse_features and r.grade is Grade.G1:
        if r.size_cm is None:
            uncertain += ("Tumour size unknown: a small NET may need no routine follow-up.",)
        elif r.size_cm < limit or (r.site is Site.APPENDIX and r.size_cm <= limit):
            return SurveillancePlan(
                (),
                False,
                f"Small ({r.size_cm:g} cm) fully resected G1 {r.site.value} NET without adverse "
                "features: no routine follow-up.",
                uncertain,
            )
    if r.grade is None:
        uncertain += ("Grade unknown: low-grade schedule shown.",)
    if not r.resected:
        uncertain += ("Unresected tumour: REFERENCE §9 covers resected disease only.",)
    visits = (
        Visit(add_months(r.start, 3), _STANDARD_ITEMS, "first visit 3-12 months after treatment"),
        *(
            Visit(add_months(r.start, m), _STANDARD_ITEMS, "every 6-12 months, years 1-3")
            for m in range(12, 37, 6)
        ),
        *(
            Visit(add_months(r.start, m), _STANDARD_ITEMS, "yearly, years 4-10")
            for m in range(48, 121, 12)
        ),
    )
    return SurveillancePlan(
        visits,
        True,
        "Low-grade NET: first review at 3-12 months, every 6-12 months to year 3, then yearly "
        "to year 10.",
        uncertain,
    )


@register("surveillance_schedule")
def _surveillance_schedule(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`surveillance_schedule`: site, category, grade (optional), start_date (YYYY-MM-DD),
    resected, metastatic, under_treatment, adverse_features, size_cm, horizon_months ->
    routine_follow_up, rationale, visits [{due, items, interval}], uncertain."""
    raw_start = inputs.get("start_date")
    try:
        start = date.fromisoformat(raw_start)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ClinicalInputError(
            "start_date", f"must be a date YYYY-MM-DD, got {raw_start!r}"
        ) from None
    horizon = read_number(inputs, "horizon_months", minimum=1, maximum=240, required=False)
    if horizon is not None and not horizon.is_integer():
        raise ClinicalInputError(
            "horizon_months", f"must be a whole number from 1 to 240, got {horizon!r}"
        )
    request = SurveillanceRequest(
        site=read_choice(inputs, "site", Site),
        category=read_choice(inputs, "category", Category),
        grade=read_choice(inputs, "grade", Grade, required=False),
        start=start,
        resected=read_bool(inputs, "resected") is True,
        metastatic=read_bool(inputs, "metastatic") is True,
        under_treatment=read_bool(inputs, "under_treatment") is True,
        adverse_features=read_bool(inputs, "adverse_features") is True,
        size_cm=read_number(inputs, "size_cm", minimum=0, maximum=100, required=False),
        horizon_months=24 if horizon is None else int(horizon),
    )
    plan = follow_up_schedule(request)
    return {
        "routine_follow_up": plan.routine_follow_up,
        "rationale": plan.rationale,
        "visits": [
            {
                "due": v.due.isoformat(),
                "items": sorted(item.value for item in v.items),
                "interval": v.interval,
            }
            for v in plan.visits
        ],
        "uncertain": list(plan.uncertain),
    }
