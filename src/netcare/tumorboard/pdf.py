"""The case summary as a PDF (WeasyPrint), from the same context as the HTML page."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def render_html(context: dict[str, Any]) -> str:
    """The print HTML the PDF is made from (inline CSS; no network fetches)."""
    from netcare.program import settings_store

    return render_to_string("tumorboard/case_print.html",
                            {**context, "tz_name": settings_store.current().time_zone})


def render_document(context: dict[str, Any]) -> Any:
    """The laid-out WeasyPrint document (pages of boxes) of the case summary."""
    import weasyprint

    return weasyprint.HTML(string=render_html(context)).render()


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
