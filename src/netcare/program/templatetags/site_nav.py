"""`{% main_nav %}`: the main navigation's links, rendered once per kind of user and process;
`{% sources_link %}`: the footer's link to the clinical sources, the same way;
`{% fixed_url %}` and `{% static_url %}`: the layout's other links, worked out once.

Every page shows them, and a dozen `{% url %}` lookups per page were a measurable share of a
page view. The links depend on the user's role, discipline and staff status only, so they are
rendered from `program/_nav_items.html` with exactly those values (nothing else about the user
or the request can reach the fragment) and kept for the life of the process.

Which links show is asked of the policy (`accounts.policy`), with the same questions the linked
views ask, so the navigation never offers a page that answers 404 to its user.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from netcare.accounts.policy import Action, can, can_use_admin_site

register = template.Library()


class NavUser(NamedTuple):
    """What the navigation may know of the user."""

    is_authenticated: bool
    role: str
    discipline: str
    # Django's flag: the admin site opens only for it (and the role, `can_use_admin_site`).
    is_staff: bool

    @property
    def is_active(self) -> bool:
        # The authentication backend signs inactive users out on their next request, so a
        # signed-in user is an active one; with this the policy's `can` accepts a NavUser.
        return self.is_authenticated


def _flags(user: NavUser) -> dict[str, Any]:
    """What the navigation may offer `user`: every policy action by value (`may.run_calculators`)
    and the pages whose views ask more than one action, asked as those views ask it."""
    # The nuclear pages' own test, imported here so that loading this tag library (every
    # template) does not load the planner.
    from netcare.nuclear.views import may_view as may_view_nuclear

    may = {action.value: can(user, action) for action in Action}
    return {
        "may": may,
        # treatments.views.injections_due
        "injections_due": may[Action.MANAGE_FOLLOW_UPS] or may[Action.RECORD_TREATMENT],
        "nuclear": may_view_nuclear(user),
        # People outside the program send referrals through the form; the program's staff take
        # them from the queue and a patient is already in the program.
        "refers": may[Action.SUBMIT_REFERRAL]
        and not (may[Action.VIEW_ANY_CHART] or may[Action.VIEW_OWN_CHART]),
        "administers": can_use_admin_site(user),
    }


@lru_cache(maxsize=64)
def _links(user: NavUser, script_prefix: str) -> SafeString:
    # script_prefix is part of the key: the links are absolute paths under it.
    return mark_safe(
        render_to_string("program/_nav_items.html", {"user": user, **_flags(user)})
    )  # rendered and escaped by the engine


def _kind(user: Any) -> NavUser:
    authenticated = bool(user is not None and user.is_authenticated)
    return NavUser(
        is_authenticated=authenticated,
        role=str(getattr(user, "role", "")) if authenticated else "",
        discipline=str(getattr(user, "discipline", "")) if authenticated else "",
        is_staff=bool(getattr(user, "is_staff", False)) if authenticated else False,
    )


@register.simple_tag(takes_context=True)
def main_nav(context: Any) -> SafeString:
    return _links(_kind(context.get("user")), get_script_prefix())


@register.simple_tag(takes_context=True)
def sources_link(context: Any) -> SafeString:
    """A paragraph linking the clinical sources page, for users the policy lets open it (every
    citation links there too); nothing for anyone else."""
    return _sources_link(_kind(context.get("user")), get_script_prefix())


@lru_cache(maxsize=64)
def _sources_link(user: NavUser, script_prefix: str) -> SafeString:
    if not can(user, Action.VIEW_CLINICAL_SOURCES):
        return mark_safe("")
    return format_html('<p><a href="{}">Clinical sources</a>: what each REFERENCE section '
                       "netcare cites rests on, and what is still unverified.</p>",
                       reverse("program:sources"))


@register.simple_tag
def fixed_url(viewname: str) -> str:
    """`{% url viewname %}` for a URL without arguments, reversed once per process (the layout
    of every page links two of them; reversing cost more than the rest of the header)."""
    return _fixed_url(viewname, get_script_prefix(), get_urlconf())


@register.simple_tag
def static_url(path: str) -> str:
    """`{% static path %}`, looked up once per process (the file names are fixed at deploy)."""
    return _static_url(path)


@lru_cache(maxsize=128)
def _fixed_url(viewname: str, script_prefix: str, urlconf: Any) -> str:
    return reverse(viewname, urlconf=urlconf)


@lru_cache(maxsize=64)
def _static_url(path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_links(**kwargs: Any) -> None:
    """Tests that change settings (static storage, URLs) get fresh links."""
    _fixed_url.cache_clear()
    _static_url.cache_clear()
    _links.cache_clear()
    _sources_link.cache_clear()
