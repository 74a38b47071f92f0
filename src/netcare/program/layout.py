"""The layout (`base.html`) around a page's content, with the layout itself rendered once per
kind of viewer and program settings.

The chart is the most viewed page, and its content comes ready from the chart cache; what was
left was Django's template engine going through `base.html` (the block inheritance, the
navigation, the sign-out form, the footer) on every view: about a fifth of a cached chart
view. `render_page` renders `program/layout_page.html` (which extends `base.html`) once per
kind of viewer with markers in place of the per-request values, keeps the pieces between the
markers, and puts each request's values in their places: the title, the content, the CSRF
token and the board task panel (shown on a landing page, read fresh on every view).
`render_in_layout` does the same for a page whose template renders only its content (the
patient list, the referral queue, the follow-up worklist).

It is the same page as rendering `program/layout_page.html` for the request (a test compares
the two for every role, on a landing page too). Messages waiting to be shown go through the
template instead (showing them marks them read).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from netcare.config.csrf import masked_token
from netcare.program import settings_store
from netcare.tumorboard.templatetags.board_tasks import panel_html

PAGE_TEMPLATE = "program/layout_page.html"

# NUL cannot occur in a rendered value (Django's forms and PostgreSQL's text refuse it).
_TITLE = "\x00netcare-title\x00"
_CONTENT = "\x00netcare-content\x00"
_CSRF = "\x00netcare-csrf\x00"
_TASKS = "\x00netcare-board-tasks\x00"
_SLOTS = (_TITLE, _CONTENT, _CSRF, _TASKS)


class SafeHTMLBytes(bytes):
    """HTML, escaped before it was encoded as UTF-8: ready for a page as it is."""

    __slots__ = ()


class FrameUser(NamedTuple):
    """Everything `base.html` and its navigation read of the user, and nothing else (so a
    frame can be shared by every request of the same kind of viewer)."""

    is_authenticated: bool
    username: str
    role_label: str
    role: str
    discipline: str
    is_staff: bool


def frame_user(user: Any) -> FrameUser:
    if user is None or not user.is_authenticated:
        return FrameUser(False, "", "", "", "", False)
    return FrameUser(True, user.username, str(user.role_label), str(user.role),
                     str(getattr(user, "discipline", "")), bool(user.is_staff))


def render_page(request: HttpRequest, *, title: str, content: SafeString | SafeHTMLBytes,
                csrf_token: str | None = None, status: int = 200) -> HttpResponse:
    """`content` in the layout, titled `title` (escaped here); `csrf_token`: the request's
    token when the caller already holds one (one masking a request, not two).

    `content` may come encoded (`SafeHTMLBytes`, UTF-8): the page is put together as bytes,
    so a large cached body (the chart's) is copied into the response once, never decoded and
    encoded again (that was a fifth of a cached chart view's instructions)."""
    # len() reads the waiting messages without marking them read (showing them would).
    if len(get_messages(request)):
        if isinstance(content, SafeHTMLBytes):
            content = mark_safe(content.decode())  # escaped before it was encoded
        return render(request, PAGE_TEMPLATE, {"page_title": title, "page_content": content},
                      status=status)
    program = settings_store.current().as_template_dict()
    pieces = _frame(frame_user(getattr(request, "user", None)),
                    tuple(sorted(program.items())), get_script_prefix())
    values = {
        _TITLE: str(conditional_escape(title)).encode(),
        _CONTENT: content if isinstance(content, SafeHTMLBytes) else str(content).encode(),
        _CSRF: (csrf_token if csrf_token is not None else masked_token(request)).encode(),
        _TASKS: panel_html(request, program).encode(),
    }
    page = b"".join(values[piece] if type(piece) is str else piece for piece in pieces)
    return HttpResponse(page, status=status)


def render_in_layout(request: HttpRequest, template_name: str, context: dict[str, Any], *,
                     title: str, status: int = 200,
                     csrf_token: str | None = None) -> HttpResponse:
    """`template_name` (the page's content only: it extends nothing) rendered for the request,
    in the layout (`render_page`); one masked CSRF token serves both (`csrf_token`: the
    request's, when the caller already put it in the context's HTML)."""
    token = masked_token(request) if csrf_token is None else csrf_token
    content = render_to_string(template_name, {**context, "csrf_token": token}, request)
    return render_page(request, title=title, content=content, csrf_token=token, status=status)


@lru_cache(maxsize=256)
def _frame(user: FrameUser, program: tuple[tuple[str, Any], ...],
           script_prefix: str) -> tuple[str | bytes, ...]:
    """The rendered layout cut at its markers: literal text (encoded, UTF-8) and markers
    (str), in page order. `script_prefix` is part of the key (the navigation's links are
    absolute paths under it)."""
    text = render_to_string(PAGE_TEMPLATE, {
        "user": user, "program": dict(program), "messages": (), "csrf_token": _CSRF,
        "page_title": mark_safe(_TITLE), "page_content": mark_safe(_CONTENT),
        "board_tasks_slot": _TASKS,
    })
    pieces: list[str | bytes] = []
    rest = text
    while True:
        found = [(rest.find(slot), slot) for slot in _SLOTS if slot in rest]
        if not found:
            pieces.append(rest.encode())
            break
        position, slot = min(found)
        pieces.extend((rest[:position].encode(), slot))
        rest = rest[position + len(slot):]
    if pieces.count(_TITLE) != 1 or pieces.count(_CONTENT) != 1:
        raise RuntimeError(f"{PAGE_TEMPLATE}: the title and the content must show once each")
    return tuple(pieces)


@receiver(setting_changed)
def _forget_frames(**kwargs: Any) -> None:
    """Tests that change settings (static storage, URLs, templates) get fresh frames."""
    _frame.cache_clear()
