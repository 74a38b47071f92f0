"""Spam resistance for the public referral form, without third-party services.

1. A honeypot field people never see (bots fill every field).
2. A signed render timestamp: a form sent back under MIN_SECONDS after it was shown, or with a
   forged or stale stamp, is refused. The stamp also carries a random one-time token, which
   makes sending one rendered form twice store one referral (`stamp_token`; the action keeps
   the token with the referral).
3. A per-address limit on accepted referrals, kept in Django's cache.
"""

from __future__ import annotations

import contextlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "netcare.referrals.form-stamp"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 24 * 3600


def min_seconds() -> float:
    return float(getattr(settings, "REFERRAL_FORM_MIN_SECONDS", MIN_SECONDS))


def make_stamp(token: str = "") -> str:
    """A signed stamp for one rendered form: when it was shown, and a token of its own
    (`token`, or a new random one)."""
    return signing.dumps({"shown": time.time(), "token": token or secrets.token_urlsafe(18)},
                         salt=SALT)


def renewed_stamp(stamp: str) -> str:
    """A stamp shown now for the form `stamp` came with, to send it again after the time
    check refused it. It keeps the form's token when `stamp` is one we signed, however old
    (the documents held for the form stay with it: see `actions.keep_documents`); a forged
    stamp, or one from before stamps carried a token, gets a new one."""
    try:
        token = signing.loads(stamp, salt=SALT)["token"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        token = ""
    return make_stamp(token if isinstance(token, str) else "")


def _read(stamp: str) -> tuple[float, str]:
    """(shown at, token) of a stamp we signed in the last MAX_AGE_SECONDS; raises ValueError
    otherwise (forged, stale, or from before stamps carried a token)."""
    try:
        payload = signing.loads(stamp, salt=SALT, max_age=MAX_AGE_SECONDS)
        shown_at, token = float(payload["shown"]), str(payload["token"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValueError("not a stamp of ours") from None
    if not token:
        raise ValueError("a stamp without its token")
    return shown_at, token


def stamp_problem(stamp: str) -> str | None:
    """Why the stamp is refused, or None when the form took a human amount of time."""
    try:
        shown_at, _token = _read(stamp)
    except ValueError:
        return "The form expired or was altered; please fill it in again."
    if time.time() - shown_at < min_seconds():
        return "The form was sent too quickly; please check it and send it again."
    return None


def stamp_token(stamp: str) -> str:
    """The one-time token of the rendered form `stamp` came with ("" for a stamp
    `stamp_problem` refuses). Every sending of that form carries the same token."""
    try:
        return _read(stamp)[1]
    except ValueError:
        return ""


def _limit_window_key(address: str | None) -> tuple[int, int, str]:
    limit = int(getattr(settings, "REFERRAL_RATE_LIMIT", 5))
    window = int(getattr(settings, "REFERRAL_RATE_WINDOW_SECONDS", 3600))
    return limit, window, f"netcare:referral-rate:{address or 'unknown'}"


def rate_limited(address: str | None) -> bool:
    """Whether `address` has used up its allowance of accepted referrals in the window.

    Only reads: a form sent back with mistakes (or refused by the honeypot or the time stamp,
    which store nothing either) uses none of the allowance; `take_allowance` counts a referral
    about to be stored.
    """
    limit, _window, key = _limit_window_key(address)
    return int(cache.get(key) or 0) >= limit


def take_allowance(address: str | None) -> bool:
    """Count one referral from `address` that is about to be stored; False (counting nothing)
    when the allowance is used up. Atomic (the cache's increment), so simultaneous
    submissions cannot together get past the limit."""
    limit, window, key = _limit_window_key(address)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        give_back_allowance(address)
        return False
    return True


def give_back_allowance(address: str | None) -> None:
    """Undo `take_allowance` for a referral that was not stored after all."""
    _limit, _window, key = _limit_window_key(address)
    with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing to give back
        cache.decr(key)
