"""`{% board_tasks_panel %}`: "Your board tasks" on the page a staff member lands on.

base.html calls it on every page; it renders only on the user's landing page (their role's
`HOME_FOR_ROLE`, e.g. the physician's patient list or the navigator's referral queue), for staff
who see the board, and costs one query there (two when the user owns recommendations; none
elsewhere). It is read fresh on every visit: a cache per process would show a task carried out
on the chart as still open in the other server processes. Other apps' views stay as they are.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

register = template.Library()

#: At most this many open tasks are read for the counts; the panel lists the first few.
PANEL_READ_LIMIT = 50
PANEL_SHOWN = 5


def panel_figures(user: Any) -> dict[str, Any]:
    """The panel's counts and first tasks as plain values (one query)."""
    from netcare.tumorboard.followthrough import DUE_SOON_DAYS, open_tasks_for

    tasks = open_tasks_for(user, limit=PANEL_READ_LIMIT)
    return {
        "board_tasks": [
            {"case_id": r.case_id, "patient": r.case.patient.full_name,
             "action": r.get_follow_up_kind_display(), "text": r.text, "due_on": r.due_on,
             "overdue": t.overdue, "due_soon": t.due_soon}
            for t in tasks[:PANEL_SHOWN] if (r := t.recommendation)],
        "board_open": len(tasks),
        "board_more": len(tasks) >= PANEL_READ_LIMIT,
        "board_overdue": sum(t.overdue for t in tasks),
        "board_due_soon": sum(t.due_soon for t in tasks),
        "due_soon_days": DUE_SOON_DAYS,
    }


def shows_panel(request: Any) -> bool:
    """Whether `request` is a board-viewing staff member's landing page (not the board's own
    pages, which list the tasks already)."""
    from netcare.accounts.policy import Action, can
    from netcare.accounts.views import HOME_FOR_ROLE

    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None or request.method != "GET":
        return False
    home = HOME_FOR_ROLE.get(user.role, "")
    return (match.view_name == home and not home.startswith("tumorboard:")
            and can(user, Action.VIEW_TUMOR_BOARD))


def panel_html(request: Any, program: Any) -> str:
    """The panel for `request` (empty off the landing page); `program`: the template's
    `program` values."""
    if request is None or not shows_panel(request):
        return ""
    figures = panel_figures(request.user)
    if not figures["board_open"]:
        return _empty_panel(tuple(sorted((program or {}).items())), get_script_prefix())
    return render_to_string("tumorboard/_home_tasks.html", {"program": program, **figures})


@lru_cache(maxsize=16)
def _empty_panel(program: tuple[tuple[str, Any], ...], script_prefix: str) -> str:
    """The panel with no open task: the same for everyone under the same program settings and
    script prefix (its links), so it is rendered once; most landing-page views show it."""
    from netcare.tumorboard.followthrough import DUE_SOON_DAYS

    return render_to_string("tumorboard/_home_tasks.html", {
        "program": dict(program), "board_tasks": [], "board_open": 0, "board_more": False,
        "board_overdue": 0, "board_due_soon": 0, "due_soon_days": DUE_SOON_DAYS})


@receiver(setting_changed)
def _forget_empty_panels(**kwargs: Any) -> None:
    """Tests that change URLs or templates get a fresh panel."""
    _empty_panel.cache_clear()


@register.simple_tag(takes_context=True)
def board_tasks_panel(context: Any) -> str:
    # The layout rendered once per kind of viewer (program.layout) holds the panel's place
    # with a marker, filled per request with `panel_html`.
    slot = context.get("board_tasks_slot")
    if slot:
        return mark_safe(slot)  # a marker of program.layout, not user input
    return panel_html(context.get("request"), context.get("program"))
