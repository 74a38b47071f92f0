from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fresh_program_settings(settings: Any) -> Iterator[None]:
    """Each test starts and ends with this process's settings copy forgotten: the test's
    transaction is rolled back, so a row it wrote must not linger in memory."""
    from netcare.program import settings_store

    settings_store.forget()
    yield
    settings_store.forget()


def change_url() -> str:
    return "/admin/program/programsettings/1/change/"


def admin_form(**changes: str) -> dict[str, str]:
    """The settings form as an administrator submits it (the environment's values + changes)."""
    from netcare.program.models import EDITABLE_FIELDS, ProgramSettings

    defaults = ProgramSettings.from_environment()
    data = {name: getattr(defaults, name) for name in EDITABLE_FIELDS}
    data.update(changes)
    data["_save"] = "Save"
    return data
