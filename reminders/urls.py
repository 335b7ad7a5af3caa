from __future__ import annotations

from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("test/", views.test_send, name="test"),
    path("links/revoke/", views.unsubscribe_links_revoke, name="links_revoke"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/<int:subscription_id>/remove/", views.push_remove, name="push_remove"),
    path("not-today/", views.not_today, name="not_today"),
]
