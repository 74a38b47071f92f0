"""Some living patients missed their last due follow-up visit: it stays open, due before TODAY.

Measured on 6,000 patients: the living patients with a follow-up visit due in the year before
TODAY (the ones who had a visit to miss) and, among them, those whose visit is still open.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import cache

from netcare.synthetic import DEFAULT_CONFIG, TODAY, CohortConfig, PatientHistory, Share, generate

N = 6000
SEED = 4


@dataclass
class MissedVisits:
    had_a_visit_due: int = 0  # living patients with a follow-up visit due in the last year
    overdue_days: list[int] = field(default_factory=list)  # one per open visit before TODAY
    problems: list[str] = field(default_factory=list)


def _missed_visits(config: CohortConfig, n: int) -> MissedVisits:
    year_ago = TODAY - timedelta(days=365)
    found = MissedVisits()
    for patient in generate(config, n, SEED):
        visits = [e for e in patient.events if e.kind == "follow_up"]
        if patient.vital_status.alive and any(year_ago <= e.day < TODAY for e in visits):
            found.had_a_visit_due += 1
        found.overdue_days += [(TODAY - e.day).days for e in visits
                               if e.status == "planned" and e.day < TODAY]
        found.problems += _missed_visit_problems(patient)
    return found


@cache
def _default_cohort() -> MissedVisits:
    return _missed_visits(DEFAULT_CONFIG, N)


def _missed_visit_problems(patient: PatientHistory) -> list[str]:
    planned = [e for e in patient.events if e.status == "planned"]
    missed = [e for e in planned if e.day < TODAY]
    if not missed:
        return []
    mrn = patient.demographics.mrn
    out = []
    if [e.kind for e in planned] != ["follow_up"]:
        out.append(f"{mrn}: planned {[(e.kind, str(e.day)) for e in planned]}")
    if any(e.kind == "follow_up" and e.status == "completed" and e.day >= missed[0].day
           for e in patient.events):
        out.append(f"{mrn}: a visit was completed after the missed one")
    if not patient.vital_status.alive:
        out.append(f"{mrn}: missed visit of a patient who died")
    return out


def test_the_configured_share_of_patients_with_a_visit_due_missed_it() -> None:
    """6 % (the config), within 3 standard errors (about 1.5 pp on ~2,400 patients)."""
    target = DEFAULT_CONFIG.overdue_follow_up_share.value
    cohort = _default_cohort()
    share = len(cohort.overdue_days) / cohort.had_a_visit_due
    assert cohort.had_a_visit_due > 2000
    assert abs(share - target) <= 3 * math.sqrt(target * (1 - target) / cohort.had_a_visit_due)


def test_missed_visits_are_overdue_by_a_day_to_a_year_spread_over_the_interval() -> None:
    """Each open visit is 1 to 365 days before TODAY; both recent and long-missed visits
    occur."""
    overdue_days = _default_cohort().overdue_days
    assert min(overdue_days) >= 1 and max(overdue_days) <= 365
    assert any(days <= 30 for days in overdue_days)
    assert any(days > 120 for days in overdue_days)


def test_a_missed_visit_has_no_planned_marker_or_imaging_and_nothing_after_it() -> None:
    """The missed visit's CgA and CT/MRI were not done and are not planned; no follow-up visit
    was completed after it, no other visit is planned, and the patient is alive."""
    assert [] == _default_cohort().problems


def test_a_share_of_zero_leaves_every_planned_visit_after_today() -> None:
    """With the share at 0 no visit is overdue (1,500 patients)."""
    config = replace(DEFAULT_CONFIG, overdue_follow_up_share=Share(0.0, "test", False))
    cohort = _missed_visits(config, 1500)
    assert cohort.had_a_visit_due > 500
    assert [] == cohort.overdue_days
