"""The case summary's tumor markers: each marker with its own labelled trend and the values it
was computed from, on the page and in the PDF, before and after presentation. A falling 5-HIAA
never stands for a rising chromogranin A (REFERENCE §3: each marker, no threshold)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.clinical.snapshot import MarkerTrend
from netcare.tumorboard import actions
from netcare.tumors.snapshot_builder import snapshot_for
from netcare.workup.actions import record_result

HIAA_ROW = ("24-h urine 5-HIAA (mg/24h)", "6.1", "2025-06-02",
            "falling: 12 → 6.1 mg/24h (-49 %)",
            "2024-12-02 20 → 2025-03-03 12 → 2025-06-02 6.1")
CGA_ROW = ("Chromogranin A (ng/mL)", "46.4", "2025-06-02",
           "rising: 45.4 → 46.4 ng/mL (+2.2 %)",
           "2024-12-02 29 → 2025-03-03 45.4 → 2025-06-02 46.4")
GASTRIN_ROW = ("Fasting gastrin (pg/mL)", "180", "2025-06-02", "one result: no trend yet",
               "2025-06-02 180")


@pytest.fixture
def markers_apart(pat_record: Any, sam: Any) -> Any:
    """5-HIAA falling 20 → 12 → 6.1 mg/24h while chromogranin A rises 29 → 45.4 → 46.4
    ng/mL, on the same days; one fasting gastrin."""
    for on, hiaa, cga in ((date(2024, 12, 2), 20.0, 29.0), (date(2025, 3, 3), 12.0, 45.4),
                          (date(2025, 6, 2), 6.1, 46.4)):
        record_result("lab", pat_record, {"performed_on": on, "test": "urine_5hiaa",
                                          "value": hiaa, "unit": "mg/24h"}, by=sam)
        record_result("lab", pat_record, {"performed_on": on, "test": "chromogranin_a",
                                          "value": cga, "unit": "ng/mL"}, by=sam)
    record_result("lab", pat_record, {"performed_on": date(2025, 6, 2), "test": "gastrin",
                                      "value": 180.0, "unit": "pg/mL"}, by=sam)
    return pat_record


def _marker_rows(html: str) -> list[tuple[str, ...]]:
    section = html.split("<h3>Tumor markers</h3>")[1].split("</section>")[0]
    body = section.split("<tbody>")[1].split("</tbody>")[0]
    return [tuple(re.sub(r"<[^>]+>", "", cell).strip()
                  for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_snapshot_keeps_a_trend_per_marker(markers_apart: Any) -> None:
    """5-HIAA falling and chromogranin A rising, though it rose only 2 % last time."""
    markers = snapshot_for(markers_apart, as_of=date(2025, 7, 1)).markers
    assert (MarkerTrend.FALLING, MarkerTrend.RISING) == (markers.hiaa_trend, markers.cga_trend)


def test_the_summary_labels_each_trend_with_its_values(
    client: Client, meeting: Any, nora: Any, sam: Any, markers_apart: Any
) -> None:
    case = actions.submit_case(meeting, markers_apart, "Next step?", by=nora)
    client.force_login(sam)
    page = client.get(f"/board/cases/{case.pk}/").content.decode()
    assert [HIAA_ROW, CGA_ROW, GASTRIN_ROW] == _marker_rows(page)
    assert "Trend: falling" not in page


def test_the_board_sees_the_same_trends_once_the_case_is_frozen(
    client: Client, meeting: Any, nora: Any, cora: Any, sam: Any, markers_apart: Any
) -> None:
    """Presented, then a new CgA result arrives: the summary still shows what the board saw."""
    case = actions.present_case(actions.submit_case(meeting, markers_apart, "Q", by=nora),
                                by=cora)
    record_result("lab", markers_apart, {"performed_on": date(2025, 6, 3),
                                         "test": "chromogranin_a", "value": 10.0,
                                         "unit": "ng/mL"}, by=sam)
    client.force_login(sam)
    page = client.get(f"/board/cases/{case.pk}/").content.decode()
    assert [HIAA_ROW, CGA_ROW, GASTRIN_ROW] == _marker_rows(page)


def test_the_pdf_prints_each_marker_with_its_own_trend(
    meeting: Any, nora: Any, markers_apart: Any
) -> None:
    from netcare.tumorboard.pdf import document_text, render_document
    from netcare.tumorboard.views import _summary_context

    case = actions.submit_case(meeting, markers_apart, "Next step?", by=nora)
    # Cells wrap anywhere ("(mg/" + "24h)"): compare without the spaces and line breaks.
    text = "".join(document_text(render_document(_summary_context(case))).split())
    for row in (HIAA_ROW, CGA_ROW, GASTRIN_ROW):
        assert all("".join(cell.split()) in text for cell in (row[0], row[3], row[4])), row
    assert "Trend:falling" not in text
