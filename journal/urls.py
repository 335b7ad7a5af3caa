from __future__ import annotations

from datetime import date

from django.urls import path, register_converter

from journal import app_shell, views


class LocalDateConverter:
    """``yyyy-mm-dd``; an impossible date (2025-02-30) is simply not a match, so a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)

    def to_url(self, value: date) -> str:
        return value.isoformat()


register_converter(LocalDateConverter, "localdate")

app_name = "journal"
urlpatterns = [
    path("", views.index, name="index"),
    path("<localdate:local_date>/", views.day, name="day"),
    path("<localdate:local_date>/items/", views.item_add, name="item_add"),
    path("items/<int:item_id>/", views.item_edit, name="item_edit"),
    path("items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("items/<int:item_id>/restore/", views.item_restore, name="item_restore"),
    path("offline-note/", app_shell.offline_note, name="offline_note"),
]
