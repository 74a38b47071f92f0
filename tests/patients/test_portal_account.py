"""A navigator gives a registered patient their own portal sign-in with a one-time password,
which the patient must change at first sign-in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.patients.actions import create_portal_account


def _create(client: Client, patient: Any) -> Any:
    return client.post(f"/patients/{patient.pk}/portal-account/")


def _shown_password(page: str) -> str:
    match = re.search(r"One-time password</dt><dd><code>([^<]+)</code>", page)
    assert match is not None
    return match.group(1)


def test_the_chart_offers_navigators_the_button_until_an_account_exists(
    client: Client, nora: Any, other_record: Any
) -> None:
    """The chart header shows "Create portal sign-in" to a navigator while the patient has
    no account, and no longer once they have one."""
    client.force_login(nora)
    assert "Create portal sign-in" in client.get(f"/patients/{other_record.pk}/").content.decode()
    create_portal_account(other_record, by=nora)
    assert "Create portal sign-in" not in client.get(
        f"/patients/{other_record.pk}/"
    ).content.decode()


def test_a_navigator_creates_it_and_sees_the_one_time_password_once(
    client: Client, nora: Any, other_record: Any
) -> None:
    """The page shows the MRN-derived username and the password with the hand-over advice;
    the patient is linked, flagged to change it, and the audit entry holds no password."""
    client.force_login(nora)
    response = _create(client, other_record)
    page = response.content.decode()
    password = _shown_password(page)
    other_record.refresh_from_db()
    user = other_record.user
    assert (200, "nc0000002", "patient", True) == (
        response.status_code, user.username, user.role, user.must_change_password)
    assert "in person or by phone" in page and "must choose a new password" in page
    assert user.check_password(password)
    entry = AuditEntry.objects.get(action="netcare.account.portal_account_created")
    assert (nora, other_record.pk) == (entry.user, entry.patient_id)
    assert password not in str(entry.detail)


def test_the_patient_signs_in_changes_the_password_then_lands_on_the_portal(
    client: Client, nora: Any, other_record: Any
) -> None:
    """With the one-time password the patient is held on the password-change page (any other
    page sends them back) until they choose their own; then they reach the portal."""
    user, password = create_portal_account(other_record, by=nora)
    patient = Client()
    login = patient.post("/accounts/login/", {"username": "nc0000002", "password": password})
    assert 302 == login.status_code
    assert "/accounts/password/" == patient.get(login.url).url
    assert "/accounts/password/" == patient.get("/portal/").url
    assert 200 == patient.get("/accounts/password/").status_code
    new = "a-Long-new-passphrase-42"
    changed = patient.post("/accounts/password/", {
        "old_password": password, "new_password1": new, "new_password2": new})
    assert 302 == changed.status_code
    user.refresh_from_db()
    assert not user.must_change_password
    landing = patient.get("/accounts/home/", follow=True)
    assert (200, "/portal/") == (landing.status_code, landing.request["PATH_INFO"])


def test_a_physician_gets_404_and_nothing_is_created(
    client: Client, sam: Any, other_record: Any
) -> None:
    """A physician may see the chart but not create a sign-in: 404, no account, no button."""
    client.force_login(sam)
    chart = client.get(f"/patients/{other_record.pk}/").content.decode()
    assert "Create portal sign-in" not in chart
    assert 404 == _create(client, other_record).status_code
    other_record.refresh_from_db()
    assert other_record.user is None
    with pytest.raises(PermissionDenied):
        create_portal_account(other_record, by=sam)


def test_a_second_creation_is_refused_with_a_clear_message(
    client: Client, nora: Any, other_record: Any
) -> None:
    """Once the patient has a sign-in, another attempt changes nothing and says why."""
    user, _ = create_portal_account(other_record, by=nora)
    with pytest.raises(ValidationError) as refused:
        create_portal_account(other_record, by=nora)
    assert "already has a portal sign-in" in " ".join(refused.value.messages)
    client.force_login(nora)
    page = _create(client, other_record)
    assert f"/patients/{other_record.pk}/" == page.url
    followed = client.get(page.url).content.decode()
    assert "already has a portal sign-in" in followed
    other_record.refresh_from_db()
    assert user == other_record.user
    assert 1 == AuditEntry.objects.filter(action="netcare.account.portal_account_created").count()
