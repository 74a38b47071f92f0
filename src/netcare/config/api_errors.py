from __future__ import annotations

from ninja import Schema, Status


class Problem(Schema):
    """An error the client can show: what went wrong, naming the field."""

    detail: str
    field: str | None = None


def unprocessable(field: str | None, detail: str) -> Status:
    return Status(422, Problem(detail=detail, field=field))
