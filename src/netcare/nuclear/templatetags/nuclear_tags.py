from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from netcare.clinical.radionuclides import gbq_to_mci
from netcare.nuclear import words

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


@register.filter
def eligibility(status: str | None) -> str:
    """An eligibility outcome in words: "not met", never the stored "not_met"."""
    return words.in_words(words.ELIGIBILITY_STATUS, status)


@register.filter
def rule_set(program: str | None) -> str:
    """The rule set a criterion belongs to: "Label", "NETTER-1", "NETTER-2"."""
    return words.in_words(words.RULE_SET, program)


@register.filter
def dose_action(action: str | None) -> str:
    """The label table's dose decision in words ("give a reduced dose")."""
    return words.in_words(words.DOSE_ACTION, action)


@register.filter
def lab_input(key: str) -> str:
    """A pre-dose lab input's name in words ("creatinine clearance (mL/min)")."""
    return words.in_words(words.LAB_INPUT, key)


@register.filter
def solver_status(status: str | None) -> str:
    """How the optimiser finished, in words ("Good plan, not proven best"), never "FEASIBLE"."""
    return words.in_words(words.SOLVER_STATUS, (status or "").lower())


@register.filter
def differentiation(value: str | None) -> str:
    """Differentiation in words ("Well differentiated"), never the stored "well"."""
    return words.in_words(words.DIFFERENTIATION, value)


@register.filter
def moment_span(pair: tuple[datetime, datetime] | None) -> str:
    """Two aware moments in the current zone (the program's, on nuclear pages): "2026-12-03
    12:40 – 16:40" within a day, "2026-12-03 12:40 – 2026-12-04 08:40" across midnight, so
    an end on the next day is never read as the same day's."""
    if not pair:
        return ""
    start, end = (timezone.localtime(moment) for moment in pair)
    shown_end = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d %H:%M} – {shown_end}"
