"""Registry of audit action codes (dotted, `netcare.<area>.<event>`)."""

PATIENT_VIEWED = "netcare.patient.viewed"
PATIENT_CREATED = "netcare.patient.created"
PATIENT_UPDATED = "netcare.patient.updated"
PATIENT_LIST_VIEWED = "netcare.patient.list_viewed"
PATIENT_SEARCHED = "netcare.patient.searched"
AUDIT_VIEWED = "netcare.audit.viewed"
LOGIN_SUCCEEDED = "netcare.account.login"
LOGIN_FAILED = "netcare.account.login_failed"
ACCOUNT_LOCKED = "netcare.account.locked"
LOGOUT = "netcare.account.logout"
PASSWORD_CHANGED = "netcare.account.password_changed"  # noqa: S105 (an audit code)
PORTAL_ACCOUNT_CREATED = "netcare.account.portal_account_created"
# Accounts in the admin (users and roles).
ACCOUNT_CREATED = "netcare.account.created"
ACCOUNT_CHANGED = "netcare.account.changed"
ACCOUNT_REMOVED = "netcare.account.removed"  # not offered: an account is deactivated instead
ACCOUNT_LIST_VIEWED = "netcare.account.list_viewed"
API_PATIENT_READ = "netcare.api.patient_read"
CALCULATOR_RUN = "netcare.calculator.run"
REFERRAL_SUBMITTED = "netcare.referral.submitted"
REFERRAL_REFUSED = "netcare.referral.refused"
REFERRAL_QUEUE_VIEWED = "netcare.referral.queue_viewed"
REFERRAL_LIST_VIEWED = "netcare.referral.list_viewed"  # a referrer's own referrals
REFERRAL_VIEWED = "netcare.referral.viewed"
REFERRAL_TRIAGED = "netcare.referral.triaged"
REFERRAL_CONVERTED = "netcare.referral.converted"
REFERRAL_DOCUMENT_DOWNLOADED = "netcare.referral.document_downloaded"
# Documents of a referral form sent back, kept for it until it is sent again (or expired).
REFERRAL_DOCUMENTS_HELD = "netcare.referral.documents_held"
REFERRAL_HELD_DOCUMENTS_EXPIRED = "netcare.referral.held_documents_expired"
# Files not kept for forms sent back: over the per-address or the total cap (counts only).
REFERRAL_DOCUMENTS_NOT_HELD = "netcare.referral.documents_not_held"
# Files of held documents left without their row (a sending undone), deleted by the clean-up.
REFERRAL_HELD_ORPHAN_FILES_DELETED = "netcare.referral.held_orphan_files_deleted"
APPOINTMENT_REQUESTED = "netcare.appointment.requested"
APPOINTMENT_CONFIRMED = "netcare.appointment.confirmed"
APPOINTMENT_CANCELLED = "netcare.appointment.cancelled"
APPOINTMENT_RESCHEDULED = "netcare.appointment.rescheduled"
APPOINTMENT_LIST_VIEWED = "netcare.appointment.list_viewed"
APPOINTMENT_COMPLETED = "netcare.appointment.completed"
AVAILABILITY_ADDED = "netcare.availability.added"
AVAILABILITY_REMOVED = "netcare.availability.removed"
AVAILABILITY_CHANGED = "netcare.availability.changed"  # in the admin
REMINDER_SENT = "netcare.appointment.reminder_sent"
WORKUP_ORDER_PLACED = "netcare.workup.order_placed"
WORKUP_ORDER_CANCELLED = "netcare.workup.order_cancelled"
WORKUP_RESULT_RECORDED = "netcare.workup.result_recorded"
WORKUP_RESULT_CORRECTED = "netcare.workup.result_corrected"
WORKUP_RESULT_RELEASED = "netcare.workup.result_released"
WORKUP_RESULT_VIEWED = "netcare.workup.result_viewed"
TUMOR_COMPUTED = "netcare.tumor.computed"
TUMOR_OVERRIDDEN = "netcare.tumor.overridden"
TUMOR_OPENED = "netcare.tumor.opened"
TREATMENT_RECORDED = "netcare.treatment.recorded"
TREATMENT_ADMINISTERED = "netcare.treatment.administered"
TREATMENT_STOPPED = "netcare.treatment.stopped"
SURVEILLANCE_PLAN_GENERATED = "netcare.surveillance.plan_generated"
FOLLOW_UP_SCHEDULED = "netcare.surveillance.follow_up_scheduled"
FOLLOW_UP_COMPLETED = "netcare.surveillance.follow_up_completed"
FOLLOW_UP_WORKLIST_VIEWED = "netcare.surveillance.worklist_viewed"
BOARD_SERIES_CREATED = "netcare.board.series_created"
BOARD_MEETINGS_GENERATED = "netcare.board.meetings_generated"
BOARD_MEETING_CANCELLED = "netcare.board.meeting_cancelled"
BOARD_CASE_SUBMITTED = "netcare.board.case_submitted"
BOARD_CASE_WITHDRAWN = "netcare.board.case_withdrawn"
BOARD_AGENDA_ORDERED = "netcare.board.agenda_ordered"
BOARD_CASE_PRESENTED = "netcare.board.case_presented"
BOARD_CASE_NOTES = "netcare.board.case_notes"
BOARD_CASE_SUMMARY_VIEWED = "netcare.board.case_summary_viewed"
BOARD_CASE_PDF_DOWNLOADED = "netcare.board.case_pdf_downloaded"
BOARD_ATTENDANCE_RECORDED = "netcare.board.attendance_recorded"
BOARD_RECOMMENDATION_RECORDED = "netcare.board.recommendation_recorded"
BOARD_RECOMMENDATION_SIGNED_OFF = "netcare.board.recommendation_signed_off"
BOARD_METRICS_VIEWED = "netcare.board.metrics_viewed"
BOARD_RECOMMENDATION_AMENDED = "netcare.board.recommendation_amended"
BOARD_CASES_MOVED = "netcare.board.cases_moved"
PRRT_COURSE_STARTED = "netcare.prrt.course_started"
PRRT_CHECKLIST_RECORDED = "netcare.prrt.checklist_recorded"
PRRT_LABS_RECORDED = "netcare.prrt.labs_recorded"
PRRT_DOSE_DECIDED = "netcare.prrt.dose_decided"
PRRT_DOSE_ORDERED = "netcare.prrt.dose_ordered"
PRRT_DOSE_ADMINISTERED = "netcare.prrt.dose_administered"
PRRT_OCTREOTIDE_RECORDED = "netcare.prrt.octreotide_recorded"
PET_REQUESTED = "netcare.pet.requested"
NUCLEAR_DEPARTMENT_UPDATED = "netcare.nuclear.department_updated"
NUCLEAR_PLAN_REQUESTED = "netcare.nuclear.plan_requested"
NUCLEAR_PLAN_EDITED = "netcare.nuclear.plan_edited"
NUCLEAR_PLAN_ACCEPTED = "netcare.nuclear.plan_accepted"
NUCLEAR_BOOKING_CANCELLED = "netcare.nuclear.booking_cancelled"
NUCLEAR_REPLAN_PROPOSED = "netcare.nuclear.replan_proposed"
PRRT_COURSE_STOPPED = "netcare.prrt.course_stopped"
PRRT_POST_IMAGING_RECORDED = "netcare.prrt.post_imaging_recorded"
PROGRAM_SETTINGS_CHANGED = "netcare.program.settings_changed"
PROGRAM_PAGE_ADDED = "netcare.program.page_added"
PROGRAM_PAGE_CHANGED = "netcare.program.page_changed"
PROGRAM_PAGE_REMOVED = "netcare.program.page_removed"


#: Words of the codes written in capitals wherever people read them.
_CAPITALS = {"api": "API", "pet": "PET", "prrt": "PRRT"}


def in_words(code: str) -> str:
    """An action code as an auditor reads it (the audit list shows this, not the code):
    "netcare.patient.list_viewed" → "Patient list viewed"; "netcare.prrt.dose_ordered" →
    "PRRT dose ordered". Unknown shapes come back as given."""
    parts = code.split(".")
    if len(parts) < 3 or parts[0] != "netcare":
        return code
    words = [_CAPITALS.get(word, word) for word in "_".join(parts[1:]).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]
