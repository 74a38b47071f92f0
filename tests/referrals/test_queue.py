"""The navigator's queue: urgent first, filters, bounded queries, closed to others."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_the_queue_shows_urgent_referrals_first(client: Client, nora: Any,
                                                make_referral: Any) -> None:
    """A later urgent referral is listed above an earlier routine one, with its flag."""
    routine = make_referral(last_name="Routine")
    urgent = make_referral(last_name="Urgent", symptoms=["rectal_bleeding"])
    client.force_login(nora)
    page = client.get("/referrals/").content.decode()
    assert page.index(urgent.reference) < page.index(routine.reference)
    assert "Urgent review" in page


def test_filters_by_flag_status_and_assignment(client: Client, nora: Any,
                                               make_referral: Any) -> None:
    """Flag, status and "assigned to me" each narrow the list."""
    from netcare.referrals.actions import triage_referral

    genetic = make_referral(last_name="Gene", hereditary_syndromes=["NF1"])
    other = make_referral(last_name="Plain")
    triage_referral(other, by=nora, assigned_to=nora, status="triaged")
    client.force_login(nora)
    page = client.get("/referrals/?flag=genetic").content.decode()
    assert genetic.reference in page and other.reference not in page
    page = client.get("/referrals/?mine=on").content.decode()
    assert other.reference in page and genetic.reference not in page
    page = client.get("/referrals/?status=triaged").content.decode()
    assert other.reference in page and genetic.reference not in page


def test_the_queue_issues_the_same_queries_for_3_or_60_referrals(
        client: Client, nora: Any, make_referral: Any, django_assert_max_num_queries: Any,
) -> None:
    """The page's query count does not grow with the rows shown (session, user, rows, audit
    insert, session save in a savepoint, and the board-tasks panel on the navigator's home)."""
    from netcare.referrals.actions import triage_referral

    for index in range(3):
        triage_referral(make_referral(last_name=f"A{index}"), by=nora, assigned_to=nora)
    client.force_login(nora)
    client.get("/referrals/")
    with django_assert_max_num_queries(8):
        small = client.get("/referrals/")
    for index in range(57):
        triage_referral(make_referral(last_name=f"B{index}"), by=nora, assigned_to=nora)
    with django_assert_max_num_queries(8):
        large = client.get("/referrals/")
    assert 200 == small.status_code == large.status_code
    page = large.content.decode()
    assert 50 == page.count('<tr><td data-label="Reference"><a href="/referrals/')
    assert "Next page" in page


def test_only_navigators_see_the_queue(client: Client, cast: dict[str, Any],
                                       make_referral: Any) -> None:
    """Every other role gets 404 for the queue and for a referral."""
    referral = make_referral()
    for role, user in cast.items():
        if role == "navigator":
            continue
        client.force_login(user)
        assert 404 == client.get("/referrals/").status_code, role
        assert 404 == client.get(f"/referrals/{referral.pk}/").status_code, role


def test_each_row_names_the_assignee_and_shows_priority_and_status_in_words(
        client: Client, nora: Any, make_referral: Any) -> None:
    """Compiled rows read as the ORM's did: the assignee's full name, labels not codes."""
    import re

    from netcare.referrals.actions import triage_referral

    mine = make_referral(last_name="Assigned")
    triage_referral(mine, by=nora, assigned_to=nora, status="triaged")
    make_referral(last_name="Loose")
    client.force_login(nora)
    page = client.get("/referrals/").content.decode()
    row = next(r for r in page.split("<tr>") if mine.reference in r)
    assert "Nora Test" in row and "Triaged" in row and "Routine" in row
    assert re.search(r'<td data-label="Received">\d{4}-\d\d-\d\d \d\d:\d\d</td>', row)
    loose = next(r for r in page.split("<tr>") if "Loose" in r)
    assert "nobody" in loose and "New" in loose


def test_a_row_shows_the_referral_as_it_is_now(client: Client, nora: Any,
                                                make_referral: Any) -> None:
    """Opened before and after triage, the same referral's row shows its new status and
    assignee (rows are kept by their values, so a change is a new row)."""
    from netcare.referrals.actions import triage_referral

    referral = make_referral(last_name="Changing")
    client.force_login(nora)

    def row() -> str:
        page = client.get("/referrals/").content.decode()
        return next(r for r in page.split("<tr>") if referral.reference in r)

    assert "nobody" in row() and "New" in row()
    triage_referral(referral, by=nora, assigned_to=nora, status="triaged")
    assert "Nora Test" in row() and "Triaged" in row() and "nobody" not in row()
