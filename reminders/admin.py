from __future__ import annotations

from django.contrib import admin

from reminders.models import ReminderDelivery, ReminderSchedule


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
