"""The named cast of the test world: one user per role, and two patients.

- pat: a patient (Pat Example) who owns `pat_record`; cannot see `other_record`.
- rita: a referring physician (no access to the program's charts).
- nora: a nurse navigator.   sam: a surgeon.   paula: a pathologist.
- cora: the tumor board coordinator.   theo: a nuclear-medicine technologist.
- ada: a program administrator.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

PASSWORD = "correct-horse-battery"


def _make_user(username: str, role: str, discipline: str = "", **extra: Any) -> Any:
    from netcare.accounts.models import User

    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        discipline=discipline,
        first_name=username.title(),
        last_name="Test",
        **extra,
    )


@pytest.fixture
def pat(db: Any) -> Any:
    return _make_user("pat", "patient")


@pytest.fixture
def rita(db: Any) -> Any:
    return _make_user("rita", "referring_physician")


@pytest.fixture
def nora(db: Any) -> Any:
    return _make_user("nora", "navigator")


@pytest.fixture
def sam(db: Any) -> Any:
    return _make_user("sam", "physician", "surgery")


@pytest.fixture
def paula(db: Any) -> Any:
    return _make_user("paula", "physician", "pathology")


@pytest.fixture
def cora(db: Any) -> Any:
    return _make_user("cora", "coordinator")


@pytest.fixture
def theo(db: Any) -> Any:
    return _make_user("theo", "nuclear_medicine_staff")


@pytest.fixture
def ada(db: Any) -> Any:
    return _make_user("ada", "administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def pat_record(pat: Any) -> Any:
    from netcare.patients.models import Patient

    return Patient.objects.create(
        mrn="NC0000001",
        first_name="Pat",
        last_name="Example",
        date_of_birth=date(1961, 4, 2),
        sex="female",
        phone="555-0142",
        user=pat,
    )


@pytest.fixture
def other_record(db: Any) -> Any:
    from netcare.patients.models import Patient

    return Patient.objects.create(
        mrn="NC0000002",
        first_name="Omar",
        last_name="Other",
        date_of_birth=date(1955, 9, 30),
        sex="male",
    )


@pytest.fixture
def cast(
    pat: Any, rita: Any, nora: Any, sam: Any, paula: Any, cora: Any, theo: Any, ada: Any
) -> dict[str, Any]:
    """Every role's user, by role value (physician: the surgeon)."""
    return {
        "patient": pat,
        "referring_physician": rita,
        "navigator": nora,
        "physician": sam,
        "coordinator": cora,
        "nuclear_medicine_staff": theo,
        "administrator": ada,
    }
