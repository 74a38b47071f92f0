"""`{% main_nav %}`: the main navigation's links, rendered once per kind of user and process.

Every page shows them, and a dozen `{% url %}` lookups per page were a measurable share of a
page view. The links depend on the user's role, discipline and staff status only, so they are
rendered from `program/_nav_items.html` with exactly those values (nothing else about the user
or the request can reach the fragment) and kept for the life of the process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


class NavUser(NamedTuple):
    """What the navigation may know of the user."""

    is_authenticated: bool
    role: str
    discipline: str
    is_staff_of_program: bool


@lru_cache(maxsize=64)
def _links(user: NavUser, script_prefix: str) -> SafeString:
    # script_prefix is part of the key: the links are absolute paths under it.
    return mark_safe(
        render_to_string("program/_nav_items.html", {"user": user})
    )  # rendered and escaped by the engine


@register.simple_tag(takes_context=True)
def main_nav(context: Any) -> SafeString:
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    kind = NavUser(
        is_authenticated=authenticated,
        role=str(getattr(user, "role", "")) if authenticated else "",
        discipline=str(getattr(user, "discipline", "")) if authenticated else "",
        is_staff_of_program=bool(getattr(user, "is_staff_of_program", False))
        if authenticated
        else False,
    )
    return _links(kind, get_script_prefix())
