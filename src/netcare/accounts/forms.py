"""Sign-in with lock-out after repeated failures (issue: foundation, item 4)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import F
from django.utils import timezone

from netcare.accounts.models import User
from netcare.accounts.policy import can_use_admin_site
from netcare.audit import codes
from netcare.audit.log import record


class LockingAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing a locked account and counting failures.

    After `LOGIN_FAILURE_LIMIT` failures in a row the account is locked for
    `LOGIN_LOCKOUT_MINUTES`; a successful sign-in resets the count. The message does not say
    whether a username exists.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": (
            "Too many failed sign-ins: this account is locked for %(minutes)s minutes. "
            "Try again later or call the program office."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        account = User.objects.filter(username=username).first() if username else None
        now = timezone.now()
        if account is not None and account.locked_until and account.locked_until > now:
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if account is not None:
                self._count_failure(account, now)
            raise
        if account is not None and (account.failed_logins or account.locked_until):
            User.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=None)
        return cleaned

    def _count_failure(self, account: User, now: Any) -> None:
        User.objects.filter(pk=account.pk).update(failed_logins=F("failed_logins") + 1)
        account.refresh_from_db(fields=["failed_logins"])
        record(self.request, codes.LOGIN_FAILED, user=account)
        if account.failed_logins >= settings.LOGIN_FAILURE_LIMIT:
            User.objects.filter(pk=account.pk).update(
                locked_until=now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES),
                failed_logins=0,
            )
            record(self.request, codes.ACCOUNT_LOCKED, user=account)


class LockingAdminAuthenticationForm(LockingAuthenticationForm, AdminAuthenticationForm):
    """The admin's sign-in with the same lock-out (so it is no way around it), for the accounts
    the admin site answers (`policy.can_use_admin_site`); others are told what any wrong
    sign-in is told."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not can_use_admin_site(user):
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
