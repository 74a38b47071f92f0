"""netcare's admin site: who may open /admin/ is the policy's decision (`can_use_admin_site`),
not only the account's staff flag. Django's admin log (LogEntry) is listed on no page of it: not
registered, and its index shows no "Recent actions"."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest

from netcare.accounts.forms import LockingAdminAuthenticationForm
from netcare.accounts.policy import can_use_admin_site


class NetcareAdminSite(AdminSite):
    """Answers program administrators marked staff; anyone else is sent to its sign-in page
    (Django's behaviour for a non-staff account), whatever flags their account carries."""

    site_header = "netcare administration"
    # No "Recent actions" box: Django's admin log names the objects changed, patients among
    # them in entries older than this site's configuration-only registrations, unaudited.
    index_template = "admin/netcare_index.html"
    login_form = LockingAdminAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return can_use_admin_site(request.user)
