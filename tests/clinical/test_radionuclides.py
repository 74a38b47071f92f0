"""Tests for netcare.clinical.radionuclides (REFERENCE sections 4 and 5)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcare.clinical import ClinicalInputError
from netcare.clinical._inputs import (
    check_aware,
    check_number,
    read_bool,
    read_choice,
    read_datetime,
    read_number,
)
from netcare.clinical.calculators import run
from netcare.clinical.radionuclides import (
    HALF_LIFE_HOURS,
    Activity,
    Nuclide,
    decay_to,
    ga68_dotatate_activity_mbq,
    ga68_imaging_window,
    gbq_to_mci,
    mci_to_gbq,
    remaining_fraction,
)

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("nuclide", "hours", "expected"),
    [
        (Nuclide.LU_177, 6.647 * 24, 3.7),
        (Nuclide.LU_177, 24.0, 7.4 * 2 ** (-24 / 159.528)),
        (Nuclide.GA_68, 67.71 / 60, 3.7),
        (Nuclide.LU_177, -6.647 * 24, 14.8),
        (Nuclide.LU_177, 0.0, 7.4),
    ],
)
def test_decay_matches_hand_computed_values(
    nuclide: Nuclide, hours: float, expected: float
) -> None:
    """7.4 GBq halves after one half-life, doubles one half-life before, 24 h Lu-177 = 6.6..."""
    assert expected == pytest.approx(
        run("decay", {"nuclide": nuclide.value, "activity_gbq": 7.4, "elapsed_hours": hours})[
            "activity_gbq"
        ],
        rel=1e-12,
    )


def test_lu177_after_one_day_is_about_6_6_gbq() -> None:
    """7.4 * 2^(-24/159.528) = 7.4 * 0.90097 = 6.6672 GBq (hand computed)."""
    assert 6.6672 == pytest.approx(7.4 * remaining_fraction(Nuclide.LU_177, 24.0), abs=1e-4)


@given(
    st.sampled_from(list(Nuclide)),
    st.floats(min_value=-1000, max_value=1000),
    st.floats(min_value=0.001, max_value=1000),
)
def test_decay_is_monotone(nuclide: Nuclide, hours: float, step: float) -> None:
    """Later means less activity, whatever the nuclide and time."""
    assert remaining_fraction(nuclide, hours + step) < remaining_fraction(nuclide, hours)


@given(st.sampled_from(list(Nuclide)), st.floats(min_value=-500, max_value=500))
def test_one_half_life_halves(nuclide: Nuclide, hours: float) -> None:
    """One half-life later the fraction is exactly half (to rounding)."""
    half = HALF_LIFE_HOURS[nuclide]
    assert remaining_fraction(nuclide, hours) / 2 == pytest.approx(
        remaining_fraction(nuclide, hours + half), rel=1e-9
    )


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_gbq_mci_round_trip(gbq: float) -> None:
    """GBq -> mCi -> GBq returns the same value."""
    assert gbq == pytest.approx(mci_to_gbq(gbq_to_mci(gbq)), rel=1e-12, abs=1e-12)


def test_conversions_are_exact() -> None:
    """7.4 GBq = 200 mCi; 1 mCi = 37 MBq."""
    assert 200.0 == pytest.approx(gbq_to_mci(7.4))
    assert 0.037 == mci_to_gbq(1.0)
    assert {"mci": pytest.approx(200.0)} == run("gbq_to_mci", {"gbq": 7.4})


def test_activity_decays_to_a_later_time_in_another_zone() -> None:
    """decay_to works on instants: offsets do not change elapsed time."""
    activity = Activity(Nuclide.LU_177, 7.4, T0)
    later = (T0 + timedelta(days=6.647)).astimezone(timezone(timedelta(hours=-5)))
    decayed = decay_to(activity, later)
    assert 3.7 == pytest.approx(decayed.gbq)
    assert later == decayed.reference_time
    assert 100.0 == pytest.approx(decayed.mci)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"nuclide": "Lu-177", "gbq": 1.0, "reference_time": T0}, "nuclide"),
        ({"nuclide": Nuclide.LU_177, "gbq": -0.1, "reference_time": T0}, "activity_gbq"),
        (
            {"nuclide": Nuclide.LU_177, "gbq": 1.0, "reference_time": datetime(2026, 1, 1)},  # noqa: DTZ001
            "reference_time",
        ),
    ],
)
def test_activity_refuses_invalid_values(kwargs: dict[str, object], field: str) -> None:
    """Unknown nuclide, negative activity and naive datetime are refused, naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        Activity(**kwargs)  # type: ignore[arg-type]
    assert field == error.value.field


def test_decay_to_refuses_naive_time() -> None:
    """A naive target time is ambiguous and refused."""
    with pytest.raises(ClinicalInputError, match="when"):
        decay_to(Activity(Nuclide.GA_68, 0.2, T0), datetime(2026, 1, 1))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("weight", "expected"), [(50, 100.0), (99.9, 199.8), (100, 200.0), (150, 200.0)]
)
def test_ga68_activity_is_2_mbq_per_kg_up_to_200(weight: float, expected: float) -> None:
    """2 MBq/kg, capped at 200 MBq (NETSPOT label)."""
    assert expected == pytest.approx(ga68_dotatate_activity_mbq(weight))
    result = run("ga68_dotatate_activity", {"weight_kg": weight})
    assert (expected >= 200.0) == result["capped"]
    assert expected / 37 == pytest.approx(result["mci"])


def test_ga68_imaging_window_is_40_to_90_minutes() -> None:
    """PET starts 40-90 min after injection."""
    assert (T0 + timedelta(minutes=40), T0 + timedelta(minutes=90)) == ga68_imaging_window(T0)


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"nuclide": "Tc-99m", "activity_gbq": 1, "elapsed_hours": 1}, "nuclide"),
        ({"activity_gbq": 1, "elapsed_hours": 1}, "nuclide"),
        ({"nuclide": "Lu-177", "activity_gbq": -1, "elapsed_hours": 1}, "activity_gbq"),
        ({"nuclide": "Lu-177", "activity_gbq": True, "elapsed_hours": 1}, "activity_gbq"),
        ({"nuclide": "Lu-177", "activity_gbq": "7.4", "elapsed_hours": 1}, "activity_gbq"),
        ({"nuclide": "Lu-177", "activity_gbq": 7.4}, "elapsed_hours"),
        ({"nuclide": "Lu-177", "activity_gbq": 7.4, "elapsed_hours": math.inf}, "elapsed_hours"),
    ],
)
def test_decay_calculator_refuses_invalid_input(inputs: dict[str, object], field: str) -> None:
    """Invalid input raises ClinicalInputError naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        run("decay", inputs)
    assert field == error.value.field
    assert field in str(error.value)


def test_remaining_fraction_refuses_non_finite() -> None:
    """NaN elapsed time is refused."""
    with pytest.raises(ClinicalInputError, match="elapsed_hours"):
        remaining_fraction(Nuclide.GA_68, math.nan)


@pytest.mark.parametrize(
    ("minimum", "maximum", "text"),
    [
        (0, 1, "from 0 to 1"),
        (0, None, "at least 0"),
        (None, 1, "at most 1"),
        (None, None, "finite"),
    ],
)
def test_check_number_message_states_range(
    minimum: float | None, maximum: float | None, text: str
) -> None:
    """The message names the allowed range and the value received."""
    with pytest.raises(ClinicalInputError) as error:
        check_number("x", math.nan, minimum=minimum, maximum=maximum)
    assert text in str(error.value)
    assert "nan" in str(error.value)


def test_readers() -> None:
    """Optional readers give None for missing values and refuse wrong types."""
    assert None is read_number({}, "x", required=False)
    assert None is read_choice({}, "nuclide", Nuclide, required=False)
    assert None is read_bool({"b": None}, "b")
    assert True is read_bool({"b": True}, "b")
    assert None is read_datetime({}, "t")
    assert T0 == read_datetime({"t": T0.isoformat()}, "t")
    for call in (
        lambda: read_bool({"b": "yes"}, "b"),
        lambda: read_datetime({"t": "yesterday"}, "t"),
        lambda: read_datetime({"t": 5}, "t"),
        lambda: read_datetime({"t": "2026-01-01T00:00"}, "t"),
        lambda: check_aware("t", "2026"),
    ):
        with pytest.raises(ClinicalInputError):
            call()
