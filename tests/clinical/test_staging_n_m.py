"""AJCC 8th N from nodes and M from metastatic sites (REFERENCE §2)."""

from __future__ import annotations

import pytest

from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.staging import (
    NResult,
    allowed_m,
    allowed_n,
    allowed_t,
    m_from_metastases,
    n_from_findings,
)
from netcare.clinical.vocabulary import M, N, Site, T


@pytest.mark.parametrize(
    ("positive", "mass", "expected"),
    [
        (0, None, "N0"),
        (1, None, "N1"),
        (11, None, "N1"),
        (12, None, "N2"),
        (0, 0, "N0"),
        (3, 2.0, "N1"),
        (3, 2.01, "N2"),
        (None, 2.5, "N2"),
        (0, 3.0, "N2"),
        (None, None, "NX"),
        (None, 0, "NX"),
        (None, 1.5, "NX"),
    ],
)
def test_jejunum_ileum_n(positive: int | None, mass: float | None, expected: str) -> None:
    """N1 < 12 nodes; N2 >= 12 nodes or a mesenteric mass > 2 cm; unknown count → NX."""
    assert expected == n_from_findings("jejunum_ileum", positive, mass).n.value


def test_jejunum_ileum_n1_without_mass_report_carries_a_note() -> None:
    """N1 with the mesenteric mass not reported: a note says a mass > 2 cm would be N2."""
    result = n_from_findings("jejunum_ileum", 4)
    assert ("N1", 1) == (result.n.value, len(result.notes))


def test_mass_without_positive_nodes_is_nodal_disease() -> None:
    """A mesenteric mass <= 2 cm with 0 positive nodes counts as N1, with a verify note."""
    result = n_from_findings("jejunum_ileum", 0, 1.5)
    assert ("N1", 1) == (result.n.value, len(result.notes))


def test_unknown_count_with_a_small_mass_lists_candidates() -> None:
    """Count unknown, mass <= 2 cm → NX, possible N1 or N2."""
    assert (N.N1, N.N2) == n_from_findings("jejunum_ileum", None, 1.0).possible


@pytest.mark.parametrize("site", ["stomach", "appendix", "colon_rectum", "pancreas"])
@pytest.mark.parametrize(
    ("positive", "expected"), [(0, "N0"), (1, "N1"), (12, "N1"), (40, "N1"), (None, "NX")]
)
def test_other_sites_have_n0_n1_only(site: str, positive: int | None, expected: str) -> None:
    """Outside jejunum/ileum any positive node is N1 (no N2), unknown → NX."""
    assert expected == n_from_findings(site, positive).n.value


def test_duodenum_ampulla_n_needs_no_subsite() -> None:
    """N is the same for duodenum and ampulla; no subsite needed."""
    assert "N1" == n_from_findings("duodenum_ampulla", 2).n.value


@pytest.mark.parametrize(
    ("site", "positive", "mass", "field"),
    [
        ("stomach", -1, None, "positive_nodes"),
        ("stomach", 1.0, None, "positive_nodes"),
        ("stomach", True, None, "positive_nodes"),
        ("stomach", "3", None, "positive_nodes"),
        ("stomach", 1, 3.0, "mesenteric_mass_cm"),
        ("stomach", 1, 0, "mesenteric_mass_cm"),
        ("jejunum_ileum", 1, -0.5, "mesenteric_mass_cm"),
        ("jejunum_ileum", 1, False, "mesenteric_mass_cm"),
        ("jejunum_ileum", 1, "big", "mesenteric_mass_cm"),
        ("lung", 1, None, "site"),
        ("nowhere", 1, None, "site"),
    ],
)
def test_it_refuses_invalid_node_findings(
    site: str, positive: object, mass: object, field: str
) -> None:
    """Bad counts, a mass outside jejunum/ileum, lung or unknown site → refused by field."""
    with pytest.raises(ClinicalInputError) as caught:
        n_from_findings(site, positive, mass)  # type: ignore[arg-type]
    assert field == caught.value.field


@pytest.mark.parametrize(("n", "possible"), [(N.N1, (N.N0, N.N1)), (N.NX, (N.N1,)), (N.NX, ())])
def test_it_cannot_build_an_inconsistent_n_result(n: N, possible: tuple[N, ...]) -> None:
    """NResult: n must be the single candidate, or NX when there are several."""
    with pytest.raises(ClinicalInputError, match=r"^n: "):
        NResult(n, possible)


@pytest.mark.parametrize(
    ("hepatic", "extrahepatic", "expected"),
    [(False, False, M.M0), (True, False, M.M1A), (False, True, M.M1B), (True, True, M.M1C)],
)
def test_m_from_metastatic_sites(hepatic: bool, extrahepatic: bool, expected: M) -> None:
    """M1a hepatic only, M1b extrahepatic only, M1c both, M0 none (REFERENCE §2)."""
    assert expected == m_from_metastases(hepatic, extrahepatic)


@pytest.mark.parametrize(
    ("hepatic", "extrahepatic", "field"),
    [
        ("yes", False, "hepatic_metastases"),
        (1, False, "hepatic_metastases"),
        (None, False, "hepatic_metastases"),
        (False, "no", "extrahepatic_metastases"),
        (False, 0, "extrahepatic_metastases"),
    ],
)
def test_m_refuses_anything_but_real_bools(
    hepatic: object, extrahepatic: object, field: str
) -> None:
    """'yes', 1, 0 or None are not bools: refused naming the field."""
    with pytest.raises(ClinicalInputError) as caught:
        m_from_metastases(hepatic, extrahepatic)  # type: ignore[arg-type]
    assert field == caught.value.field


def test_allowed_categories_per_site() -> None:
    """The allowed-category helpers expose the per-site vocabulary of REFERENCE §2."""
    assert (
        (T.TX, T.T1, T.T2, T.T3, T.T4),
        (N.NX, N.N0, N.N1, N.N2),
        (N.NX, N.N0, N.N1),
        tuple(M),
    ) == (
        allowed_t(Site.PANCREAS),
        allowed_n(Site.JEJUNUM_ILEUM),
        allowed_n(Site.APPENDIX),
        allowed_m(Site.STOMACH),
    )
