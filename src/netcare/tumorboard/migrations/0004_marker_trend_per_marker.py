"""A presented case's snapshot kept one marker trend, `markers.trend`: the 5-HIAA trend when the
patient had a 5-HIAA result, else the chromogranin A one. It becomes that marker's own field
(`hiaa_trend` or `cga_trend`), so the stored summary still says what the board saw and which
marker it was about."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _split(apps: Any, schema_editor: Any) -> None:
    BoardCase = apps.get_model("tumorboard", "BoardCase")
    for case in BoardCase.objects.exclude(snapshot__isnull=True).only("snapshot").iterator(chunk_size=500):
        markers = (case.snapshot or {}).get("markers")
        if not isinstance(markers, dict) or "trend" not in markers:
            continue
        trend = markers.pop("trend")
        # The old builder took the 5-HIAA results whenever there was one: `_trend(hiaa or cga)`.
        key = "hiaa_trend" if markers.get("hiaa_mg_24h") is not None else "cga_trend"
        markers[key] = trend
        case.save(update_fields=["snapshot"])


def _merge(apps: Any, schema_editor: Any) -> None:
    BoardCase = apps.get_model("tumorboard", "BoardCase")
    for case in BoardCase.objects.exclude(snapshot__isnull=True).only("snapshot").iterator(chunk_size=500):
        markers = (case.snapshot or {}).get("markers")
        if not isinstance(markers, dict) or not {"hiaa_trend", "cga_trend"} & markers.keys():
            continue
        hiaa, cga = markers.pop("hiaa_trend", None), markers.pop("cga_trend", None)
        markers["trend"] = hiaa if markers.get("hiaa_mg_24h") is not None else cga
        case.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("tumorboard", "0003_labels_in_words")]

    operations = [migrations.RunPython(_split, _merge, elidable=False)]
