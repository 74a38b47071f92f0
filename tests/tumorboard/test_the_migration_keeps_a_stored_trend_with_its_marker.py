"""Cases presented before trends were kept per marker stored one `markers.trend` (the 5-HIAA
trend when there was a 5-HIAA result, else chromogranin A's): the migration (tumorboard 0004)
files it under that marker, and the stored summary still renders."""

from __future__ import annotations

from typing import Any

import pytest

from netcare.tumorboard import actions
from netcare.tumorboard.models import BoardCase
from netcare.tumorboard.summary import case_summary, presentable


def _stored_the_old_way(case: Any, markers: dict[str, Any]) -> None:
    snapshot = dict(case.snapshot)
    snapshot["markers"] = markers
    BoardCase.objects.filter(pk=case.pk).update(snapshot=snapshot)


@pytest.mark.parametrize(("old", "new"), [
    ({"hiaa_mg_24h": 6.1, "cga_ng_ml": 46.4, "trend": "falling"},
     {"hiaa_mg_24h": 6.1, "cga_ng_ml": 46.4, "hiaa_trend": "falling"}),
    ({"cga_ng_ml": 46.4, "trend": "stable"}, {"cga_ng_ml": 46.4, "cga_trend": "stable"}),
])
def test_the_old_single_trend_is_filed_under_its_marker(
    transactional_db: Any, meeting: Any, nora: Any, cora: Any, pat_record: Any,
    old: dict[str, Any], new: dict[str, Any],
) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    case = actions.present_case(actions.submit_case(meeting, pat_record, "Q", by=nora),
                                by=cora)
    executor = MigrationExecutor(connection)
    executor.migrate([("tumorboard", "0003_labels_in_words")])
    _stored_the_old_way(case, old)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    case.refresh_from_db()
    assert new == {k: v for k, v in case.snapshot["markers"].items() if v is not None}
    presentable(case_summary(case))  # the stored snapshot reads again
