"""The package's public API: `__all__`, lazy entry points, calculators registered on import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import netcare.clinical as clinical


def test_every_name_in_all_resolves() -> None:
    """Every name in `__all__` is importable from netcare.clinical and is the module's own."""
    for name in clinical.__all__:
        assert getattr(clinical, name) is not None, name
    assert clinical.stage is __import__("netcare.clinical.staging").clinical.staging.stage
    assert set(clinical.__all__) <= set(dir(clinical))


def test_an_unknown_name_raises_attribute_error() -> None:
    """A name that is not public raises AttributeError naming it."""
    with pytest.raises(AttributeError, match="no_such_rule"):
        clinical.no_such_rule  # noqa: B018


def test_importing_the_package_is_light_and_calculators_register() -> None:
    """`import netcare.clinical` loads no rule module; importing calculators registers all."""
    code = (
        "import sys, netcare.clinical as c\n"
        "assert 'netcare.clinical.decision_support' not in sys.modules\n"
        "assert 'netcare.clinical.staging' not in sys.modules\n"
        "import netcare.clinical.calculators as k\n"
        "assert {'who_grade', 'ajcc8_stage', 'ajcc8_m', 'decay', 'hiaa_units'} <= set(k.names())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)  # noqa: S603
    assert "" == done.stderr
    assert 0 == done.returncode


def test_check_choice_refuses_a_non_string_naming_the_field() -> None:
    """`check_choice` keeps None, accepts the strings and refuses other types naming the field."""
    from netcare.clinical._inputs import check_choice
    from netcare.clinical.vocabulary import Differentiation

    assert check_choice("differentiation", None, Differentiation) is None
    assert Differentiation.WELL == check_choice("differentiation", "well", Differentiation)
    for bad in (1, "moderate"):
        with pytest.raises(clinical.ClinicalInputError) as caught:
            check_choice("differentiation", bad, Differentiation)
        assert "differentiation" == caught.value.field
        assert repr(bad) in str(caught.value)


def test_the_registry_refuses_unknown_names_bad_inputs_and_duplicates() -> None:
    """`run` names `name` or `inputs`; registering a name twice is a programming error."""
    from netcare.clinical import calculators

    with pytest.raises(clinical.ClinicalInputError) as caught:
        calculators.run("no_such_calculator", {})
    assert "name" == caught.value.field
    with pytest.raises(clinical.ClinicalInputError) as caught:
        calculators.run("who_grade", [])  # type: ignore[arg-type]
    assert "inputs" == caught.value.field
    with pytest.raises(RuntimeError, match="who_grade"):
        calculators.register("who_grade")(calculators.run)
