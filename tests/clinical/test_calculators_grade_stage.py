"""Calculators who_grade, lung_carcinoid, minen, ajcc8_* through `run` (REFERENCE §0)."""

from __future__ import annotations

import pytest

from netcare.clinical.calculators import names, run
from netcare.clinical.errors import ClinicalInputError


def test_the_calculators_are_registered() -> None:
    """All grade and stage calculators are in the registry."""
    expected = {
        "who_grade",
        "lung_carcinoid",
        "minen",
        "ajcc8_stage",
        "ajcc8_m",
        "ajcc8_t",
        "ajcc8_n",
    }
    assert expected == expected & set(names())


@pytest.mark.parametrize(
    ("inputs", "category", "grade"),
    [
        ({"differentiation": "well", "ki67_percent": 3, "mitoses_per_2mm2": 1}, "NET", "G2"),
        ({"differentiation": "well", "ki67_percent": 2.9, "mitoses_per_2mm2": 1.9}, "NET", "G1"),
        ({"differentiation": "well", "ki67_percent": 20, "mitoses_per_2mm2": 20}, "NET", "G2"),
        ({"differentiation": "well", "ki67_percent": 20.1}, "NET", "G3"),
        ({"differentiation": "poor", "ki67_percent": 80}, "NEC", None),
        ({"differentiation": None, "ki67_percent": None, "mitoses_per_2mm2": None}, None, None),
        ({}, None, None),
    ],
)
def test_who_grade(inputs: dict[str, object], category: str | None, grade: str | None) -> None:
    """`who_grade` returns category and grade as plain strings (or null)."""
    result = run("who_grade", inputs)
    assert (category, grade) == (result["category"], result["grade"])
    assert {"category", "grade", "decided_by", "uncertain", "notes", "reference"} == set(result)


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"ki67_percent": 101}, "ki67_percent"),
        ({"ki67_percent": True}, "ki67_percent"),
        ({"mitoses_per_2mm2": -1}, "mitoses_per_2mm2"),
        ({"differentiation": "moderate"}, "differentiation"),
    ],
)
def test_who_grade_refuses_invalid_input(inputs: dict[str, object], field: str) -> None:
    """Invalid `who_grade` input names the field."""
    with pytest.raises(ClinicalInputError, match=rf"^{field}: "):
        run("who_grade", inputs)


def test_lung_carcinoid() -> None:
    """`lung_carcinoid`: 2-10 mitoses → atypical carcinoid."""
    result = run("lung_carcinoid", {"mitoses_per_2mm2": 4, "necrosis": "none"})
    assert ("atypical_carcinoid", "mitoses") == (result["category"], result["decided_by"])


def test_lung_carcinoid_undecided() -> None:
    """`lung_carcinoid` without a count gives category null and decided_by null."""
    result = run("lung_carcinoid", {})
    assert (None, None, True) == (result["category"], result["decided_by"], result["uncertain"])


def test_minen() -> None:
    """`minen`: 40 % / 60 % is a MiNEN."""
    assert (
        True
        is run("minen", {"neuroendocrine_percent": 40, "non_neuroendocrine_percent": 60})["minen"]
    )


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({"site": "jejunum_ileum", "t": "T2", "n": "N2", "m": "M0"}, "III"),
        ({"site": "colon_rectum", "t": "T1b", "n": "N0", "m": "M0"}, "I"),
        ({"site": "colon_rectum", "t": "T4", "n": "N0", "m": "M0"}, "IIIA"),
        ({"site": "duodenum_ampulla", "subsite": "ampulla", "t": "T3", "n": "N0", "m": "M0"}, "II"),
        ({"site": "pancreas", "t": "TX", "n": "NX", "m": "M1c"}, "IV"),
        ({"site": "pancreas", "t": "TX", "n": "N0", "m": "M0"}, None),
        ({"site": "stomach", "t": "T3(m)", "n": "N0", "m": "M0"}, "II"),
        ({"site": "lung", "t": "T1", "n": "N0", "m": "M1"}, None),
    ],
)
def test_ajcc8_stage(inputs: dict[str, object], expected: str | None) -> None:
    """`ajcc8_stage` returns the stage string or null, with note, reason and reference."""
    result = run("ajcc8_stage", inputs)
    assert expected == result["stage"]
    assert {"stage", "note", "reason", "reference"} == set(result)


def test_ajcc8_stage_returns_a_fresh_dict() -> None:
    """Mutating one answer does not change the next (the table is copied)."""
    inputs = {"site": "appendix", "t": "T1", "n": "N0", "m": "M0"}
    run("ajcc8_stage", inputs)["stage"] = "changed"
    assert "I" == run("ajcc8_stage", inputs)["stage"]


def test_ajcc8_stage_lung_note() -> None:
    """Lung: note 'uses lung carcinoma TNM'."""
    assert "uses lung carcinoma TNM" == run("ajcc8_stage", {"site": "lung"})["note"]


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"site": "pancreas", "t": "T1a", "n": "N0", "m": "M0"}, "t"),
        ({"site": "duodenum_ampulla", "t": "T1", "n": "N0", "m": "M0"}, "subsite"),
        ({"site": "stomach", "t": "T1", "n": "N2", "m": "M0"}, "n"),
        ({"site": "stomach", "t": {"x": 1}, "n": "N0", "m": "M0"}, "t"),
        ({"t": "T1", "n": "N0", "m": "M0"}, "site"),
    ],
)
def test_ajcc8_stage_refuses_invalid_input(inputs: dict[str, object], field: str) -> None:
    """Invalid `ajcc8_stage` input names the field (T1a for pancreas names `t`)."""
    with pytest.raises(ClinicalInputError, match=rf"^{field}: "):
        run("ajcc8_stage", inputs)


def test_ajcc8_m() -> None:
    """`ajcc8_m`: hepatic and extrahepatic → M1c."""
    result = run("ajcc8_m", {"hepatic_metastases": True, "extrahepatic_metastases": True})
    assert "M1c" == result["m"]


def test_ajcc8_m_refuses_yes() -> None:
    """`ajcc8_m` refuses "yes" for a bool, naming the field."""
    with pytest.raises(ClinicalInputError, match=r"^hepatic_metastases: "):
        run("ajcc8_m", {"hepatic_metastases": "yes", "extrahepatic_metastases": False})


def test_ajcc8_t() -> None:
    """`ajcc8_t`: ampulla 0.8 cm within the sphincter, multiple → T1, label T1(m)."""
    result = run(
        "ajcc8_t",
        {
            "site": "duodenum_ampulla",
            "subsite": "ampulla",
            "size_cm": 0.8,
            "invasion": "sphincter_of_oddi",
            "multiple": True,
        },
    )
    assert ("T1", "T1(m)", ["T1"], None, "REFERENCE §2; AJCC 8th ed. ch. 30") == (
        result["t"],
        result["t_label"],
        result["possible"],
        result["note"],
        result["reference"],
    )


def test_ajcc8_t_open() -> None:
    """`ajcc8_t` without invasion gives TX, candidates and a note."""
    result = run("ajcc8_t", {"site": "pancreas", "size_cm": 5})
    assert ("TX", ["T3", "T4"]) == (result["t"], result["possible"])
    assert result["note"] is not None


def test_ajcc8_n() -> None:
    """`ajcc8_n`: jejunum/ileum with 12 positive nodes → N2."""
    result = run(
        "ajcc8_n", {"site": "jejunum_ileum", "positive_nodes": 12, "mesenteric_mass_cm": 0}
    )
    assert ("N2", ["N2"], None, "REFERENCE §2; AJCC 8th ed. ch. 31") == (
        result["n"],
        result["possible"],
        result["note"],
        result["reference"],
    )


def test_ajcc8_n_refuses_mass_outside_jejunum_ileum() -> None:
    """`ajcc8_n` refuses a mesenteric mass for the appendix, naming the field."""
    with pytest.raises(ClinicalInputError, match=r"^mesenteric_mass_cm: "):
        run("ajcc8_n", {"site": "appendix", "positive_nodes": 1, "mesenteric_mass_cm": 3})
