from __future__ import annotations

from django.urls import path

from people import views

app_name = "people"

# The person page itself ("people:detail") gathers every practice's records, so it lives
# above them, in journal/person_page.py; compersion/urls.py adds it to this namespace.

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/archive/", views.archive, name="archive"),
    path("<int:person_id>/unarchive/", views.unarchive, name="unarchive"),
    path("<int:person_id>/delete/", views.delete, name="delete"),
]
