from django.contrib import admin
from django.urls import include, path

from netcare.accounts.forms import LockingAdminAuthenticationForm
from netcare.config.api import api

admin.site.site_header = "netcare administration"
admin.site.login_form = LockingAdminAuthenticationForm

urlpatterns = [
    path("", include("netcare.program.urls")),
    path("accounts/", include("netcare.accounts.urls")),
    path("patients/", include("netcare.patients.urls")),
    path("audit/", include("netcare.audit.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
