"""Sign-in, sign-out, password change and each role's home page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy

from netcare.accounts.forms import LockingAuthenticationForm
from netcare.accounts.models import Role
from netcare.audit import codes
from netcare.audit.log import record


class LoginView(auth_views.LoginView):
    form_class = LockingAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record(self.request, codes.LOGIN_SUCCEEDED)
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            record(request, codes.LOGOUT)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form: Any) -> HttpResponse:
        # The form saves the user; clear the one-time-password flag in the same save.
        form.user.must_change_password = False
        response = super().form_valid(form)
        record(self.request, codes.PASSWORD_CHANGED)
        from django.contrib import messages

        messages.success(self.request, "Your password has been changed.")
        return response


# Where each role starts. Later areas point their roles at their own worklists here.
HOME_FOR_ROLE: dict[str, str] = {
    Role.PATIENT: "portal:home",
    Role.REFERRING_PHYSICIAN: "referrals:mine",
    Role.NAVIGATOR: "referrals:queue",
    Role.PHYSICIAN: "patients:list",
    Role.COORDINATOR: "tumorboard:home",
    Role.NUCLEAR_MEDICINE_STAFF: "nuclear:home",
    Role.ADMINISTRATOR: "audit:list",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to their role's starting page."""
    return redirect(HOME_FOR_ROLE.get(request.user.role, "program:home"))  # type: ignore[union-attr]
