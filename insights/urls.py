from __future__ import annotations

from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/", views.people, name="people"),
    path("wellbeing/", views.wellbeing, name="wellbeing"),
    path("month/", views.month, name="month"),
]
