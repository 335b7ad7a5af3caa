from __future__ import annotations

from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("test/", views.test_send, name="test"),
    path("links/revoke/", views.unsubscribe_links_revoke, name="links_revoke"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
