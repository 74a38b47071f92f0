"""Changes to the program's settings. The admin and the tests call these."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.program import settings_store
from netcare.program.models import EDITABLE_FIELDS, ProgramSettings


def update_program_settings(
    changes: dict[str, Any], *, by: Any, request: HttpRequest | None = None
) -> ProgramSettings:
    """Change some of the program's settings (creating the row from the environment's values
    the first time). Audited with each changed field's old and new value.

    Raises PermissionDenied unless `by` may manage program settings, ValidationError naming the
    field for a bad value (nothing is written then).
    """
    if not can(by, Action.MANAGE_PROGRAM_SETTINGS):
        raise PermissionDenied("only program administrators change program settings")
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError({name: "not a program setting" for name in unknown})
    with transaction.atomic():
        row = (
            ProgramSettings.objects.select_for_update()
            .filter(pk=ProgramSettings.SINGLETON_ID)
            .first()
        )
        if row is None:
            row = ProgramSettings.from_environment()
        diff: dict[str, dict[str, str]] = {}
        for name, value in changes.items():
            value = value.strip() if isinstance(value, str) else value
            old = getattr(row, name)
            if old != value:
                diff[name] = {"old": old, "new": value}
                setattr(row, name, value)
        if not diff:
            return row
        row.full_clean()
        if not row._state.adding:
            row.version += 1
        row.save()
        record(
            request,
            codes.PROGRAM_SETTINGS_CHANGED,
            user=by,
            obj=row,
            detail={"changes": diff},
        )
    settings_store.invalidate()
    return row
