"""Citations of REFERENCE as links to their section on the sources page (`program:sources`).

`{{ text|cite }}` links each section a citation names (a list of citations is joined with
"; "); `{% reference "5" %}` is the link "REFERENCE §5". The wording comes from
`netcare.clinical.sources`, the one place citations are written; texts stored earlier (a frozen
board summary) are linked the same way, since the sections are found in the text.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from netcare.clinical.sources import Section, pieces, section

register = template.Library()


def _link(text: str, cited: Section) -> SafeString:
    return format_html('<a href="{}#{}" title="{}: {}">{}</a>', reverse("program:sources"),
                       cited.anchor, cited.label, cited.title, text)


def _linked(text: str) -> str:
    return "".join(str(conditional_escape(piece)) if cited is None else _link(piece, cited)
                   for piece, cited in pieces(text))


@register.filter
def cite(value: str | Iterable[str] | None) -> SafeString:
    """`value` (a citation, or citations joined by "; "), escaped, each cited section a link."""
    if value is None:
        return mark_safe("")
    texts = [value] if isinstance(value, str) else [str(text) for text in value]
    return mark_safe("; ".join(_linked(text) for text in texts))  # each piece escaped above


@register.simple_tag
def reference(key: str | int) -> SafeString:
    """The link "REFERENCE §<key>" to that section on the sources page."""
    cited = section(str(key))
    return _link(cited.label, cited)
