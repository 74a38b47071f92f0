"""An administrator's change of the program's zone reaches the board, the workup, the
referrals and nuclear medicine (one source: `settings_store.current()`), without a restart."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import time_machine
from django.test import Client

from netcare.program.actions import update_program_settings
from netcare.tumorboard import actions as board
from netcare.tumorboard.pdf import render_html
from netcare.workup.actions import place_order
from netcare.workup.dates import local_noon, program_today

# 05:00 UTC on 2 March 2026 is still 1 March in Los Angeles (21:00 PST), 2 March in Tokyo.
EARLY_UTC = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)


def _to_tokyo(ada: Any, settings: Any) -> None:
    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    update_program_settings({"time_zone": "Asia/Tokyo"}, by=ada)


def test_a_board_meeting_is_shown_at_its_local_time_in_the_new_zone(
    client: Client, cora: Any, ada: Any, settings: Any
) -> None:
    """A Wednesday 07:30 Los Angeles board (14:30 UTC) reads 23:30 on the meeting page and in
    the printable summary once the program moves to Tokyo; a new series is set in Tokyo time."""
    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    series = board.create_series({"name": "NET board", "weekday": 2, "local_time": time(7, 30)},
                                 by=cora, weeks=1, start_on=date(2026, 10, 26))
    meeting = series.meetings.get()
    assert datetime(2026, 10, 28, 14, 30, tzinfo=UTC) == meeting.starts_at
    client.force_login(cora)
    assert "Wed 2026-10-28 07:30" in client.get(f"/board/meetings/{meeting.pk}/").content.decode()

    _to_tokyo(ada, settings)

    page = client.get(f"/board/meetings/{meeting.pk}/").content.decode()
    assert "Wed 2026-10-28 23:30" in page
    printed = render_html({"meeting": meeting})
    assert "2026-10-28 23:30 (Asia/Tokyo)" in printed
    assert [datetime(2026, 10, 27, 22, 30, tzinfo=UTC)] == board.occurrences(
        2, time(7, 30), start_on=date(2026, 10, 26), count=1)


def test_a_workup_date_is_the_new_zones_date(
    client: Client, sam: Any, ada: Any, pat_record: Any, settings: Any
) -> None:
    """An order placed at 05:00 UTC shows 1 March in Los Angeles and 2 March in Tokyo; today's
    date and the noon of a result's date follow the zone too."""
    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    with time_machine.travel(EARLY_UTC, tick=False):
        place_order(pat_record, "pet", by=sam)
        assert date(2026, 3, 1) == program_today()
        client.force_login(sam)
        before = client.get(f"/workup/patients/{pat_record.pk}/").content.decode()
        assert '<td data-label="Ordered">2026-03-01</td>' in before

        _to_tokyo(ada, settings)

        after = client.get(f"/workup/patients/{pat_record.pk}/").content.decode()
        assert '<td data-label="Ordered">2026-03-02</td>' in after
        assert date(2026, 3, 2) == program_today()
        assert datetime(2026, 3, 2, 3, 0, tzinfo=UTC) == local_noon(date(2026, 3, 2))


def test_referrals_and_nuclear_medicine_use_the_new_zone(ada: Any, settings: Any) -> None:
    """The referral and nuclear-medicine actions read the same zone (no copy of their own)."""
    from netcare.nuclear import actions as nuclear
    from netcare.referrals import actions as referrals

    _to_tokyo(ada, settings)
    assert ("Asia/Tokyo", "Asia/Tokyo") == (referrals._zone().key, nuclear.zone().key)
    assert datetime(2026, 3, 2, 0, 30, tzinfo=UTC) == nuclear.local_instant(date(2026, 3, 2),
                                                                             9 * 60 + 30)
