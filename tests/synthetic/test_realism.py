"""The default cohort matches its configured epidemiology (40,000 patients, streamed)."""

from __future__ import annotations

import math

from netcare.synthetic import DEFAULT_CONFIG, GRADES, SEER_STAGES

from .conftest import CohortStats


def _normalised(shares: dict[str, float]) -> dict[str, float]:
    total = sum(shares.values())
    return {k: v / total for k, v in shares.items()}


def _site_targets() -> dict[str, float]:
    return _normalised({k: s.value for k, s in DEFAULT_CONFIG.site_shares.items()})


def _mixed_targets(table_name: str, keys: tuple[str, ...]) -> dict[str, float]:
    """Expected cohort share of each key of a per-site table, mixed by the site shares."""
    table = getattr(DEFAULT_CONFIG, table_name)
    out = dict.fromkeys(keys, 0.0)
    for site, p_site in _site_targets().items():
        inner = _normalised({k: s.value for k, s in table[site].items()})
        for k, p in inner.items():
            out[k] += p_site * p
    return out


def _within_1pp(target: float, count: int, n: int) -> bool:
    return abs(count / n - target) <= 0.01


def test_it_matches_the_primary_site_shares(large_cohort: CohortStats) -> None:
    """Each primary site's share is within 1 percentage point of its configured share."""
    for site, target in _site_targets().items():
        assert _within_1pp(target, large_cohort.sites[site], large_cohort.n), site


def test_it_matches_the_stage_shares(large_cohort: CohortStats) -> None:
    """Localized/regional/distant shares are within 1 pp of the site-weighted config."""
    for stage, target in _mixed_targets("stage_by_site", SEER_STAGES).items():
        assert _within_1pp(target, large_cohort.stages[stage], large_cohort.n), stage


def test_it_matches_the_grade_shares(large_cohort: CohortStats) -> None:
    """G1/G2/G3/NEC shares are within 1 pp of the site-weighted config."""
    for grade, target in _mixed_targets("grade_by_site", GRADES).items():
        assert _within_1pp(target, large_cohort.grades[grade], large_cohort.n), grade


def test_it_matches_the_sex_share(large_cohort: CohortStats) -> None:
    """52.7 % women (Dasari 2017), within 1 pp."""
    assert _within_1pp(DEFAULT_CONFIG.female_share.value, large_cohort.female, large_cohort.n)


def test_it_matches_the_carcinoid_syndrome_share(large_cohort: CohortStats) -> None:
    """About 19 % of patients have carcinoid syndrome (Halperin 2017), within 1 pp."""
    target = DEFAULT_CONFIG.carcinoid_syndrome_share.value
    assert _within_1pp(target, large_cohort.carcinoid, large_cohort.n)


def test_it_matches_the_hereditary_share_of_pancreatic_nets(large_cohort: CohortStats) -> None:
    """About 10 % of pancreatic NETs are hereditary (Geurts 2020), within 3 standard errors."""
    target = DEFAULT_CONFIG.hereditary_by_site["pancreas"].value
    n = large_cohort.pancreas
    standard_error = math.sqrt(target * (1 - target) / n)
    assert abs(large_cohort.pancreas_hereditary / n - target) <= 3 * standard_error


def test_it_orders_survival_by_site_as_the_sources(large_cohort: CohortStats) -> None:
    """5-year survival: rectum and appendix > small intestine > pancreas; lung < rectum."""

    def survival(site: str) -> float:
        at_risk = large_cohort.five_year_at_risk[site]
        return 1 - large_cohort.five_year_dead[site] / at_risk

    assert survival("rectum") > survival("jejunum_ileum") > survival("pancreas")
    assert survival("appendix") > survival("jejunum_ileum")
    assert survival("lung") < survival("rectum")


def test_it_gives_a_realistic_number_of_events(large_cohort: CohortStats) -> None:
    """Patients average roughly 40-80 timeline events and long-followed ones pass 200."""
    mean = large_cohort.events / large_cohort.n
    assert 35 <= mean <= 80
    assert large_cohort.max_events >= 200


def test_every_patient_is_internally_consistent(large_cohort: CohortStats) -> None:
    """No patient of the large cohort breaks an invariant (see invariants.problems)."""
    assert large_cohort.problems == []
