from __future__ import annotations

from datetime import date
from typing import Any

import pytest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
DICOM = b"\x00" * 128 + b"DICM" + b"\x02\x00" * 10


@pytest.fixture(autouse=True)
def _quick_forms_and_private_media(settings: Any, tmp_path: Any) -> None:
    """Forms may be sent at once, files go to a temporary MEDIA_ROOT, the rate limit resets."""
    from django.core.cache import cache

    settings.REFERRAL_FORM_MIN_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def referral_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "source": "self", "first_name": "Rosa", "last_name": "Referred",
        "date_of_birth": date(1970, 5, 6), "phone": "555-0150", "reason": "Flushing for months",
        "symptoms": [], "hereditary_syndromes": [],
    }
    data.update(extra)
    return data


@pytest.fixture
def make_referral(db: Any) -> Any:
    from netcare.referrals.actions import submit_referral

    def make(**extra: Any) -> Any:
        return submit_referral(referral_data(**extra), by=None)

    return make


def filled_form(client: Any, **extra: Any) -> dict[str, Any]:
    """What a person sends with the public form just shown to `client` (its signed stamp)."""
    import re

    page = client.get("/referrals/new/").content.decode()
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp is not None
    data: dict[str, Any] = {
        "source": "self", "first_name": "Rosa", "last_name": "Referred",
        "date_of_birth": "1970-05-06", "phone": "555-0150", "email": "",
        "preferred_contact_times": "weekday mornings", "reason": "Flushing and diarrhea",
        "symptoms": ["flushing"], "stamp": stamp[1], "website": "",
    }
    data.update(extra)
    return data
