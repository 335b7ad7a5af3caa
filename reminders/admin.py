from __future__ import annotations

from django.contrib import admin

from reminders.models import ReminderDelivery


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "kind",
        "local_date",
        "status",
        "reason",
        "attempts",
        "due_at",
    )
    list_filter = (
        "kind",
        "status",
    )
    raw_id_fields = ("user",)
