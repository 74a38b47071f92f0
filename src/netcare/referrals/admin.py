"""referrals in the admin: clinical data, read-only (it changes only through the actions)."""

from django.contrib import admin

from netcare.program.readonly_admin import ReadOnlyAdmin
from netcare.referrals.models import Referral, ReferralDocument, ReferralStatusChange


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(ReferralStatusChange)
class ReferralStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(ReferralDocument)
class ReferralDocumentAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)
