"""Issuing and checking API bearer tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from netcare.accounts.models import ApiToken, User


def issue_token(user: User, name: str) -> str:
    """Create a token for `user`; the plain value is returned once and never stored."""
    plain = "nc_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, token_sha256=_digest(plain))
    return plain


def user_for_token(plain: str) -> Any:
    """The active user owning `plain`, or None. One query."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_sha256=_digest(plain), user__is_active=True)
        .first()
    )
    return token.user if token else None


def _digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()
