"""Amending a signed-off recommendation: a new version with a reason, signed off again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.tumorboard import actions
from netcare.tumorboard.models import Recommendation, RecommendationVersion
from tests.tumorboard.conftest import decide


@pytest.fixture
def signed(meeting: Any, nora: Any, cora: Any, sam: Any, pat_record: Any) -> Recommendation:
    case = actions.submit_case(meeting, pat_record, "SSA?", by=nora, presenter=sam)
    reco = decide(case, cora, sam)
    actions.sign_off(reco, by=sam)
    return reco


def _new_content(reco: Recommendation, owner: Any) -> dict[str, Any]:
    return {"follow_up_kind": "workup", "treatment_kind": "", "option_code": "",
            "urgency": "urgent", "owner": owner, "due_on": reco.board_date + timedelta(days=7),
            "text": "Ga-68 DOTATATE PET first, then decide.", "dissent": ""}


def test_an_amendment_keeps_the_old_version_and_needs_a_new_sign_off(
    signed: Recommendation, cora: Any, sam: Any
) -> None:
    """Version 2 carries the new content and reason, unsigned; version 1 is kept, signed,
    marked superseded with the reason."""
    actions.amend_recommendation(signed, _new_content(signed, sam),
                                 "PET not done before the board", by=cora)
    reco = Recommendation.objects.get(pk=signed.pk)
    assert (2, "workup", None, "PET not done before the board") == (
        reco.version, reco.follow_up_kind, reco.signed_off_at, reco.amend_reason)
    old = RecommendationVersion.objects.get(recommendation=reco)
    assert (1, "treatment", sam, "PET not done before the board") == (
        old.version, old.follow_up_kind, old.signed_off_by, old.superseded_reason)
    actions.sign_off(reco, by=sam)
    reco.refresh_from_db()
    assert sam == reco.signed_off_by


def test_an_amendment_without_a_reason_or_by_another_physician_is_refused(
    signed: Recommendation, paula: Any, cora: Any, sam: Any
) -> None:
    """No reason: refused naming the field; Paula (not presenting) may not amend; nothing is
    written either way."""
    with pytest.raises(actions.BoardError) as error:
        actions.amend_recommendation(signed, _new_content(signed, sam), "  ", by=cora)
    assert "reason" == error.value.field
    with pytest.raises(actions.BoardError):
        actions.amend_recommendation(signed, _new_content(signed, sam), "x", by=paula)
    assert (0, 1) == (RecommendationVersion.objects.count(),
                      Recommendation.objects.get(pk=signed.pk).version)


def test_the_case_page_shows_the_new_version_and_the_superseded_one(
    client: Client, signed: Recommendation, cora: Any, sam: Any
) -> None:
    """The coordinator amends from the form; the case page shows version 2 (not signed off)
    and version 1 marked superseded with its reason; a missing reason keeps what was typed."""
    client.force_login(cora)
    url = f"/board/recommendations/{signed.pk}/amend/"
    form = {"follow_up_kind": "workup", "urgency": "urgent", "owner": str(sam.pk),
            "due_on": str(signed.board_date + timedelta(days=7)),
            "text": "PET first, then decide.", "dissent": "", "reason": ""}
    response = client.post(url, form)
    assert 400 == response.status_code
    assert "PET first, then decide." in response.content.decode()
    assert 302 == client.post(url, {**form, "reason": "New imaging needed"}).status_code
    body = client.get(f"/board/cases/{signed.case_id}/").content.decode()
    assert "Board recommendation (version 2)" in body
    assert "Earlier versions (superseded)" in body
    assert "Start lanreotide 120 mg every 4 weeks." in body
    assert "New imaging needed" in body
    assert "Sign off as presenting physician" not in body  # cora is not the presenter
