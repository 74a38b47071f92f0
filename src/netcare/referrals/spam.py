"""Spam resistance for the public referral form, without third-party services.

1. A honeypot field people never see (bots fill every field).
2. A signed render timestamp: a form sent back under MIN_SECONDS after it was shown, or with a
   forged or stale stamp, is refused.
3. A per-address rate limit kept in Django's cache.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "netcare.referrals.form-stamp"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 24 * 3600


def min_seconds() -> float:
    return float(getattr(settings, "REFERRAL_FORM_MIN_SECONDS", MIN_SECONDS))


def make_stamp() -> str:
    return signing.dumps(time.time(), salt=SALT)


def stamp_problem(stamp: str) -> str | None:
    """Why the stamp is refused, or None when the form took a human amount of time."""
    try:
        shown_at = float(signing.loads(stamp, salt=SALT, max_age=MAX_AGE_SECONDS))
    except (signing.BadSignature, TypeError, ValueError):
        return "The form expired or was altered; please fill it in again."
    if time.time() - shown_at < min_seconds():
        return "The form was sent too quickly; please check it and send it again."
    return None


def rate_limited(address: str | None) -> bool:
    """Count one submission from `address`; True once it exceeds the limit in the window."""
    limit = int(getattr(settings, "REFERRAL_RATE_LIMIT", 5))
    window = int(getattr(settings, "REFERRAL_RATE_WINDOW_SECONDS", 3600))
    key = f"netcare:referral-rate:{address or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
