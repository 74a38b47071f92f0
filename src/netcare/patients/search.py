"""Patient search: one box that takes a name, an MRN or a date of birth."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.db.models.lookups import GreaterThanOrEqual, LessThan

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
        return _prefix("mrn", text.upper()), f"MRN starting {text.upper()}"
    if "," in text:
        last, _, first = text.partition(",")
    else:
        parts = text.split()
        last, first = (parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (text, "")
    prefix = make_search_name(last, first).rstrip() if first.strip() else last.strip().lower()
    return _prefix("search_name", prefix), f"name starting “{text}”"


def name_order() -> list[Any]:
    """The list's order: by `search_name`, then id. On PostgreSQL in the C collation (byte
    order), the order of the index `patient_search_name_c_idx` (migration 0004) that also serves
    the name match, so a search reads its page straight off the index."""
    if connection.vendor == "postgresql":
        return [Collate(F("search_name"), "C"), "id"]
    return ["search_name", "id"]


def _prefix(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, written so that an ordinary b-tree index serves it.

    `search_name` on PostgreSQL: a range in the C collation, which is exactly the prefix match
    (byte order), on the index of `name_order` — no LIKE beside it, whose misjudged selectivity
    made the planner sort every match instead of reading the first page off the index.

    LIKE 'x%' uses an index only under the C collation (or a pattern-ops index, which the
    planner then cannot use for ORDER BY); a range [prefix, next prefix) can, in any collation.
    The exact `startswith` stays as the filter, so the range only narrows the scan.
    """
    if field == "search_name" and connection.vendor == "postgresql":
        column = Collate(F(field), "C")
        if prefix and prefix[-1] != chr(0x10FFFF):
            following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            return Q(GreaterThanOrEqual(column, prefix)) & Q(LessThan(column, following))
        return Q(**{f"{field}__startswith": prefix})
    condition = Q(**{f"{field}__startswith": prefix})
    if prefix and prefix[-1] != chr(0x10FFFF):
        following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        condition &= Q(**{f"{field}__gte": prefix, f"{field}__lt": following})
    return condition


def describe(filters: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in filters.items())
