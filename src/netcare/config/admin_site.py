"""netcare's admin site: who may open /admin/ is the policy's decision (`can_use_admin_site`),
not only the account's staff flag."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest

from netcare.accounts.forms import LockingAdminAuthenticationForm
from netcare.accounts.policy import can_use_admin_site


class NetcareAdminSite(AdminSite):
    """Answers program administrators marked staff; anyone else is sent to its sign-in page
    (Django's behaviour for a non-staff account), whatever flags their account carries."""

    site_header = "netcare administration"
    login_form = LockingAdminAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return can_use_admin_site(request.user)
