"""Idle session expiry without a database write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
