"""The PET result form as a browser posts it: the scan's fields and a formset of lesions."""

from __future__ import annotations

from typing import Any

#: A plain Ga-68 DOTATATE scan; tests override what they are about.
SCAN = {"performed_on": "2026-02-25", "tracer": "ga68_dotatate", "liver_suvmax": "6",
        "spleen_suvmax": "20", "comparison": "first", "impression": ""}


def pet_form(lesions: list[dict[str, str]], *, total: int | None = None,
             **scan: str) -> dict[str, Any]:
    """The POST of the PET form with `lesions` as its rows (`total`: the formset's row count
    when the page offers more rows than are filled in)."""
    data: dict[str, Any] = {**SCAN, **scan,
                            "lesions-TOTAL_FORMS": str(len(lesions) if total is None else total),
                            "lesions-INITIAL_FORMS": "0", "lesions-MIN_NUM_FORMS": "0",
                            "lesions-MAX_NUM_FORMS": "1000"}
    for row, lesion in enumerate(lesions):
        data.update({f"lesions-{row}-{name}": value for name, value in lesion.items()})
    return data
