from __future__ import annotations

from django.contrib import admin

from people.models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "owner", "archived_at", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "owner__email")
    raw_id_fields = ("owner",)
    # Private notes are the user's alone; the admin is for fixing records, not reading them.
    exclude = ("notes",)
