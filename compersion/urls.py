from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from journal import app_shell, person_page
from journal import views as journal_views
from people import urls as people_urls

# The person page gathers every practice, so journal (above them) serves it; it joins the
# people namespace here, at the top, so that people never imports the practices.
people_patterns = [
    path("<int:person_id>/", person_page.person_detail, name="detail"),
    *people_urls.urlpatterns,
]

urlpatterns = [
    path("", journal_views.home, name="home"),
    path("healthz/", account_views.healthz, name="healthz"),
    # The installed app: at the root, so the service worker's scope is the whole site.
    path("manifest.webmanifest", app_shell.manifest, name="manifest"),
    path("sw.js", app_shell.service_worker, name="service_worker"),
    path("offline/", app_shell.offline, name="offline"),
    path("settings/", account_views.settings_view, name="settings"),
    path("accounts/", include("accounts.urls")),
    path("people/", include((people_patterns, people_urls.app_name))),
    path("journal/", include("journal.urls")),
    path("reminders/", include("reminders.urls")),
    path("feelings/", include("feelings.urls")),
    path("kindness/", include("kindness.urls")),
    path("insights/", include("insights.urls")),
    path("", include("privacy.urls")),
    path("admin/", admin.site.urls),
]

# Our own page for bad requests, rendered with the request (so the header and CSP nonce
# work); a body past DATA_UPLOAD_MAX_MEMORY_SIZE gets a 413 that says what happened.
handler400 = "accounts.views.bad_request"
# Our 500 page, saying whether anyone was emailed (only when ADMINS is set).
handler500 = "accounts.error_pages.server_error"
