"""How a stored value reads on a page: the one rule the pages that list a computation's inputs
("Inputs used" of a tumor, a follow-up plan) share, and the words for codes several areas
store (differentiation: a pathology report's field, the PRRT check's input, a board summary)."""

from __future__ import annotations

from typing import Any

#: Differentiation (`netcare.clinical.vocabulary.Differentiation`'s values) in words.
DIFFERENTIATION: dict[str, str] = {
    "well": "Well differentiated",
    "poor": "Poorly differentiated",
}


def value_in_words(value: Any) -> str:
    """None → "—"; True/False → "yes"/"no"; a list → "a, b" ("none" when empty); 8.0 → "8";
    anything else as text."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
