"""The role × action matrix of netcare.accounts.policy, written out in full."""

from __future__ import annotations

from typing import Any

import pytest

from netcare.accounts.policy import RULES, Action, can

ROLES = [
    "patient",
    "referring_physician",
    "navigator",
    "physician",
    "coordinator",
    "nuclear_medicine_staff",
    "administrator",
]

# One row per action: which roles may do it (X) — the program's intended policy, written out.
MATRIX: dict[Action, str] = {
    #                                   pat ref nav phy coo nuc adm
    Action.VIEW_PATIENT_LIST: "  .   .   X   X   X   X   X",
    Action.VIEW_ANY_CHART: "  .   .   X   X   X   X   X",
    Action.VIEW_OWN_CHART: "  X   .   .   .   .   .   .",
    Action.REGISTER_PATIENT: "  .   .   X   .   .   .   X",
    Action.CREATE_PORTAL_ACCOUNT: "  .   .   X   .   .   .   X",
    Action.EDIT_PATIENT_DEMOGRAPHICS: "  .   .   X   .   .   .   X",
    Action.RECORD_CLINICAL_RESULT: "  .   .   .   X   .   X   .",
    Action.RECORD_PATHOLOGY: "  .   .   .   X   .   .   .",
    Action.TRIAGE_REFERRAL: "  .   .   X   .   .   .   .",
    Action.SUBMIT_REFERRAL: "  X   X   X   .   .   .   .",
    Action.VIEW_OWN_REFERRALS: "  .   X   .   .   .   .   .",
    Action.RUN_CALCULATORS: "  .   X   X   X   X   X   .",
    Action.VIEW_CLINICAL_SOURCES: "  X   X   X   X   X   X   X",
    Action.MANAGE_TUMOR_BOARD: "  .   .   .   .   X   .   .",
    Action.SUBMIT_BOARD_CASE: "  .   .   X   X   X   .   .",
    Action.VIEW_TUMOR_BOARD: "  .   .   X   X   X   X   .",
    Action.SIGN_OFF_RECOMMENDATION: "  .   .   .   X   .   .   .",
    Action.PLAN_NUCLEAR_MEDICINE: "  .   .   .   .   .   X   .",
    Action.RUN_PRRT_CYCLE: "  .   .   .   X   .   X   .",
    Action.STOP_PRRT_COURSE: "  .   .   .   X   .   .   .",
    Action.DECIDE_PRRT_DOSE: "  .   .   .   X   .   .   .",
    Action.VIEW_AUDIT_TRAIL: "  .   .   .   .   .   .   X",
    Action.MANAGE_USERS: "  .   .   .   .   .   .   X",
    Action.MANAGE_PROGRAM_SETTINGS: "  .   .   .   .   .   .   X",
    Action.USE_ADMIN_SITE: "  .   .   .   .   .   .   X",
    Action.VIEW_SCHEDULE: "  .   .   X   X   X   X   X",
    Action.MANAGE_APPOINTMENTS: "  .   .   X   .   X   .   .",
    Action.REQUEST_OWN_APPOINTMENT: "  X   .   .   .   .   .   .",
    Action.ORDER_WORKUP: "  .   .   .   X   .   .   .",
    Action.RECORD_WORKUP_RESULT: "  .   .   .   X   .   .   .",
    Action.RELEASE_RESULT: "  .   .   .   X   .   .   .",
    Action.OVERRIDE_DIAGNOSIS: "  .   .   .   X   .   .   .",
    Action.RECORD_TREATMENT: "  .   .   .   X   .   .   .",
    Action.GENERATE_SURVEILLANCE_PLAN: "  .   .   X   X   .   .   .",
    Action.MANAGE_FOLLOW_UPS: "  .   .   X   .   .   .   .",
}


def test_matrix_covers_every_action() -> None:
    """Every action of the policy has a row in this matrix."""
    assert set(RULES) == set(MATRIX)


@pytest.mark.parametrize("action", list(MATRIX), ids=str)
def test_each_role_may_do_exactly_what_the_matrix_says(
    action: Action, cast: dict[str, Any]
) -> None:
    """For every role, `can` agrees with the matrix."""
    expected = dict(zip(ROLES, (cell == "X" for cell in MATRIX[action].split()), strict=True))
    actual = {role: can(cast[role], action) for role in ROLES}
    assert expected == actual


def test_inactive_users_may_do_nothing(nora: Any) -> None:
    """A deactivated navigator loses every permission at once."""
    nora.is_active = False
    assert [] == [action for action in Action if can(nora, action)]


def test_anonymous_may_do_nothing() -> None:
    """Without signing in, no action is allowed."""
    from django.contrib.auth.models import AnonymousUser

    assert [] == [action for action in Action if can(AnonymousUser(), action)]
