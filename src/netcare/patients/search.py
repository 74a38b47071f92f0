"""Patient search: one box that takes a name, an MRN or a date of birth."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from netcare.patients import access
from netcare.patients.models import Patient, make_search_name
from netcare.precompiled import CompiledRows

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
    kind, values, understood = read_query(query)
    return condition(kind, *values), understood


def read_query(query: str) -> tuple[str, tuple[Any, ...], str]:
    """How `query` is read: its kind ("dob", "mrn" or "name"), the values the filter takes
    and a sentence saying so (see `search_filter`)."""
    text = query.strip()
    dob = parse_date(text)
    if dob is not None:
        return "dob", (dob,), f"date of birth {dob.isoformat()}"
    if _MRN.match(text):
        return "mrn", (text.upper(),), f"MRN starting {text.upper()}"
    if "," in text:
        last, _, first = text.partition(",")
    else:
        parts = text.split()
        last, first = (parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (text, "")
    prefix = make_search_name(last, first).rstrip() if first.strip() else last.strip().lower()
    return "name", (prefix,), f"name starting “{text}”"


def condition(kind: str, value: Any) -> Q:
    """The filter of a query read as `kind` with `value` (see `read_query`)."""
    if kind == "dob":
        return Q(date_of_birth=value)
    return _prefix("mrn" if kind == "mrn" else "search_name", value)


#: The columns of a result row (`PatientRow`).
ROW_FIELDS = ("id", "mrn", "first_name", "last_name", "date_of_birth", "sex", "deceased_on")


class PatientRow(NamedTuple):
    """One search result."""

    id: int
    mrn: str
    first_name: str
    last_name: str
    date_of_birth: date
    sex: str
    deceased_on: date | None


def _page_queryset(shape: tuple[bool, str, int, int], *values: Any) -> Any:
    """The search's page as a queryset. `shape`: (staff, kind, start, stop); `values`: the
    patient's user id unless staff, then the values of `kind` ("name_range", "mrn_range":
    the prefix and the prefix that follows it)."""
    staff, kind, start, stop = shape
    scope_values, values = (values[:0], values) if staff else (values[:1], values[1:])
    patients = access.scoped(staff, scope_values)
    if kind in ("name_range", "mrn_range"):
        column = Collate(F("search_name" if kind == "name_range" else "mrn"), "C")
        patients = patients.filter(GreaterThanOrEqual(column, values[0]),
                                   LessThan(column, values[1]))
    elif kind:
        patients = patients.filter(condition(kind, values[0]))
    return patients.order_by(*name_order()).values_list(*ROW_FIELDS)[start:stop]


_PAGE = CompiledRows(Patient, _page_queryset)


def search_page(user: Any, query: str, start: int, count: int) -> tuple[list[PatientRow], str]:
    """Rows `start` .. `start + count` of the patients `user` may see that match `query` (all
    of them for an empty query), in `name_order`; and how the query was read.

    One query. Its SQL is compiled once per kind of query, scope and page (`CompiledRows`):
    the ORM's compilation cost more than PostgreSQL's reading of the page off the index.
    """
    seen = access.scope(user)
    if seen is None:
        return [], ""
    staff, values = seen
    kind, query_values, understood = read_query(query) if query.strip() else ("", (), "")
    if kind in ("name", "mrn") and connection.vendor == "postgresql":
        prefix = query_values[0]
        if prefix and prefix[-1] != chr(0x10FFFF):
            # The C-collation range of `_prefix`, with both ends as values of the compiled SQL.
            kind, query_values = (f"{kind}_range",
                                  (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)))
    rows = _PAGE.rows((staff, kind, start, start + count), *values, *query_values)
    return [PatientRow._make(row) for row in rows], understood


def name_order() -> list[Any]:
    """The list's order: by `search_name`, then id. On PostgreSQL in the C collation (byte
    order), the order of the index `patient_search_name_c_idx` (migration 0004) that also serves
    the name match, so a search reads its page straight off the index."""
    if connection.vendor == "postgresql":
        return [Collate(F("search_name"), "C"), "id"]
    return ["search_name", "id"]


def _prefix(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, written so that an ordinary b-tree index serves it.

    On PostgreSQL: a range in the C collation, which is exactly the prefix match (byte order),
    on the C-collation indexes of `search_name` (the index of `name_order`) and `mrn`
    (migrations 0004, 0006) — no LIKE beside it, whose misjudged selectivity made the planner
    sort every match instead of reading the first page off the index.

    Elsewhere (SQLite): LIKE 'x%' uses an index only under the C collation (or a pattern-ops
    index, which the planner then cannot use for ORDER BY); a range [prefix, next prefix) can,
    in any collation. The exact `startswith` stays as the filter, so the range only narrows the
    scan.
    """
    if connection.vendor == "postgresql":
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
