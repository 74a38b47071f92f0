"""Idle session expiry without a database write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

#: A session is saved again (pushing its expiry forward) at most this often.
TOUCH_EVERY_SECONDS = 60


class IdleSessionMiddleware:
    """Keep a signed-in session alive while it is used; let it expire after SESSION_COOKIE_AGE
    of inactivity.

    `SESSION_SAVE_EVERY_REQUEST` would do the same with an UPDATE on every page view; this
    saves the session at most once a minute, so the idle limit holds to within a minute.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated or session.modified:
            return response
        now = int(time.time())
        if now - int(session.get("_touched", 0)) >= TOUCH_EVERY_SECONDS:
            session["_touched"] = now
        return response


class MustChangePasswordMiddleware:
    """Hold a user whose password was set by someone else (`must_change_password`) on the
    password-change page until they choose their own; signing out stays possible."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and request.path not in _allowed_paths()
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)


def _allowed_paths() -> set[str]:
    return {reverse("accounts:password_change"), reverse("accounts:logout")}
