"""Calculator registry: `run(name, inputs) -> dict` (REFERENCE section 0).

Each rule module registers its calculators with :func:`register`. Names and fields of the fixed
calculators are exactly those of REFERENCE section 0; the others are listed in
`docs/clinical-rules.md`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from netcare.clinical.errors import ClinicalInputError

__all__ = ["Calculator", "names", "register", "run"]

Calculator = Callable[[Mapping[str, Any]], dict[str, Any]]

_REGISTRY: dict[str, Calculator] = {}


def register(name: str) -> Callable[[Calculator], Calculator]:
    """Register `function` as the calculator called `name` (decorator)."""

    def decorate(function: Calculator) -> Calculator:
        if name in _REGISTRY:
            raise RuntimeError(f"calculator {name!r} registered twice")
        _REGISTRY[name] = function
        return function

    return decorate


def names() -> list[str]:
    """Names of all registered calculators, sorted."""
    return sorted(_REGISTRY)


def run(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Run calculator `name` on `inputs`.

    Raises:
        ClinicalInputError: unknown calculator, or inputs the calculator refuses (the message
            names the field and the allowed values).
    """
    if not isinstance(inputs, Mapping):
        raise ClinicalInputError("inputs", "must be a mapping of field names to values")
    try:
        calculator = _REGISTRY[name]
    except KeyError:
        raise ClinicalInputError(
            "name", f"unknown calculator {name!r}; known: {', '.join(names())}"
        ) from None
    return calculator(inputs)


# Importing the rule modules registers their calculators. Each module owns its own.
from netcare.clinical import (  # noqa: E402  (registration needs the registry defined first)
    biomarkers,
    grading,
    hereditary,
    prrt,
    radionuclides,
    sstr,
    staging,
    surveillance,
)

_ = (biomarkers, grading, hereditary, prrt, radionuclides, sstr, staging, surveillance)
