from __future__ import annotations

from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("test/", views.test_send, name="test"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
