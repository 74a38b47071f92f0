"""Escaping for the tables and lists built in Python (search results, the chart's timeline,
the worklists).

The standard library's `html.escape` is what Django's `escape` calls; Django wraps it for lazy
strings, and on a 100-row worklist that wrapper cost more than the escaping itself. Same output
(&, <, >, " and ' escaped); any value is turned into text first.
"""

from __future__ import annotations

from html import escape as _escape


def escape(value: object) -> str:
    """`value` as text safe inside HTML content and quoted attributes."""
    return _escape(str(value))
