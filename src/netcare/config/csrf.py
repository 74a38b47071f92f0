"""The CSRF token of a page, masked as Django masks it, with one call to the OS's random source.

Django's `get_token` draws its 32-character mask with 32 calls of `SystemRandom.choice`, each a
call to `os.urandom`: a few percent of a cached chart view, which needs a token for its
sign-out form. `masked_token` draws the same kind of mask (32 characters, each uniform over
the 62 allowed) from one random integer below 62**32, masks the secret as Django does
(`_mask_cipher_secret`), and has `get_token`'s side effect (the cookie is sent again). Django's
`CsrfViewMiddleware` checks the tokens it hands out like any other; a test submits one.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_BASE = len(CSRF_ALLOWED_CHARS)
_MASKS = _BASE**CSRF_SECRET_LENGTH
_POSITION = {char: position for position, char in enumerate(CSRF_ALLOWED_CHARS)}


def masked_token(request: HttpRequest) -> str:
    """The request's CSRF token (as `django.middleware.csrf.get_token`), freshly masked."""
    secret = request.META.get("CSRF_COOKIE")
    if not isinstance(secret, str) or len(secret) != CSRF_SECRET_LENGTH or any(
        char not in _POSITION for char in secret
    ):
        return get_token(request)  # no secret yet: Django makes one and sets the cookie
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token: the cookie is sent again
    number = secrets.randbelow(_MASKS)
    mask = []
    for _ in range(CSRF_SECRET_LENGTH):
        number, digit = divmod(number, _BASE)
        mask.append(digit)
    chars = CSRF_ALLOWED_CHARS
    return "".join(chars[m] for m in mask) + "".join(
        chars[(_POSITION[s] + m) % _BASE] for s, m in zip(secret, mask, strict=True)
    )
