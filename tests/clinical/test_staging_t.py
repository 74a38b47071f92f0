"""AJCC 8th T from size and depth of invasion (REFERENCE §2 T table, ch. 29-34)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.staging import Invasion, TResult, t_from_findings
from netcare.clinical.vocabulary import T


def _t(site: str, size: float | None, invasion: str | None, subsite: str | None = None) -> str:
    return t_from_findings(site, size, invasion, subsite=subsite).t.value


@pytest.mark.parametrize("site", ["stomach", "jejunum_ileum"])
@pytest.mark.parametrize(
    ("size", "invasion", "expected"),
    [
        (0.5, "lamina_propria", "T1"),
        (1.0, "submucosa", "T1"),
        (1.01, "submucosa", "T2"),
        (0.5, "muscularis_propria", "T2"),
        (3.0, "subserosa", "T3"),
        (0.5, "serosa_peritoneum", "T4"),
        (0.5, "adjacent_organs", "T4"),
    ],
)
def test_stomach_and_jejunum_ileum(site: str, size: float, invasion: str, expected: str) -> None:
    """T1 LP/SM and <= 1 cm; T2 MP or > 1 cm; T3 subserosa; T4 serosa/organs."""
    assert expected == _t(site, size, invasion)


@pytest.mark.parametrize(
    ("size", "invasion", "expected"),
    [
        (1.0, "submucosa", "T1"),
        (1.01, "lamina_propria", "T2"),
        (0.5, "muscularis_propria", "T2"),
        (0.5, "pancreas_or_peripancreatic_fat", "T3"),
        (0.5, "serosa_peritoneum", "T4"),
    ],
)
def test_duodenum(size: float, invasion: str, expected: str) -> None:
    """Duodenum: T1 mucosa/submucosa <= 1 cm; T2 MP or > 1 cm; T3 pancreas; T4 serosa."""
    assert expected == _t("duodenum_ampulla", size, invasion, "duodenum")


@pytest.mark.parametrize(
    ("size", "invasion", "expected"),
    [
        (1.0, "sphincter_of_oddi", "T1"),
        (1.01, "sphincter_of_oddi", "T2"),
        (0.5, "submucosa", "T2"),
        (0.5, "muscularis_propria", "T2"),
        (0.5, "pancreas_or_peripancreatic_fat", "T3"),
        (0.5, "adjacent_organs", "T4"),
    ],
)
def test_ampulla(size: float, invasion: str, expected: str) -> None:
    """Ampulla: T1 <= 1 cm within the sphincter of Oddi; T2 through it or > 1 cm."""
    assert expected == _t("duodenum_ampulla", size, invasion, "ampulla")


@pytest.mark.parametrize(
    ("size", "invasion", "expected"),
    [
        (2.0, "muscularis_propria", "T1"),
        (2.01, "submucosa", "T2"),
        (4.0, "submucosa", "T2"),
        (4.01, "submucosa", "T3"),
        (1.0, "subserosa", "T3"),
        (1.0, "mesoappendix", "T3"),
        (1.0, "serosa_peritoneum", "T4"),
        (5.0, "adjacent_organs", "T4"),
    ],
)
def test_appendix(size: float, invasion: str, expected: str) -> None:
    """Appendix: T1 <= 2 cm; T2 > 2-4 cm; T3 > 4 cm, subserosa or mesoappendix; T4 perforation."""
    assert expected == _t("appendix", size, invasion)


@pytest.mark.parametrize(
    ("size", "invasion", "expected"),
    [
        (0.99, "submucosa", "T1a"),
        (1.0, "submucosa", "T1b"),
        (1.01, "submucosa", "T1b"),
        (2.0, "lamina_propria", "T1b"),
        (2.01, "submucosa", "T2"),
        (0.5, "muscularis_propria", "T2"),
        (0.5, "subserosa", "T3"),
        (0.5, "serosa_peritoneum", "T4"),
    ],
)
def test_colon_rectum(size: float, invasion: str, expected: str) -> None:
    """Colon/rectum: T1a < 1 cm, T1b 1-2 cm (LP/SM); T2 MP or > 2 cm; T3; T4."""
    assert expected == _t("colon_rectum", size, invasion)


def test_colon_rectum_exactly_1_cm_carries_a_note() -> None:
    """At exactly 1 cm sources differ (T1a < 1 vs <= 1 cm): T1b with a note."""
    result = t_from_findings("colon_rectum", 1.0, "submucosa")
    assert (T.T1B, 1) == (result.t, len(result.notes))


@pytest.mark.parametrize(
    ("size", "invasion", "expected"),
    [
        (1.99, "confined_to_pancreas", "T1"),
        (2.0, "confined_to_pancreas", "T2"),
        (4.0, "confined_to_pancreas", "T2"),
        (4.01, "confined_to_pancreas", "T3"),
        (1.0, "duodenum_or_bile_duct", "T3"),
        (1.0, "adjacent_organs", "T4"),
        (1.0, "large_vessels", "T4"),
    ],
)
def test_pancreas(size: float, invasion: str, expected: str) -> None:
    """Pancreas: T1 < 2 cm; T2 2-4 cm; T3 > 4 cm or duodenum/bile duct; T4 organs/vessels."""
    assert expected == _t("pancreas", size, invasion)


@pytest.mark.parametrize(
    ("site", "size", "invasion", "possible"),
    [
        ("stomach", 2.0, None, ("T2", "T3", "T4")),
        ("stomach", None, "submucosa", ("T1", "T2")),
        ("stomach", None, None, ("T1", "T2", "T3", "T4")),
        ("colon_rectum", 0.5, None, ("T1a", "T2", "T3", "T4")),
        ("colon_rectum", None, "submucosa", ("T1a", "T1b", "T2")),
        ("pancreas", 5.0, None, ("T3", "T4")),
    ],
)
def test_it_gives_tx_and_the_candidates_when_findings_leave_t_open(
    site: str, size: float | None, invasion: str | None, possible: tuple[str, ...]
) -> None:
    """A missing size or depth that could change T → TX, `possible` lists the candidates."""
    result = t_from_findings(site, size, invasion)
    assert ("TX", possible) == (result.t.value, tuple(p.value for p in result.possible))
    assert result.notes[0].startswith("T not determined")


@pytest.mark.parametrize(
    ("site", "size", "expected"),
    [("stomach", None, "T3"), ("pancreas", None, "T4"), ("appendix", None, "T3")],
)
def test_depth_alone_decides_when_it_dominates(site: str, size: None, expected: str) -> None:
    """Depth alone decides T when no size could raise it (e.g. subserosa → T3)."""
    invasion = {"stomach": "subserosa", "pancreas": "large_vessels", "appendix": "mesoappendix"}
    assert expected == _t(site, size, invasion[site])


def test_it_marks_multiple_tumours() -> None:
    """`multiple` adds the (m) suffix to the label (T of the largest tumour)."""
    result = t_from_findings("jejunum_ileum", 1.5, "submucosa", multiple=True)
    assert ("T2", "T2(m)") == (result.t.value, result.label)


def test_label_without_multiple() -> None:
    """Without multiple tumours the label is the plain T."""
    assert "T1" == t_from_findings("stomach", 0.5, Invasion.SUBMUCOSA).label


@given(
    st.sampled_from(["stomach", "jejunum_ileum", "appendix", "colon_rectum", "pancreas"]),
    st.floats(min_value=0.01, max_value=30),
    st.floats(min_value=0.01, max_value=30),
)
def test_a_larger_tumour_never_gets_a_lower_t(site: str, a: float, b: float) -> None:
    """Property: with the same depth, a larger size never lowers T."""
    order = ["T1", "T1a", "T1b", "T2", "T3", "T4"]
    invasion = "confined_to_pancreas" if site == "pancreas" else "submucosa"
    small, large = sorted((a, b))
    assert order.index(_t(site, small, invasion)) <= order.index(_t(site, large, invasion))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"site": "stomach", "size_cm": 0}, "size_cm"),
        ({"site": "stomach", "size_cm": -1}, "size_cm"),
        ({"site": "stomach", "size_cm": math.nan}, "size_cm"),
        ({"site": "stomach", "size_cm": math.inf}, "size_cm"),
        ({"site": "stomach", "size_cm": True}, "size_cm"),
        ({"site": "stomach", "size_cm": "1"}, "size_cm"),
        ({"site": "stomach", "invasion": "mesoappendix"}, "invasion"),
        ({"site": "pancreas", "invasion": "serosa_peritoneum"}, "invasion"),
        ({"site": "duodenum_ampulla", "subsite": "duodenum", "invasion": "subserosa"}, "invasion"),
        ({"site": "duodenum_ampulla"}, "subsite"),
        ({"site": "lung"}, "site"),
        ({"site": "stomach", "multiple": "yes"}, "multiple"),
    ],
)
def test_it_refuses_invalid_findings_naming_the_field(
    kwargs: dict[str, object], field: str
) -> None:
    """Invalid size, an invasion the site does not define, lung, non-bool multiple → refused."""
    args = {"size_cm": 1.0, "invasion": None} | kwargs
    with pytest.raises(ClinicalInputError) as caught:
        t_from_findings(
            args.pop("site"),  # type: ignore[arg-type]
            args.pop("size_cm"),  # type: ignore[arg-type]
            args.pop("invasion"),  # type: ignore[arg-type]
            **args,  # type: ignore[arg-type]
        )
    assert field == caught.value.field


@pytest.mark.parametrize(("t", "possible"), [(T.T2, (T.T1, T.T2)), (T.T1, (T.T2,)), (T.TX, ())])
def test_it_cannot_build_an_inconsistent_t_result(t: T, possible: tuple[T, ...]) -> None:
    """TResult: t must be the single candidate, or TX when there are several."""
    with pytest.raises(ClinicalInputError, match=r"^t: "):
        TResult(t, False, possible)
