"""A seeded cohort of 300 patients (seed 11) shared by the seeding tests of one module."""

from __future__ import annotations

import io
from typing import Any

import pytest

from netcare.patients.loaders import load_cohort
from netcare.synthetic import DEFAULT_CONFIG, generate

N = 300
SEED = 11


@pytest.fixture
def seeded(db: Any) -> dict[str, Any]:
    """Seed 300 patients in chunks of 100; return the figures, the progress text, histories."""
    out = io.StringIO()
    figures = load_cohort(N, seed=SEED, out=out, chunk=100)
    return {"figures": figures, "progress": out.getvalue(),
            "histories": list(generate(DEFAULT_CONFIG, N, SEED))}
