"""Background tasks of scheduling (django.tasks; the immediate backend runs them at once)."""

from __future__ import annotations

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from netcare.audit import codes
from netcare.audit.log import record
from netcare.scheduling.models import Reminder, ReminderStatus


@task()
def send_appointment_reminder(reminder_id: int) -> str:
    """Deliver one queued reminder and mark it sent. Idempotent: a sent or cancelled reminder
    is left alone. Delivery is recording the message (no SMS/email gateway is configured)."""
    with transaction.atomic():
        reminder = (Reminder.objects.select_for_update()
                    .select_related("appointment__patient").filter(pk=reminder_id).first())
        if reminder is None or reminder.status != ReminderStatus.QUEUED:
            return "skipped"
        reminder.status = ReminderStatus.SENT
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["status", "sent_at"])
        record(None, codes.REMINDER_SENT, patient=reminder.appointment.patient, obj=reminder,
               detail={"appointment": reminder.appointment_id})
    return "sent"
