"""Which role may do what. The one place role decisions live; views ask `can(user, action)`.

Tested as a role × action matrix in tests/accounts/test_policy_matrix.py. Relations to a
particular patient (a patient sees only their own record) are checked by the access helpers in
`netcare.patients.access`, which call this module first.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from netcare.accounts.models import Role


class Action(StrEnum):
    VIEW_PATIENT_LIST = "view_patient_list"
    VIEW_ANY_CHART = "view_any_chart"
    VIEW_OWN_CHART = "view_own_chart"
    REGISTER_PATIENT = "register_patient"
    CREATE_PORTAL_ACCOUNT = "create_portal_account"
    EDIT_PATIENT_DEMOGRAPHICS = "edit_patient_demographics"
    RECORD_CLINICAL_RESULT = "record_clinical_result"
    RECORD_PATHOLOGY = "record_pathology"
    TRIAGE_REFERRAL = "triage_referral"
    SUBMIT_REFERRAL = "submit_referral"
    VIEW_OWN_REFERRALS = "view_own_referrals"
    RUN_CALCULATORS = "run_calculators"
    VIEW_CLINICAL_SOURCES = "view_clinical_sources"
    MANAGE_TUMOR_BOARD = "manage_tumor_board"
    SUBMIT_BOARD_CASE = "submit_board_case"
    VIEW_TUMOR_BOARD = "view_tumor_board"
    SIGN_OFF_RECOMMENDATION = "sign_off_recommendation"
    PLAN_NUCLEAR_MEDICINE = "plan_nuclear_medicine"
    RUN_PRRT_CYCLE = "run_prrt_cycle"
    STOP_PRRT_COURSE = "stop_prrt_course"
    DECIDE_PRRT_DOSE = "decide_prrt_dose"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    MANAGE_USERS = "manage_users"
    MANAGE_PROGRAM_SETTINGS = "manage_program_settings"
    USE_ADMIN_SITE = "use_admin_site"
    VIEW_SCHEDULE = "view_schedule"
    MANAGE_APPOINTMENTS = "manage_appointments"
    REQUEST_OWN_APPOINTMENT = "request_own_appointment"
    ORDER_WORKUP = "order_workup"
    RECORD_WORKUP_RESULT = "record_workup_result"
    RELEASE_RESULT = "release_result"
    OVERRIDE_DIAGNOSIS = "override_diagnosis"
    RECORD_TREATMENT = "record_treatment"
    GENERATE_SURVEILLANCE_PLAN = "generate_surveillance_plan"
    MANAGE_FOLLOW_UPS = "manage_follow_ups"


_CLINICAL_STAFF = {Role.NAVIGATOR, Role.PHYSICIAN, Role.COORDINATOR, Role.NUCLEAR_MEDICINE_STAFF}
_ALL_STAFF = _CLINICAL_STAFF | {Role.ADMINISTRATOR}

RULES: dict[Action, frozenset[Role]] = {
    Action.VIEW_PATIENT_LIST: frozenset(_ALL_STAFF),
    Action.VIEW_ANY_CHART: frozenset(_ALL_STAFF),
    Action.VIEW_OWN_CHART: frozenset({Role.PATIENT}),
    Action.REGISTER_PATIENT: frozenset({Role.NAVIGATOR, Role.ADMINISTRATOR}),
    # A registered patient's own portal sign-in (one-time password handed over by staff).
    Action.CREATE_PORTAL_ACCOUNT: frozenset({Role.NAVIGATOR, Role.ADMINISTRATOR}),
    Action.EDIT_PATIENT_DEMOGRAPHICS: frozenset({Role.NAVIGATOR, Role.ADMINISTRATOR}),
    Action.RECORD_CLINICAL_RESULT: frozenset({Role.PHYSICIAN, Role.NUCLEAR_MEDICINE_STAFF}),
    Action.RECORD_PATHOLOGY: frozenset({Role.PHYSICIAN}),
    Action.TRIAGE_REFERRAL: frozenset({Role.NAVIGATOR}),
    Action.SUBMIT_REFERRAL: frozenset({Role.PATIENT, Role.REFERRING_PHYSICIAN, Role.NAVIGATOR}),
    # "My referrals": the referrals a physician sent and where each stands (only their own,
    # checked by the view).
    Action.VIEW_OWN_REFERRALS: frozenset({Role.REFERRING_PHYSICIAN}),
    Action.RUN_CALCULATORS: frozenset(_CLINICAL_STAFF | {Role.REFERRING_PHYSICIAN}),
    # The sources page explains the citations on staff pages, calculator results and what a
    # patient sees of their own care (a released PET result, their follow-up plan), so every
    # signed-in role may open it; it holds no patient data.
    Action.VIEW_CLINICAL_SOURCES: frozenset(_ALL_STAFF | {Role.REFERRING_PHYSICIAN,
                                                          Role.PATIENT}),
    Action.MANAGE_TUMOR_BOARD: frozenset({Role.COORDINATOR}),
    Action.SUBMIT_BOARD_CASE: frozenset({Role.PHYSICIAN, Role.NAVIGATOR, Role.COORDINATOR}),
    # Board pages (agenda, case summaries, own tasks): the program's clinical staff.
    Action.VIEW_TUMOR_BOARD: frozenset(_CLINICAL_STAFF),
    # Only the case's presenting physician, checked in tumorboard.actions.sign_off.
    Action.SIGN_OFF_RECOMMENDATION: frozenset({Role.PHYSICIAN}),
    Action.PLAN_NUCLEAR_MEDICINE: frozenset({Role.NUCLEAR_MEDICINE_STAFF}),
    # PRRT courses, checklists, dose orders and administration. netcare has no separate nurse
    # role: the nurse who runs a cycle signs in as nuclear_medicine_staff; physicians may too,
    # but only those of nuclear medicine (can_run_prrt_cycle).
    Action.RUN_PRRT_CYCLE: frozenset({Role.NUCLEAR_MEDICINE_STAFF, Role.PHYSICIAN}),
    # Discontinuing a PRRT course is a physician's clinical decision (nuclear medicine or medical
    # oncology, can_stop_prrt_course); the technologist records doses and logistics only.
    Action.STOP_PRRT_COURSE: frozenset({Role.PHYSICIAN}),
    # Each PRRT dose (give 7.4 or 3.7 GBq, withhold, discontinue) is decided by a physician of
    # nuclear medicine (can_decide_prrt_dose) from the labs and the label table's suggestion;
    # the technologist enters the labs but does not decide.
    Action.DECIDE_PRRT_DOSE: frozenset({Role.PHYSICIAN}),
    Action.VIEW_AUDIT_TRAIL: frozenset({Role.ADMINISTRATOR}),
    Action.MANAGE_USERS: frozenset({Role.ADMINISTRATOR}),
    Action.MANAGE_PROGRAM_SETTINGS: frozenset({Role.ADMINISTRATOR}),
    # Django's admin (/admin/): the program's configuration (users, program pages and settings,
    # clinic hours, the audit trail read-only), never clinical data. Also needs the account's
    # is_staff flag (can_use_admin_site).
    Action.USE_ADMIN_SITE: frozenset({Role.ADMINISTRATOR}),
    Action.VIEW_SCHEDULE: frozenset(_ALL_STAFF),
    Action.MANAGE_APPOINTMENTS: frozenset({Role.NAVIGATOR, Role.COORDINATOR}),
    Action.REQUEST_OWN_APPOINTMENT: frozenset({Role.PATIENT}),
    # Workup: physicians order and record; PET is RECORD_CLINICAL_RESULT (nuclear medicine too);
    # pathology is RECORD_PATHOLOGY plus the pathology discipline (can_record_pathology).
    Action.ORDER_WORKUP: frozenset({Role.PHYSICIAN}),
    Action.RECORD_WORKUP_RESULT: frozenset({Role.PHYSICIAN}),
    Action.RELEASE_RESULT: frozenset({Role.PHYSICIAN}),
    Action.OVERRIDE_DIAGNOSIS: frozenset({Role.PHYSICIAN}),
    Action.RECORD_TREATMENT: frozenset({Role.PHYSICIAN}),
    Action.GENERATE_SURVEILLANCE_PLAN: frozenset({Role.PHYSICIAN, Role.NAVIGATOR}),
    Action.MANAGE_FOLLOW_UPS: frozenset({Role.NAVIGATOR}),
}


def can(user: Any, action: Action) -> bool:
    """Whether `user` (possibly anonymous or inactive) may perform `action` at all."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in RULES[action]


def can_use_admin_site(user: Any) -> bool:
    """Django's admin answers program administrators whose account is marked staff: the role
    says what the admin is for, the flag lets an administrator's account do without it. A
    staff flag on another role (or a superuser without a role) opens nothing."""
    return can(user, Action.USE_ADMIN_SITE) and bool(getattr(user, "is_staff", False))


def can_record_pathology(user: Any) -> bool:
    """Pathology is recorded by physicians of pathology (and surgery/oncology may not)."""
    return can(user, Action.RECORD_PATHOLOGY) and user.discipline == "pathology"


def can_run_prrt_cycle(user: Any) -> bool:
    """PRRT is run by nuclear-medicine staff and physicians of nuclear medicine only."""
    return can(user, Action.RUN_PRRT_CYCLE) and (
        user.role == Role.NUCLEAR_MEDICINE_STAFF or user.discipline == "nuclear_medicine"
    )


def can_decide_prrt_dose(user: Any) -> bool:
    """A PRRT dose is decided by a physician of nuclear medicine only (the physician who runs
    the cycle and answers for the radiopharmaceutical given)."""
    return can(user, Action.DECIDE_PRRT_DOSE) and user.discipline == "nuclear_medicine"


PRRT_PRESCRIBING_DISCIPLINES = frozenset({"nuclear_medicine", "medical_oncology"})


def can_stop_prrt_course(user: Any) -> bool:
    """A PRRT course is stopped by a physician of nuclear medicine or medical oncology only."""
    return can(user, Action.STOP_PRRT_COURSE) and (
        user.discipline in PRRT_PRESCRIBING_DISCIPLINES
    )
