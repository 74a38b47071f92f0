"""`POST /api/v1/calculators/<name>`: the clinical calculators over HTTP (422 on bad input)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router
from ninja.errors import HttpError

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.clinical import ClinicalInputError, calculators
from netcare.config.api_errors import Problem, unprocessable

router = Router(tags=["calculators"])


@router.get("/calculators", response=list[str], summary="Names of the clinical calculators")
def list_calculators(request: HttpRequest) -> list[str]:
    return calculators.names()


@router.post(
    "/calculators/{name}",
    response={200: dict[str, Any], 422: Problem},
    summary="Run a clinical calculator (fields as in docs/clinical-rules.md)",
)
def run_calculator(
    request: HttpRequest,
    name: str,
    inputs: dict[str, Any] = Body(...),  # noqa: B008
) -> Any:
    if not can(request.user, Action.RUN_CALCULATORS):
        raise HttpError(404, "Not found.")
    if name not in calculators.names():
        raise HttpError(404, f"No calculator called {name!r}.")
    try:
        result = calculators.run(name, inputs)
    except ClinicalInputError as error:
        return unprocessable(error.field, str(error))
    record(request, codes.CALCULATOR_RUN, detail={"calculator": name})
    return result
