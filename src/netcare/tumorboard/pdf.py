"""The case summary as a PDF (WeasyPrint), from the same context as the HTML page."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def render_pdf(context: dict[str, Any]) -> bytes:
    """Render `tumorboard/case_print.html` to PDF bytes. No network fetches (inline CSS)."""
    import weasyprint
    from django.conf import settings

    html = render_to_string("tumorboard/case_print.html",
                            {**context, "tz_name": settings.PROGRAM_TIME_ZONE})
    return weasyprint.HTML(string=html).write_pdf()
