from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path

from netcare.config.api import api


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico on every page: send them to the static SVG icon (looked up
    per request, not at import, so the manifest need not exist when the URLconf loads)."""
    return HttpResponseRedirect(static("netcare/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("", include("netcare.program.urls")),
    path("accounts/", include("netcare.accounts.urls")),
    path("patients/", include("netcare.patients.urls")),
    path("workup/", include("netcare.workup.urls")),
    path("tumors/", include("netcare.tumors.urls")),
    path("treatments/", include("netcare.treatments.urls")),
    path("surveillance/", include("netcare.surveillance.urls")),
    path("audit/", include("netcare.audit.urls")),
    path("board/", include("netcare.tumorboard.urls")),
    path("referrals/", include("netcare.referrals.urls")),
    path("appointments/", include("netcare.scheduling.urls")),
    path("portal/", include("netcare.portal.urls")),
    path("nuclear/", include("netcare.nuclear.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
