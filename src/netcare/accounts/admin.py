from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from netcare.accounts.models import User


@admin.register(User)
class NetcareUserAdmin(UserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "discipline",
        "is_active",
        "locked_until",
    )
    list_filter = ("role", "discipline", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "Role in the program",
            {"fields": ("role", "discipline", "failed_logins", "locked_until")},
        ),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Role in the program", {"fields": ("role", "discipline")}),
    )
