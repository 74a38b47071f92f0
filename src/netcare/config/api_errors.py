from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema, Status
from ninja.errors import ValidationError

#: Where django-ninja says a value came from; not part of the field's name.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class FieldProblem(Schema):
    field: str | None = None
    detail: str


class Problem(Schema):
    """An error the client can show: what went wrong, naming the field. `errors` lists every
    field's problem when the request had several (input validation)."""

    detail: str
    field: str | None = None
    errors: list[FieldProblem] | None = None


def _field(location: list[Any], parameters: set[str]) -> str | None:
    """`["body", "payload", "ordered_on"]` → "ordered_on"; a list index stays ("items.2")."""
    names = [str(part) for part in location if str(part) not in _SOURCES]
    if len(names) > 1 and names[0] in parameters:
        names = names[1:]  # the view's parameter name (the whole body), not a field
    return ".".join(names) or None


def validation_problem(api: NinjaAPI, request: HttpRequest, error: ValidationError) -> HttpResponse:
    """django-ninja's own input validation (types, missing fields) answered in our shape:
    422, `detail` naming the first field ("ordered_on: Input should be a valid date"), `field`,
    and `errors` for all of them — like the errors our actions raise."""
    parameters = {"payload", "data", "body"}
    problems = []
    for item in error.errors:
        field = _field(list(item.get("loc", [])), parameters)
        message = str(item.get("msg", "invalid value"))
        problems.append({"field": field, "detail": f"{field}: {message}" if field else message})
    first = problems[0] if problems else {"field": None, "detail": "invalid input"}
    return api.create_response(
        request,
        {"detail": first["detail"], "field": first["field"], "errors": problems},
        status=422,
    )


def unprocessable(field: str | None, detail: str) -> Status:
    return Status(422, Problem(detail=detail, field=field))
