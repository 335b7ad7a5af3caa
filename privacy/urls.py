from __future__ import annotations

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.privacy_page, name="page"),
    path("settings/export/", views.export_page, name="export"),
    path("settings/export/json/", views.export_json, name="export_json"),
    path("settings/export/zip/", views.export_zip, name="export_zip"),
    path("settings/import/", views.import_page, name="import"),
    path("settings/import/apps/", views.import_apps, name="import_apps"),
    path("settings/import/apps/preview/", views.import_apps_preview, name="import_apps_preview"),
    path("settings/import/apps/discard/", views.import_apps_discard, name="import_apps_discard"),
    path("settings/delete/", views.delete_page, name="delete"),
]
