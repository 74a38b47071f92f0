"""Walk every URL pattern: anonymous users are refused everywhere but the public pages."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# The pages anyone may open without signing in.
PUBLIC = {
    "/",
    "/about/what-are-nets/",
    "/accounts/login/",
    "/api/docs",
    "/api/openapi.json",
    # Signing in and out touch no patient data (the admin's sign-in uses the same lock-out).
    "/accounts/logout/",
    "/admin/login/",
    "/admin/logout/",
    # The public referral form and its confirmation (shows only the sender's own reference).
    "/referrals/new/",
    "/referrals/thanks/",
    # Browsers ask every site for its icon; it redirects to the static file.
    "/favicon.ico",
}
PUBLIC_PREFIXES = ("/static/",)


def _walk(patterns: list[Any], prefix: str = "") -> list[str]:
    urls: list[str] = []
    for pattern in patterns:
        route = str(pattern.pattern)
        route = re.sub(r"^\^|\$$|\\Z$", "", route)
        if isinstance(pattern, URLResolver):
            urls += _walk(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            urls.append(prefix + route)
    return urls


def _concrete(route: str) -> str:
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<slug:[^>]+>", "what-are-nets", route)
    route = re.sub(r"<(?:str:|path:)?[^>]+>", "x", route)
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "x", route)
    route = route.replace("\\", "").replace("(?:", "").replace(")?", "").replace("^", "")
    return "/" + route.replace("//", "/").lstrip("/")


def test_every_url_refuses_anonymous_users_except_public_pages(client: Client, db: Any) -> None:
    """Each non-public URL answers a redirect to sign-in, 401, 403, 404 or 405 — never 200."""
    from netcare.program.demo import ensure_pages

    ensure_pages()
    urls = sorted({_concrete(route) for route in _walk(get_resolver().url_patterns)})
    assert len(urls) > 20
    leaks = []
    for url in urls:
        if url in PUBLIC or url.startswith(PUBLIC_PREFIXES):
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            allowed = response.status_code in (401, 403, 404, 405) or (
                response.status_code == 302 and "/login/" in response.url
            )
            if not allowed:
                leaks.append((method, url, response.status_code))
    assert [] == leaks, leaks


def test_public_pages_open_without_signing_in(client: Client, db: Any) -> None:
    """The program's home, its pages and the sign-in page answer 200."""
    from netcare.program.demo import ensure_pages

    ensure_pages()
    for url in ("/", "/about/what-are-nets/", "/accounts/login/"):
        assert 200 == client.get(url).status_code, url
