"""Shared cohorts for the synthetic-data tests, aggregated while streaming (no big lists)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest

from netcare.synthetic import DEFAULT_CONFIG, PatientHistory, generate

LARGE_N = 40_000
SEED = 20261125


@dataclass
class CohortStats:
    """Counts gathered from one streamed cohort."""

    n: int = 0
    sites: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)
    grades: Counter[str] = field(default_factory=Counter)
    female: int = 0
    carcinoid: int = 0
    pancreas: int = 0
    pancreas_hereditary: int = 0
    events: int = 0
    max_events: int = 0
    # 5-year deaths among patients diagnosed >= 5 years before TODAY, by primary key
    five_year_at_risk: Counter[str] = field(default_factory=Counter)
    five_year_dead: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def _check(p: PatientHistory, stats: CohortStats) -> None:
    from tests.synthetic.invariants import problems

    if len(stats.problems) < 20:
        stats.problems.extend(problems(p))


@pytest.fixture(scope="session")
def large_cohort() -> CohortStats:
    """A 40,000-patient default cohort, summarised (and every patient checked for invariants)."""
    from datetime import date

    stats = CohortStats()
    five_years_ago = date(2021, 11, 25)
    for p in generate(DEFAULT_CONFIG, LARGE_N, SEED):
        tumor = p.tumors[0]
        stats.n += 1
        stats.sites[tumor.primary_key] += 1
        stats.stages[tumor.seer_stage] += 1
        stats.grades[tumor.grade or "NEC"] += 1
        stats.female += p.demographics.sex == "female"
        stats.carcinoid += p.carcinoid_syndrome
        if tumor.primary_key == "pancreas":
            stats.pancreas += 1
            stats.pancreas_hereditary += p.hereditary_syndrome is not None
        stats.events += len(p.events)
        stats.max_events = max(stats.max_events, len(p.events))
        if tumor.diagnosis_date <= five_years_ago:
            stats.five_year_at_risk[tumor.primary_key] += 1
            death = p.vital_status.death_date
            if death is not None and (death - tumor.diagnosis_date).days <= 1826:
                stats.five_year_dead[tumor.primary_key] += 1
        _check(p, stats)
    return stats
