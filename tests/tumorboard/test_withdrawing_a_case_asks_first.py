"""Taking a case off the agenda asks the coordinator to confirm; only the confirmation does it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.tumorboard import actions
from netcare.tumorboard.models import BoardCase


def test_the_meeting_page_links_to_a_confirmation_not_a_one_click_withdrawal(
    client: Client, meeting: Any, nora: Any, cora: Any, pat_record: Any
) -> None:
    case = actions.submit_case(meeting, pat_record, "PRRT or everolimus?", by=nora)
    client.force_login(cora)
    page = client.get(f"/board/meetings/{meeting.pk}/").content.decode()
    assert f'href="/board/cases/{case.pk}/withdraw/"' in page
    confirm = client.get(f"/board/cases/{case.pk}/withdraw/")
    assert 200 == confirm.status_code
    text = confirm.content.decode()
    assert "Withdraw the case" in text and "PRRT or everolimus?" in text
    assert "Keep it on the agenda" in text
    assert "submitted" == BoardCase.objects.get(pk=case.pk).status


def test_confirming_takes_the_case_off_the_agenda(
    client: Client, meeting: Any, nora: Any, cora: Any, pat_record: Any
) -> None:
    case = actions.submit_case(meeting, pat_record, "PRRT or everolimus?", by=nora)
    client.force_login(cora)
    response = client.post(f"/board/cases/{case.pk}/withdraw/", follow=True)
    assert "withdrawn" == BoardCase.objects.get(pk=case.pk).status
    assert "taken off the agenda" in response.content.decode()


def test_a_navigator_cannot_open_the_confirmation(
    client: Client, meeting: Any, nora: Any, pat_record: Any
) -> None:
    case = actions.submit_case(meeting, pat_record, "Q", by=nora)
    client.force_login(nora)
    assert client.get(f"/board/cases/{case.pk}/withdraw/").status_code in (403, 404)
    assert "submitted" == BoardCase.objects.get(pk=case.pk).status
