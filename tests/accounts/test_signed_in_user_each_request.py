"""Each request reads its user afresh (the precompiled query of `NetcareBackend`): a changed
role, a deactivated account or a vanished user shows on the very next page."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.accounts.backends import load_user
from netcare.accounts.models import User


def test_signed_in_navigator_sees_the_patient_list_as_herself(client: Client, nora: Any) -> None:
    client.force_login(nora)
    page = client.get("/patients/").content.decode()
    assert "nora · Nurse navigator" in page


def test_a_role_changed_by_the_administrator_applies_on_the_next_page(
    client: Client, nora: Any
) -> None:
    """Nora becomes a referring physician: the patient list is gone for her at once."""
    client.force_login(nora)
    assert 200 == client.get("/patients/").status_code
    User.objects.filter(pk=nora.pk).update(role="referring_physician")
    assert 404 == client.get("/patients/").status_code


def test_a_deactivated_account_is_signed_out_on_its_next_request(client: Client, nora: Any) -> None:
    client.force_login(nora)
    User.objects.filter(pk=nora.pk).update(is_active=False)
    response = client.get("/patients/")
    assert 302 == response.status_code
    assert response.url.startswith("/accounts/login/")


def test_a_session_naming_a_deleted_user_is_anonymous(client: Client, nora: Any) -> None:
    client.force_login(nora)
    User.objects.filter(pk=nora.pk).delete()
    assert client.get("/patients/").url.startswith("/accounts/login/")


def test_the_loaded_user_has_every_field_the_orm_would_give(sam: Any) -> None:
    """Same values, types included (dates as aware datetimes, booleans as booleans)."""
    client = Client()
    client.force_login(sam)  # sets last_login
    expected = User.objects.get(pk=sam.pk)
    loaded = load_user(str(sam.pk))
    assert loaded is not None
    for field in User._meta.concrete_fields:
        value = getattr(loaded, field.attname)
        assert value == getattr(expected, field.attname), field.name
        assert type(value) is type(getattr(expected, field.attname)), field.name
    assert loaded.discipline == "surgery"
    assert loaded._state.adding is False
    assert load_user(str(sam.pk + 1000)) is None
