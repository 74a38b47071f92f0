"""The calculator registry: names, refusals of unknown names and non-mapping inputs."""

from __future__ import annotations

import pytest

from netcare.clinical import ClinicalInputError, calculators


def test_the_fixed_calculators_of_reference_section_0_are_registered() -> None:
    """who_grade, ajcc8_stage, ajcc8_m, decay and hiaa_units are all there."""
    assert {"who_grade", "ajcc8_stage", "ajcc8_m", "decay", "hiaa_units"} <= set(
        calculators.names()
    )


def test_an_unknown_calculator_is_refused_naming_the_known_ones() -> None:
    """The message names the field `name` and lists what exists."""
    with pytest.raises(ClinicalInputError) as caught:
        calculators.run("astrology", {})
    assert "name" == caught.value.field
    assert "who_grade" in str(caught.value)


def test_inputs_that_are_not_a_mapping_are_refused() -> None:
    """A list instead of an object of fields is refused naming `inputs`."""
    with pytest.raises(ClinicalInputError) as caught:
        calculators.run("who_grade", ["well", 5])  # type: ignore[arg-type]
    assert "inputs" == caught.value.field


def test_a_name_cannot_be_registered_twice() -> None:
    """Registering an existing name is a programming error, caught at import."""
    with pytest.raises(RuntimeError, match="registered twice"):
        calculators.register("who_grade")(lambda inputs: {})
