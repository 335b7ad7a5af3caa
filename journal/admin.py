from __future__ import annotations

from django.contrib import admin

from journal.models import GratitudeItem, JournalDay


@admin.register(JournalDay)
class JournalDayAdmin(admin.ModelAdmin):
    # Entries are private writing: the admin shows the shape of a day, never its words.
    list_display = ["owner", "local_date", "status", "item_count", "relational_count", "time_zone"]
    list_filter = ["status"]
    raw_id_fields = ["owner"]


@admin.register(GratitudeItem)
class GratitudeItemAdmin(admin.ModelAdmin):
    list_display = ["owner", "local_date", "position", "relational", "time_zone"]
    fields = ("owner", "local_date", "position", "relational", "time_zone", "created_at", "updated_at")
    readonly_fields = fields
    raw_id_fields = ["owner"]
