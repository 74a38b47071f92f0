"""Program settings that administrators change without a redeploy."""

from __future__ import annotations

from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models

from netcare.config.env import parse_opening_hours


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


def validate_opening_hours(value: str) -> None:
    """The `NETCARE_OPENING_HOURS` syntax, e.g. `mon-fri 09:00-17:00; sat 09:00-12:00`."""
    try:
        parse_opening_hours("opening hours", value)
    except ImproperlyConfigured as error:
        raise ValidationError(str(error), code="invalid") from None


def validate_time_zone(value: str) -> None:
    """An IANA time zone name such as `America/Los_Angeles`."""
    if value not in available_timezones():
        raise ValidationError(
            f"time zone: {value!r} is not an IANA time zone (e.g. Europe/Paris)", code="invalid"
        )


class ProgramSettings(models.Model):
    """The program's name, phone lines, opening hours and zone; at most one row (id 1).

    No row means the environment's values (NETCARE_PROGRAM_NAME, ...) apply; the first change in
    the admin creates the row from them. Read through `netcare.program.settings_store.current()`
    and change through `netcare.program.actions.update_program_settings` (audited).
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField("ID", primary_key=True, default=SINGLETON_ID,
                                          editable=False)
    name = models.CharField("program name", max_length=120)
    phone = models.CharField("main phone", max_length=40)
    appointments_phone = models.CharField("appointments phone", max_length=40)
    opening_hours = models.CharField(
        max_length=200,
        validators=[validate_opening_hours],
        help_text="e.g. mon-fri 09:00-17:00; sat 09:00-12:00 (wall-clock times in the zone "
        "below). Appointments can be booked only inside these hours.",
    )
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text="IANA name, e.g. America/Los_Angeles; times are stored in UTC and shown in "
        "this zone.",
    )
    about = models.CharField(
        "about line",
        max_length=300,
        blank=True,
        help_text="One short sentence under the program name on the home page.",
    )
    # Bumped on every change; each process compares it with the value it cached.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "program settings"
        verbose_name_plural = "program settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="program_settings_single_row")
        ]

    def __str__(self) -> str:
        return "Program settings"

    @classmethod
    def from_environment(cls) -> ProgramSettings:
        """An unsaved row holding the environment's values (the defaults)."""
        return cls(
            id=cls.SINGLETON_ID,
            name=settings.PROGRAM_NAME,
            phone=settings.PROGRAM_PHONE,
            appointments_phone=settings.PROGRAM_APPOINTMENTS_PHONE,
            opening_hours=settings.PROGRAM_OPENING_HOURS_TEXT,
            time_zone=str(settings.PROGRAM_TIME_ZONE),
            about="",
        )


#: The fields administrators edit (and the audit entry compares).
EDITABLE_FIELDS = ("name", "phone", "appointments_phone", "opening_hours", "time_zone", "about")


def program_facts() -> dict[str, object]:
    """The program's facts for templates (see `settings_store.current()`)."""
    from netcare.program.settings_store import current

    return current().as_template_dict()
