"""Each role signs in through the real sign-in page and lands on its own home page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

# role fixture → (path it lands on, a heading it sees)
HOMES = {
    "pat": ("/portal/", "Hello, Pat"),
    "rita": ("/referrals/mine/", "My referrals"),
    "nora": ("/referrals/", "Referral queue"),
    "sam": ("/patients/", "Patients"),
    "cora": ("/board/", "Tumor board"),
    "theo": ("/nuclear/", "Nuclear medicine"),
    "ada": ("/audit/", "Audit trail"),
}


@pytest.mark.parametrize("who", list(HOMES))
def test_each_role_lands_on_its_home_page(
    page: Any, request: Any, pat_record: Any, who: str
) -> None:
    """Sign in as the role; the page after sign-in is that role's home, with its heading."""
    from netcare.accounts.views import HOME_FOR_ROLE

    user = request.getfixturevalue(who)
    path, heading = HOMES[who]
    sign_in(page, user.username, PASSWORD)
    landed = page.url.removeprefix(page.context.pages[0].url.split("/", 3)[0] + "//")
    assert path in page.url, (HOME_FOR_ROLE[user.role], landed)
    assert heading in page.get_by_role("heading", level=1).first.inner_text()


def test_patient_cannot_open_another_patients_chart(
    page: Any, pat_record: Any, other_record: Any
) -> None:
    """Typing another patient's chart address shows 'Not found' and none of their data."""
    sign_in(page, "pat", PASSWORD)
    response = page.goto(f"/patients/{other_record.pk}/")
    assert 404 == response.status
    body = page.locator("body").inner_text()
    assert "Not found" in body
    assert "Other" not in body
    assert "NC0000002" not in body


def test_a_wrong_password_keeps_the_user_on_the_sign_in_page(page: Any, nora: Any) -> None:
    """The error is announced and the username stays filled in."""
    sign_in(page, "nora", "not-the-password")
    assert "/accounts/login/" in page.url
    assert "correct username and password" in page.get_by_role("alert").inner_text()
    assert "nora" == page.get_by_label("Username").input_value()
