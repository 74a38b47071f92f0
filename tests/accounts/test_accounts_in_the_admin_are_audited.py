"""Users in the admin: every change writes an audit entry (a patient's portal account under
the patient's MRN), a patient's account page writes the "Patient viewed" entry the chart
writes, the list of users is audited like the patient list, and no account is deleted."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.accounts.models import User
from netcare.audit.models import AuditEntry
from tests.conftest import PASSWORD, admin_form_data


def _audit_rows(client: Client, **query: str) -> list[tuple[str, str]]:
    """(user, action in words) of the audit list's rows, as the administrator reads them."""
    return [(e.username, e.action_label) for e in client.get("/audit/", query).context["entries"]]


def test_changing_a_patients_account_email_in_the_admin_is_audited_under_their_mrn(
        client: Client, ada: Any, pat_record: Any) -> None:
    client.force_login(ada)
    url = f"/admin/accounts/user/{pat_record.user_id}/change/"
    response = client.post(url, admin_form_data(client, url, email="pat@example.org"))
    assert 302 == response.status_code
    entry = AuditEntry.objects.get(action="netcare.account.changed")
    assert ({"old": {"email": ""}, "new": {"email": "pat@example.org"}},
            "User", str(pat_record.user_id)) == (entry.detail, entry.object_type, entry.object_id)
    assert ("ada", "Account changed") in _audit_rows(client, mrn="NC0000001")


def test_adding_a_user_in_the_admin_is_audited_without_the_password(client: Client,
                                                                    ada: Any) -> None:
    client.force_login(ada)
    response = client.post("/admin/accounts/user/add/", {
        "username": "nina", "usable_password": "true", "password1": "a-Long-pass-phrase-42",
        "password2": "a-Long-pass-phrase-42", "role": "navigator", "discipline": "",
        "_save": "Save"})
    assert 302 == response.status_code
    nina = User.objects.get(username="nina")
    entry = AuditEntry.objects.get(action="netcare.account.created")
    assert (str(nina.pk), "nina", "navigator") == (
        entry.object_id, entry.detail["new"]["username"], entry.detail["new"]["role"])
    assert "a-Long-pass-phrase-42" not in str(entry.detail)
    assert "(changed)" == entry.detail["new"]["password1"]


def test_setting_a_users_password_in_the_admin_is_audited(client: Client, ada: Any,
                                                          nora: Any) -> None:
    client.force_login(ada)
    response = client.post(f"/admin/accounts/user/{nora.pk}/password/", {
        "password1": "another-Long-phrase-7", "password2": "another-Long-phrase-7",
        "usable_password": "true"})
    assert 302 == response.status_code
    entry = AuditEntry.objects.get(action="netcare.account.changed")
    assert str(nora.pk) == entry.object_id
    assert "another-Long-phrase-7" not in str(entry.detail)


def test_each_page_of_a_patients_account_writes_patient_viewed(client: Client, ada: Any,
                                                               pat_record: Any) -> None:
    """The account, its history and its password page show the patient's name and MRN."""
    client.force_login(ada)
    for page in ("change/", "history/", "password/"):
        assert 200 == client.get(f"/admin/accounts/user/{pat_record.user_id}/{page}").status_code
    assert 3 == AuditEntry.objects.filter(action="netcare.patient.viewed", patient=pat_record,
                                          username="ada").count()
    assert ("ada", "Patient viewed") in _audit_rows(client, mrn="NC0000001")


def test_a_staff_account_page_names_no_patient(client: Client, ada: Any, nora: Any) -> None:
    client.force_login(ada)
    assert 200 == client.get(f"/admin/accounts/user/{nora.pk}/change/").status_code
    assert not AuditEntry.objects.filter(action="netcare.patient.viewed").exists()


def test_the_list_of_users_is_audited_with_its_search(client: Client, ada: Any,
                                                      pat_record: Any) -> None:
    client.force_login(ada)
    assert 200 == client.get("/admin/accounts/user/", {"q": "example"}).status_code
    entry = AuditEntry.objects.get(action="netcare.account.list_viewed")
    assert ("ada", {"q": "example"}) == (entry.username, entry.detail)


def test_no_account_is_deleted_in_the_admin(client: Client, ada: Any, nora: Any) -> None:
    """Clinical records and the audit trail name the account: it is deactivated instead."""
    client.force_login(ada)
    response = client.post(f"/admin/accounts/user/{nora.pk}/delete/", {"post": "yes"})
    assert 403 == response.status_code
    bulk = client.post("/admin/accounts/user/", {"action": "delete_selected",
                                                 "_selected_action": [nora.pk], "post": "yes"})
    assert bulk.status_code in (200, 302)
    assert User.objects.filter(pk=nora.pk).exists()
    assert client.login(username="nora", password=PASSWORD)
