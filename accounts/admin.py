from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models

from accounts.forms import NormalizedEmailField
from accounts.models import ReminderSchedule, User
from accounts.views import admin_login

# The admin's own sign-in form takes a password alone; there is one way in, ours.
admin.site.login = admin_login  # type: ignore[method-assign]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    # The address is validated and checked for a clash in the form it is stored in.
    formfield_overrides = {models.EmailField: {"form_class": NormalizedEmailField}}
    list_display = ("email", "display_name", "time_zone", "is_staff")
    # display_name is encrypted at rest, so the database cannot search it.
    search_fields = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "time_zone", "day_start_hour")}),
        ("Reminders", {"fields": ("reminder_time", "reminders_enabled")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "kind",
        "enabled",
        "next_fire_at",
        "next_local_date",
    )
    list_filter = (
        "kind",
        "enabled",
    )
    raw_id_fields = ("user",)
