"""Django's admin holds the program's configuration, not its clinical data: every registered
model that holds patient data is read-only there (and its pages write the audit entry), and
every model the admin may change is configuration whose changes are audited. A registration
added later that breaks either fails here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.test import RequestFactory

from netcare.patients.models import Patient
from netcare.program.admin import ProgramSettingsAdmin
from netcare.program.admin_base import AuditedAdmin

# The areas whose every table is clinical or patient-owned (besides any table that reaches a
# patient through its foreign keys), and the one configuration table among them.
CLINICAL_APPS = {"patients", "referrals", "scheduling", "portal", "workup", "tumors",
                 "treatments", "surveillance", "nuclear", "tumorboard"}
CONFIGURATION_IN_CLINICAL_APPS = {"scheduling.ClinicianAvailability"}

# What the program administrator changes in the admin, each change audited.
CONFIGURATION = {"accounts.User", "program.ProgramPage", "program.ProgramSettings",
                 "scheduling.ClinicianAvailability"}
# Read-only pages that show patient data and write the audit entry on every view (each has
# its own test of that entry: tests/audit/test_reading_the_audit_trail_in_the_admin_is_audited).
READ_ONLY_AND_AUDITED = {"audit.AuditEntry"}


def _reaches_a_patient(model: Any, hops: int = 3) -> bool:
    if model is Patient:
        return True
    if hops == 0:
        return False
    return any(_reaches_a_patient(field.related_model, hops - 1)
               for field in model._meta.get_fields()
               if field.concrete and (field.many_to_one or field.one_to_one)
               and field.related_model is not None)


def _holds_patient_data(model: Any) -> bool:
    label = model._meta.label
    if label in CONFIGURATION_IN_CLINICAL_APPS:
        return False
    return model._meta.app_label in CLINICAL_APPS or _reaches_a_patient(model)


def _may(model_admin: admin.ModelAdmin[Any], user: Any) -> set[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    checks = {"add": model_admin.has_add_permission(request),
              "change": model_admin.has_change_permission(request),
              "delete": model_admin.has_delete_permission(request)}
    return {name for name, allowed in checks.items() if allowed}


def test_the_check_knows_clinical_tables_when_it_sees_them() -> None:
    """The rule below is not vacuous: it recognises the patient, an appointment's history, a
    board case and an audit entry, and not a program page or a clinic's hours."""
    from django.apps import apps

    holds = {label: _holds_patient_data(apps.get_model(label)) for label in (
        "patients.Patient", "scheduling.AppointmentChange", "tumorboard.BoardCase",
        "audit.AuditEntry", "program.ProgramPage", "scheduling.ClinicianAvailability")}
    assert {"patients.Patient": True, "scheduling.AppointmentChange": True,
            "tumorboard.BoardCase": True, "audit.AuditEntry": True,
            "program.ProgramPage": False, "scheduling.ClinicianAvailability": False} == holds


def test_no_model_holding_patient_data_can_be_added_changed_or_deleted_in_the_admin(
        ada: Any) -> None:
    """Every registered model that is clinical or reaches a patient: the program
    administrator may not add, change or delete it there (the actions are the way)."""
    editable = {model._meta.label: _may(model_admin, ada)
                for model, model_admin in admin.site._registry.items()
                if _holds_patient_data(model)}
    assert {} == {label: may for label, may in editable.items() if may}


def test_only_the_audit_trail_shows_patient_data_in_the_admin() -> None:
    """A read-only page of patient data must write the entry the application's page writes;
    only the audit trail's does, so no other such model is registered."""
    shown = {model._meta.label for model in admin.site._registry if _holds_patient_data(model)}
    assert READ_ONLY_AND_AUDITED == shown


def test_what_the_admin_changes_is_configuration_whose_changes_are_audited(ada: Any) -> None:
    """The models the program administrator may change there are users, program pages and
    settings and clinic hours, each through an admin that writes the audit entry."""
    editable = {model._meta.label: model_admin
                for model, model_admin in admin.site._registry.items()
                if _may(model_admin, ada)}
    assert CONFIGURATION == set(editable)
    assert [] == [label for label, model_admin in editable.items()
                  if not isinstance(model_admin, AuditedAdmin | ProgramSettingsAdmin)]


def test_the_admin_lists_no_model_of_django_s_groups() -> None:
    """Roles are the policy's; Django's groups and permissions decide nothing in netcare."""
    from django.contrib.auth.models import Group, Permission

    assert not any(model in admin.site._registry for model in (Group, Permission))
