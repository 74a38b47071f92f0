"""The typed JSON API (django-ninja), OpenAPI at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.errors import ValidationError

from netcare.accounts.api import API_AUTH
from netcare.config.api_errors import validation_problem
from netcare.nuclear.api import router as nuclear_router
from netcare.patients.api import router as patients_router
from netcare.program.api import router as calculators_router
from netcare.referrals.api import router as referrals_router
from netcare.scheduling.api import router as appointments_router
from netcare.tumorboard.api import router as tumorboard_router
from netcare.workup.api import router as workup_router

api = NinjaAPI(
    title="netcare API",
    version="1",
    urls_namespace="api",
    auth=API_AUTH,
    docs_url="/docs",
)
api.add_exception_handler(
    ValidationError, lambda request, error: validation_problem(api, request, error)
)
api.add_router("/v1", calculators_router)
api.add_router("/v1", patients_router)
api.add_router("/v1", referrals_router)
api.add_router("/v1", appointments_router)
api.add_router("/v1", workup_router)
api.add_router("/v1", tumorboard_router)
api.add_router("/v1", nuclear_router)
