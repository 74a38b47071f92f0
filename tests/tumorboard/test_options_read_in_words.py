"""The case page names decision-support options in words: the kind badge ("workup needed",
not `workup_needed`), no option code after the title, and, on the recommendation, the option
discussed by its title."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from netcare.tumorboard import actions
from tests.tumorboard.conftest import decide


def test_option_kinds_and_the_option_discussed_read_as_words(
        client: Client, meeting: Any, nora: Any, cora: Any, sam: Any,
        board_patient: Any) -> None:
    """Each option's badge is its kind in words; the recommendation's "Option discussed"
    shows the option's title as the board saw it, not its code."""
    case = actions.submit_case(meeting, board_patient, "Next step?", by=nora)
    case = actions.present_case(case, by=cora)
    option = case.decision_support["options"][0]
    decide(case, cora, sam, option_code=option["code"])
    client.force_login(sam)
    page = client.get(f"/board/cases/{case.pk}/").content.decode()
    badges = re.findall(r'<span class="badge">([^<]*)</span></h3>', page)
    assert badges and all("_" not in b for b in badges)
    assert option["kind"].replace("_", " ") == badges[0]
    assert option["code"] not in page
    discussed = re.search(r"<dt>Option discussed</dt><dd>([^<]*)</dd>", page)
    assert discussed is not None
    assert option["title"] == discussed[1]
