"""Program settings that administrators change without a redeploy."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ProgramPage(models.Model):
    """A public page of the program (what NETs are, symptoms, ...), in the program's words.

    Administrators edit these in the admin; `netcare demo` writes the demo program's pages.
    """

    slug = models.SlugField(max_length=60)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(
        help_text="Plain text; blank lines separate paragraphs, "
        "lines starting with '- ' are list items."
    )
    position = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "slug"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="program_page_slug_unique")]

    def __str__(self) -> str:
        return self.title


def program_facts() -> dict[str, object]:
    return {
        "name": settings.PROGRAM_NAME,
        "phone": settings.PROGRAM_PHONE,
        "appointments_phone": settings.PROGRAM_APPOINTMENTS_PHONE,
        "opening_hours": settings.PROGRAM_OPENING_HOURS_TEXT,
        "time_zone": settings.PROGRAM_TIME_ZONE,
    }
