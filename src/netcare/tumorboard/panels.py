"""Chart panel: the patient's tumor board cases and recommendations, and the discussions the
record holds from before netcare's board (imported or seeded history)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

from django.db.models import BigIntegerField, CharField, DateField, F, Value
from django.db.models.functions import Cast
from django.http import HttpRequest

from netcare.accounts.policy import Action, can
from netcare.patients.models import Patient

#: How many board items the panel lists (cases and earlier discussions together).
PANEL_ITEMS = 10
_COLUMNS = ("b_when", "b_case", "b_status", "b_title", "b_text", "b_due")


class BoardItem(NamedTuple):
    """One line of the panel: a board case (`case_id` set), or a discussion the record holds
    without one (`title`: the timeline entry's; `text`: its summary)."""

    when: datetime
    case_id: int | None
    status: str
    title: str  # a case: its question
    text: str  # a case: its recommendation, if recorded
    due_on: date | None  # a case: when its recommendation is due

    @property
    def status_label(self) -> str:
        from netcare.tumorboard.models import CaseStatus

        return str(dict(CaseStatus.choices).get(self.status, self.status))


def board_cases_panel(request: HttpRequest, patient: Patient) -> dict[str, Any] | None:
    """Staff only. One query.

    A discussion the record holds without a board case (history from before netcare's board,
    e.g. the seeded cohort's) is listed too: the timeline shows it, and a panel saying "not
    discussed" beside it would tell the surgeon the opposite of the chart. One UNION, not a
    second query: the chart's query count is bounded (tests/surveillance)."""
    if not can(request.user, Action.VIEW_TUMOR_BOARD):
        return None
    from netcare.patients.models import TimelineEntry, TimelineKind
    from netcare.tumorboard.models import BoardCase

    cases = (BoardCase.objects.filter(patient=patient).exclude(status="withdrawn")
             .annotate(b_when=F("meeting__starts_at"), b_case=F("id"), b_status=F("status"),
                       b_title=F("question"), b_text=F("recommendation__text"),
                       b_due=F("recommendation__due_on"))
             .order_by().values_list(*_COLUMNS))
    # The board's own entries (submissions, recommendations) stand for the cases above.
    earlier = (TimelineEntry.objects.filter(patient=patient, kind=TimelineKind.BOARD)
               .exclude(source_type__startswith="tumorboard.")
               .annotate(b_when=F("occurred_at"),
                         b_case=Cast(Value(None), output_field=BigIntegerField()),
                         b_status=Cast(Value(""), output_field=CharField()),
                         b_title=F("title"), b_text=F("summary"),
                         b_due=Cast(Value(None), output_field=DateField()))
               .order_by().values_list(*_COLUMNS))
    rows = cases.union(earlier, all=True).order_by("-b_when")[:PANEL_ITEMS]
    items = [BoardItem(when, case, status, title or "", text or "", due)
             for when, case, status, title, text, due in rows]
    return {"template": "tumorboard/_chart_panel.html", "items": items,
            "patient": patient, "can_submit": can(request.user, Action.SUBMIT_BOARD_CASE)}
