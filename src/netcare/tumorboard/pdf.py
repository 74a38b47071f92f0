"""The case summary as a PDF (WeasyPrint), from the same context as the HTML page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from django.template.loader import render_to_string
from django.urls import reverse


def render_html(context: dict[str, Any]) -> str:
    """The print HTML the PDF is made from (inline CSS; no network fetches). `sources_url` in
    `context`: the sources page's absolute address, printed for the reader of the paper (its
    path when not given)."""
    from netcare.program import settings_store

    return render_to_string("tumorboard/case_print.html", {
        **context, "tz_name": settings_store.current().time_zone,
        "sources_url": context.get("sources_url") or reverse("program:sources")})


def render_document(context: dict[str, Any]) -> Any:
    """The laid-out WeasyPrint document (pages of boxes) of the case summary. With an absolute
    `sources_url` the citations' links resolve on its host, so in the PDF they open the sources
    page (the base is the host's root: a base equal to the sources page would make WeasyPrint
    take them for anchors inside the PDF)."""
    import weasyprint

    sources_url = str(context.get("sources_url") or "")
    base_url = urljoin(sources_url, "/") if urlsplit(sources_url).scheme else None
    return weasyprint.HTML(string=render_html(context), base_url=base_url).render()


def render_pdf(context: dict[str, Any]) -> bytes:
    """Render `tumorboard/case_print.html` to PDF bytes."""
    return render_document(context).write_pdf()


def document_text(document: Any) -> str:
    """The text laid out on the document's pages, in reading order, one line per text box
    (what a reader of the PDF sees; for checks and tests)."""
    lines: list[str] = []

    def walk(box: Any) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            lines.append(text)
        for child in getattr(box, "children", ()) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return "\n".join(lines)
