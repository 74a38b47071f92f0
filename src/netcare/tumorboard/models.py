"""The multidisciplinary tumor board (issue "The multidisciplinary tumor board").

A *series* is a recurring board (weekly at a local time in the program's zone); it generates
*meetings* (instants stored in UTC). Physicians, navigators and the coordinator submit *cases*
(one open case per patient per meeting); the coordinator orders the agenda, records
*attendance* per discipline, and the board's consensus *recommendation* becomes a task for its
owner, followed until the matching appointment, order or treatment appears on the chart.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from netcare.accounts.models import Discipline
from netcare.patients.models import Patient
from netcare.treatments.models import KIND_CHOICES

#: The quorum by default: every discipline of the program's board (configurable per meeting).
ALL_DISCIPLINES = [d.value for d in Discipline]


def default_quorum() -> list[str]:
    return list(ALL_DISCIPLINES)


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class BoardSeries(models.Model):
    """A recurring board: every week on `weekday` at `local_time` in the program's zone."""

    name = models.CharField(max_length=120)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    local_time = models.TimeField(help_text="local time in the program's time zone")
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", default=60)
    case_cap = models.PositiveSmallIntegerField(default=10)
    cutoff_hours = models.PositiveSmallIntegerField(
        "submission cut-off (hours)", default=48,
        help_text="submissions close this many hours before the meeting"
    )
    virtual_link = models.URLField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "board series"
        constraints = [
            models.CheckConstraint(name="board_series_cap_positive", condition=Q(case_cap__gte=1)),
            models.CheckConstraint(name="board_series_weekday_valid",
                                   condition=Q(weekday__gte=0, weekday__lte=6)),
        ]

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    """One board meeting. `starts_at` and `submission_cutoff` are UTC instants."""

    series = models.ForeignKey(BoardSeries, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="meetings")
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", default=60)
    case_cap = models.PositiveSmallIntegerField(default=10)
    submission_cutoff = models.DateTimeField()
    virtual_link = models.URLField(blank=True)
    quorum_disciplines = models.JSONField(default=default_quorum)
    status = models.CharField(max_length=12, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED)
    cancel_reason = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "starts_at"],
                                    condition=Q(series__isnull=False),
                                    name="board_meeting_once_per_series_slot"),
            models.CheckConstraint(name="board_meeting_cap_positive", condition=Q(case_cap__gte=1)),
            models.CheckConstraint(name="board_meeting_cutoff_before_start",
                                   condition=Q(submission_cutoff__lte=F("starts_at"))),
            models.CheckConstraint(name="board_meeting_cancel_has_reason",
                                   condition=~Q(status="cancelled") | ~Q(cancel_reason="")),
        ]
        indexes = [
            # Board home and the case form: upcoming meetings in time order.
            models.Index(fields=["status", "starts_at"], name="board_meeting_upcoming_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M} UTC)"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    PRESENTED = "presented", "Presented"
    DECIDED = "decided", "Recommendation recorded"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_CASE_STATUSES = [CaseStatus.SUBMITTED, CaseStatus.PRESENTED, CaseStatus.DECIDED]


class BoardCase(models.Model):
    """A patient on a meeting's agenda with a clinical question.

    `snapshot` and `decision_support` are frozen when the case is presented (what the board
    saw); before that the summary is assembled live from the chart.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="cases")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="board_cases")
    question = models.TextField(max_length=2000)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    presenter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="presented_board_cases")
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=12, choices=CaseStatus.choices,
                              default=CaseStatus.SUBMITTED)
    referred_on = models.DateField(null=True, blank=True,
                                   help_text="the patient's first referral (for the metrics)")
    presented_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True)
    decision_support = models.JSONField(null=True, blank=True)
    #: Chart context the snapshot does not carry (marker series), frozen with it.
    chart_extras = models.JSONField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "patient"],
                                    condition=~Q(status="withdrawn"),
                                    name="board_case_one_open_per_patient_meeting"),
            models.CheckConstraint(name="board_case_presented_is_frozen",
                                   condition=Q(status="submitted") | Q(status="withdrawn")
                                   | Q(snapshot__isnull=False, presented_at__isnull=False)),
        ]
        indexes = [
            # The agenda: a meeting's cases in order.
            models.Index(fields=["meeting", "position", "id"], name="board_case_agenda_idx"),
            # The chart panel and prior recommendations: a patient's cases.
            models.Index(fields=["patient", "submitted_at"], name="board_case_patient_idx"),
        ]

    def __str__(self) -> str:
        return f"Board case {self.pk}: {self.patient}"

    @property
    def is_frozen(self) -> bool:
        return self.snapshot is not None


class Attendance(models.Model):
    """Who attended a meeting, in which discipline (physicians carry theirs)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    discipline = models.CharField(max_length=40, choices=Discipline.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="board_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at meeting {self.meeting_id}"


class FollowUpKind(models.TextChoices):
    """What must appear on the chart for the recommendation to count as carried out."""

    TREATMENT = "treatment", "Treatment"
    APPOINTMENT = "appointment", "Appointment"
    WORKUP = "workup", "Workup (imaging, laboratory, pathology)"
    REDISCUSS = "rediscuss", "Re-discussion at the board"


#: TimelineEntry kinds that carry out each follow-up kind (an entry of the patient dated on or
#: after the board date; for a re-discussion, a board entry other than this case's own).
#: A planned follow-up ("follow_up" entries) is not an appointment that took place: "visit" only.
FOLLOW_UP_TIMELINE_KINDS: dict[str, tuple[str, ...]] = {
    FollowUpKind.TREATMENT: ("treatment", "prrt"),
    FollowUpKind.APPOINTMENT: ("visit",),
    FollowUpKind.WORKUP: ("imaging", "pet", "lab", "pathology", "endoscopy"),
    FollowUpKind.REDISCUSS: ("board",),
}


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Soon (within 2 weeks)"
    URGENT = "urgent", "Urgent"


#: The treatment kinds as the chart names them ("Octreotide LAR", "PRRT (Lu-177 dotatate)").
TREATMENT_KIND_CHOICES = KIND_CHOICES


class Recommendation(models.Model):
    """The board's consensus for one case, and the task it gives its owner."""

    case = models.OneToOneField(BoardCase, on_delete=models.PROTECT,
                                related_name="recommendation")
    follow_up_kind = models.CharField("recommended action", max_length=12,
                                      choices=FollowUpKind.choices)
    treatment_kind = models.CharField(max_length=30, choices=TREATMENT_KIND_CHOICES, blank=True,
                                      help_text="for a treatment recommendation")
    option_code = models.CharField(max_length=80, blank=True,
                                   help_text="the decision-support option discussed, if any")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="board_tasks")
    due_on = models.DateField()
    text = models.TextField(max_length=4000)
    dissent = models.TextField(max_length=2000, blank=True)
    board_date = models.DateField(help_text="the meeting's local date (follow-through from it)")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    #: 1 for the recommendation as recorded; each amendment adds one (earlier versions are kept
    #: as RecommendationVersion rows) and needs a new sign-off.
    version = models.PositiveSmallIntegerField(default=1)
    amend_reason = models.CharField(max_length=300, blank=True,
                                    help_text="why this version replaced the previous one")

    class Meta:
        constraints = [
            models.CheckConstraint(name="board_recommendation_amendment_has_reason",
                                   condition=Q(version=1) | ~Q(amend_reason="")),
            models.CheckConstraint(name="board_recommendation_due_after_board",
                                   condition=Q(due_on__gte=F("board_date"))),
            models.CheckConstraint(
                name="board_recommendation_treatment_kind_only_for_treatment",
                condition=Q(follow_up_kind="treatment") | Q(treatment_kind=""),
            ),
            models.CheckConstraint(
                name="board_recommendation_signed_off_together",
                condition=Q(signed_off_by__isnull=True, signed_off_at__isnull=True)
                | Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
            ),
        ]
        indexes = [
            # An owner's task list, soonest due first.
            models.Index(fields=["owner", "due_on"], name="board_task_owner_idx"),
            # Metrics: recommendations by board date.
            models.Index(fields=["board_date"], name="board_reco_board_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_follow_up_kind_display()} for case {self.case_id}, due {self.due_on}"

    @property
    def option_title(self) -> str:
        """The decision-support option discussed, by the title the board saw; its code only
        when the case's options no longer list it."""
        if not self.option_code:
            return ""
        options = (self.case.decision_support or {}).get("options", [])
        return next((str(o["title"]) for o in options if o.get("code") == self.option_code),
                    self.option_code)


class RecommendationVersion(models.Model):
    """A superseded version of a recommendation, kept readable as the board recorded it.

    Written only by `actions.amend_recommendation`, which copies the current content here and
    then replaces it on the Recommendation (whose `version` goes up by one).
    """

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT,
                                       related_name="superseded_versions")
    version = models.PositiveSmallIntegerField()
    follow_up_kind = models.CharField("recommended action", max_length=12,
                                      choices=FollowUpKind.choices)
    treatment_kind = models.CharField(max_length=30, choices=TREATMENT_KIND_CHOICES, blank=True)
    option_code = models.CharField(max_length=80, blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    due_on = models.DateField()
    text = models.TextField(max_length=4000)
    dissent = models.TextField(max_length=2000, blank=True)
    amend_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+")
    superseded_at = models.DateTimeField()
    superseded_reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["recommendation", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "version"],
                                    name="board_reco_version_once"),
            models.CheckConstraint(name="board_reco_version_superseded_has_reason",
                                   condition=~Q(superseded_reason="")),
        ]

    def __str__(self) -> str:
        return f"Version {self.version} of recommendation {self.recommendation_id} (superseded)"
