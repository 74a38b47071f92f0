"""Responses carry a content security policy and the other protective headers."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def test_pages_send_a_content_security_policy(client: Client, db: None) -> None:
    """The public home page forbids framing and foreign scripts."""
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "DENY" == response.headers["X-Frame-Options"]
    assert "nosniff" == response.headers["X-Content-Type-Options"]


def test_session_cookies_are_http_only() -> None:
    """Scripts cannot read the session cookie; it ends with the browser."""
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_the_stylesheet_every_page_links_is_served(client: Client, db: None) -> None:
    """The page's CSS answers 200 as text/css (a missing stylesheet leaves pages unstyled)."""
    import re

    page = client.get("/").content.decode()
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert href is not None
    response = client.get(href[1])
    assert 200 == response.status_code
    assert response["Content-Type"].startswith("text/css")
    assert b".panel" in b"".join(response.streaming_content)
