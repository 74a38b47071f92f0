"""`netcare demo` sets up a fictional program once, with something to do for every role."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command

from netcare.accounts.models import Role, User
from netcare.nuclear.models import PetRequest, PrrtCourse
from netcare.patients.models import Patient
from netcare.referrals.models import Referral
from netcare.tumorboard.models import BoardCase


def test_demo_prints_one_login_per_role_and_a_rerun_reuses_everything(db: Any) -> None:
    """Every role has a login; the navigator has new referrals; the board has an agenda."""
    out = StringIO()
    call_command("demo", "--no-serve", "--patients", "30", stdout=out, stderr=StringIO())
    printed = out.getvalue()
    for role in Role:
        assert role.label in printed, role
    assert "netcare-demo-2026" in printed
    counts = (
        Patient.objects.count(),
        Referral.objects.filter(status="new").count(),
        BoardCase.objects.count(),
        User.objects.count(),
    )
    call_command("demo", "--no-serve", "--patients", "30", stdout=StringIO(), stderr=StringIO())
    assert counts == (
        Patient.objects.count(),
        Referral.objects.filter(status="new").count(),
        BoardCase.objects.count(),
        User.objects.count(),
    )
    assert 30 == counts[0]
    assert 8 == counts[1]
    assert 4 == counts[2]
    assert Patient.objects.filter(user__username="patient").exists()
    assert (12, 1) == (PetRequest.objects.count(), PrrtCourse.objects.count())
