"""The generator's day: elutions, regrowth and product activity curves (server-rendered SVG)."""

from __future__ import annotations

from datetime import date
from typing import Any

from netcare import planning as p
from netcare.planning.physics import (
    GA68_HALF_LIFE_MINUTES,
    elution_batches,
    germanium_fraction,
    regrowth_fraction,
)

X0, X1 = 6 * 60, 19 * 60  # 06:00-19:00 local
W, H, PAD = 640, 240, 40


def generator_day(generator: p.Generator, resources: p.Resources, day: date) -> dict[str, Any]:
    """Rows per elution and two curves (Ga-68 on the column; labelled product) for `day`."""
    ge_mbq = generator.calibration_gbq * 1000 * germanium_fraction(generator.calibration_date, day)
    batches = elution_batches(generator, day)
    times = [b.elution_min for b in batches]
    rows = []
    for b in batches:
        since = b.elution_min - times[b.index - 1] if b.index else b.elution_min + 1440 - times[-1]
        rows.append({
            "index": b.index + 1, "elution": _hhmm(b.elution_min), "since_min": since,
            "regrowth_pct": 100 * regrowth_fraction(since),
            "eluate_mbq": ge_mbq * regrowth_fraction(since) * generator.efficiency,
            "eos": _hhmm(b.eos_min), "product_mbq": b.activity_mbq,
            "expires": _hhmm(b.expires_min), "kit": b.single_dose,
        })
    column, product = [], []
    for minute in range(X0, X1 + 1, 5):
        previous = [t for t in times if t <= minute]
        since = minute - previous[-1] if previous else minute + 1440 - times[-1]
        column.append((minute, ge_mbq * regrowth_fraction(since)))
        live = [b for b in batches if b.eos_min <= minute <= b.expires_min]
        product.append((minute, sum(b.activity_mbq * 2 ** (-(minute - b.eos_min)
                                                          / GA68_HALF_LIFE_MINUTES)
                                    for b in live)))
    top = max(ge_mbq, 1.0)
    return {
        "age_days": (day - generator.calibration_date).days, "ge_mbq": ge_mbq, "rows": rows,
        "per_day": p.ga68_patients_per_day(generator, resources, day),
        "svg": {"w": W, "h": H, "column": _points(column, top), "product": _points(product, top),
                "top": top, "ticks": [(_x(m), _hhmm(m)) for m in range(X0, X1 + 1, 120)],
                "elutions": [(_x(t), _hhmm(t)) for t in times], "y0": H - PAD, "x0": PAD,
                "x1": W - 10},
    }


def _x(minute: int) -> float:
    return PAD + (minute - X0) / (X1 - X0) * (W - PAD - 10)


def _points(series: list[tuple[int, float]], top: float) -> str:
    return " ".join(f"{_x(m):.1f},{H - PAD - v / top * (H - PAD - 10):.1f}" for m, v in series)


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
