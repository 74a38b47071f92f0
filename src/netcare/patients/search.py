"""Patient search: one box that takes a name, an MRN or a date of birth."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.db.models import Q

from netcare.patients.models import make_search_name

_MRN = re.compile(r"^[A-Za-z]{0,4}\d{3,}$")
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y")


def parse_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    return None


def search_filter(query: str) -> tuple[Q, str]:
    """A filter for `query` and a sentence saying how it was read.

    "1961-04-02" or "04/02/1961" → date of birth; "NC0001234" or digits → MRN prefix;
    "smith" or "smith, jo" or "jo smith" → name prefix (last name first).
    """
    text = query.strip()
    dob = parse_date(text)
    if dob is not None:
        return Q(date_of_birth=dob), f"date of birth {dob.isoformat()}"
    if _MRN.match(text):
        return Q(mrn__startswith=text.upper()), f"MRN starting {text.upper()}"
    if "," in text:
        last, _, first = text.partition(",")
    else:
        parts = text.split()
        last, first = (parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (text, "")
    prefix = make_search_name(last, first).rstrip() if first.strip() else last.strip().lower()
    return Q(search_name__startswith=prefix), f"name starting “{text}”"


def describe(filters: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in filters.items())
