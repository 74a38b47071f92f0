"""The upgrade that makes slots claim the patient (migration scheduling 0004) runs over a
database that already double-booked a patient: both visits stay, the one booked first holds
the patient's claim, and staff can still move the other."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from netcare.scheduling.actions import reschedule_appointment
from netcare.scheduling.models import Appointment, AppointmentSlot
from tests.scheduling.conftest import local


def test_the_upgrade_keeps_both_visits_and_gives_the_first_the_patients_claim(
        transactional_db: Any, sam_weekdays: Any, sid_weekdays: Any, pat_record: Any,
        other_record: Any, nora: Any) -> None:
    """Before the upgrade Pat was booked with Sam and with Sid on Wednesday 09:00; Omar with
    Sam at 10:00. Afterwards all three visits stand, Sam's 09:00 visit and Omar's claim their
    patients, Sid's (booked second) does not, and moving it to 11:00 claims Pat again."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("scheduling", "0003_appointment_change_old_clinician")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldAppointment = old.get_model("scheduling", "Appointment")
    OldSlot = old.get_model("scheduling", "AppointmentSlot")
    visits = []
    for patient, clinician, start in ((pat_record, sam_weekdays, local(4, 9)),
                                      (pat_record, sid_weekdays, local(4, 9)),
                                      (other_record, sam_weekdays, local(4, 10))):
        visit = OldAppointment.objects.create(
            patient_id=patient.pk, clinician_id=clinician.pk, discipline="surgery",
            kind="follow_up", starts_at=start, ends_at=start + timedelta(minutes=30),
            status="confirmed")
        OldSlot.objects.bulk_create([
            OldSlot(appointment_id=visit.pk, clinician_id=clinician.pk,
                    starts_at=start + timedelta(minutes=minutes)) for minutes in (0, 15)])
        visits.append(visit.pk)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    claims = {pk: set(AppointmentSlot.objects.filter(appointment_id=pk)
                      .values_list("patient_id", flat=True)) for pk in visits}
    assert [{pat_record.pk}, {None}, {other_record.pk}] == [claims[pk] for pk in visits]
    assert 3 == Appointment.objects.filter(status="confirmed").count()
    moved = reschedule_appointment(Appointment.objects.get(pk=visits[1]),
                                   starts_at=local(4, 11), by=nora, reason="one visit a time")
    assert {pat_record.pk} == set(moved.slots.values_list("patient_id", flat=True))
