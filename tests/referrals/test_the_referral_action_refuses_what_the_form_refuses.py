"""Every caller of `submit_referral` (form, API, demo, imports) meets the same checks: a date of
birth ahead of the program's today, or a phone number that is not one, is refused by the field
and nothing is written."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from netcare.referrals.actions import submit_referral
from netcare.referrals.models import Referral
from netcare.workup.dates import program_today


def _data(**over: Any) -> dict[str, Any]:
    return {"source": "self", "first_name": "Maya", "last_name": "Okafor",
            "date_of_birth": date(1968, 2, 14), "phone": "555-0150", "email": "",
            "reason": "Flushing", "symptoms": ["flushing"], "hereditary_syndromes": [], **over}


@pytest.mark.parametrize(("field", "value", "words"), [
    ("date_of_birth", "tomorrow", "Date of birth cannot be in the future."),
    ("date_of_birth", date(1850, 1, 1), "before 1900"),
    ("phone", "abc", "use digits"),
    ("referring_phone", "12", "at least 6 digits"),
])
def test_the_action_refuses_by_the_field_and_writes_nothing(
    db: Any, field: str, value: Any, words: str
) -> None:
    if value == "tomorrow":
        value = program_today() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        submit_referral(_data(**{field: value}), by=None)
    assert words in " ".join(error.value.message_dict[field])
    assert not Referral.objects.exists()


def test_a_valid_referral_is_still_taken(db: Any) -> None:
    referral = submit_referral(_data(referring_phone="+1 (202) 555-0142 ext. 12"), by=None)
    assert referral.reference
