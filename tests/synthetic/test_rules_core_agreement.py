"""Every generated tumour is staged and graded as the rules core would (one source per rule)."""

from __future__ import annotations

from functools import cache

from netcare.clinical import grading, staging
from netcare.clinical.vocabulary import Site
from netcare.synthetic import DEFAULT_CONFIG, Tumor, generate
from netcare.synthetic.vocabulary import DEPTHS

N_PATIENTS = 6_000
SEED = 77
_GEP = tuple(site for site in Site if site is not Site.LUNG)
_ANY_SUBSITE = {Site.DUODENUM_AMPULLA: "duodenum"}


@cache
def _tumors() -> tuple[Tumor, ...]:
    """The index tumours of one cohort, generated once for all tests of this module."""
    return tuple(p.tumors[0] for p in generate(DEFAULT_CONFIG, N_PATIENTS, SEED))


def _subsite(tumor: Tumor) -> str | None:
    return tumor.subsite if tumor.site == "duodenum_ampulla" else None


def _mismatches(tumor: Tumor) -> list[str]:
    """How `tumor` differs from netcare.clinical.staging applied to its findings."""
    out: list[str] = []
    m = staging.m_from_metastases(tumor.hepatic_metastases, tumor.extrahepatic_metastases)
    if m.value != tumor.m:
        out.append(f"m {tumor.m} != {m.value}")
    if tumor.site == "lung":
        if staging.stage("lung", tumor.t, tumor.n, tumor.m).stage != tumor.stage_group:
            out.append(f"lung stage {tumor.stage_group}")
        return out
    if tumor.site not in {site.value for site in _GEP}:
        # unknown primary: no chapter; the stage must be what every chapter gives for TX
        groups = {
            staging.stage(site, "TX", tumor.n, tumor.m, _ANY_SUBSITE.get(site)).stage
            for site in _GEP
        }
        if groups != {tumor.stage_group} or tumor.t != "TX":
            out.append(f"unknown primary {tumor.t} {tumor.stage_group} vs {groups}")
        return out
    t = staging.t_from_findings(tumor.site, tumor.size_cm, tumor.depth, subsite=_subsite(tumor))
    if t.t.value != tumor.t:
        out.append(f"t {tumor.t} != {t.t.value}")
    positive = tumor.nodes_positive if tumor.nodes_examined else None
    n = staging.n_from_findings(tumor.site, positive, tumor.mesenteric_mass_cm)
    if tumor.nodes_examined and n.n.value != tumor.n:
        out.append(f"n {tumor.n} != {n.n.value}")
    if tumor.n not in {p.value for p in n.possible}:
        out.append(f"n {tumor.n} not among {n.possible}")
    group = staging.stage(tumor.site, tumor.t, tumor.n, tumor.m, _subsite(tumor)).stage
    if group != tumor.stage_group:
        out.append(f"stage {tumor.stage_group} != {group}")
    return out


def test_it_stages_every_tumor_as_netcare_clinical_staging() -> None:
    """t/n/m/stage_group of every tumour equal netcare.clinical.staging's for its findings."""
    bad = [f"{i}: {m}" for i, tumor in enumerate(_tumors()) for m in _mismatches(tumor)]
    assert [] == bad[:10]


def test_it_grades_every_tumor_as_netcare_clinical_grading() -> None:
    """Category and grade equal grading.classify of differentiation, Ki-67 and mitoses."""
    bad = []
    for tumor in _tumors():
        who = grading.classify(tumor.differentiation, tumor.ki67_percent, tumor.mitoses_per_2mm2)
        got = (who.category, who.grade)
        if got != (tumor.category, tumor.grade):
            bad.append((tumor.category, tumor.grade, got))
    assert [] == bad[:10]


def test_it_uses_the_invasion_vocabulary_of_the_rules_core() -> None:
    """Every depth is a staging.Invasion value, or 'confined' (lung) / 'unknown' (no primary)."""
    depths = {tumor.depth for tumor in _tumors()}
    assert set() == depths - set(DEPTHS)
    assert {"confined", "unknown"} == set(DEPTHS) - {i.value for i in staging.Invasion}


def test_it_covers_every_site_and_stage_path() -> None:
    """The sample reaches every site, stage IV, N2 by mesenteric mass and unstageable tumours."""
    tumors = _tumors()
    assert {s.value for s in Site} | {"unknown_primary"} == {t.site for t in tumors}
    assert any(t.stage_group == "IV" for t in tumors)
    assert any(t.mesenteric_mass_cm is not None and t.nodes_examined for t in tumors)
    assert any(t.stage_group is None and t.site != "lung" for t in tumors)
