"""The seeded clinic's physicians have names a booking list can show, one each."""

from __future__ import annotations

from typing import Any

from netcare.accounts.models import User
from netcare.scheduling import loaders


def test_seeded_clinicians_have_distinct_fictional_names(db: Any) -> None:
    loaders.prepare()
    names = list(User.objects.filter(username__startswith="seed-clinician-")
                 .values_list("first_name", "last_name"))
    assert loaders.POOL == len(names) == len(set(names))
    assert ("Amara", "Osei") in names
    assert not any("Clinician" in last or first == "Seed" for first, last in names)
