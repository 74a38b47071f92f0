from __future__ import annotations

from django import template

from netcare.clinical.radionuclides import gbq_to_mci

register = template.Library()


@register.filter
def hhmm(minute: int | None) -> str:
    """Minutes after local midnight as HH:MM."""
    if minute is None:
        return ""
    return f"{minute // 60:02d}:{minute % 60:02d}"


@register.filter
def mci(gbq: float | None) -> str:
    """GBq shown in mCi (1 mCi = 37 MBq)."""
    return "" if gbq is None else f"{gbq_to_mci(gbq):.0f}"
