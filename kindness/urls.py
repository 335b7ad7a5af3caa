from __future__ import annotations

from django.urls import path

from kindness import views

app_name = "kindness"

urlpatterns = [
    path("", views.index, name="index"),
    path("log/", views.log, name="log"),
    path("target/", views.target, name="target"),
    path("acts/<int:act_id>/", views.act_detail, name="act"),
    path("acts/<int:act_id>/edit/", views.act_edit, name="act_edit"),
    path("acts/<int:act_id>/told/", views.act_told, name="act_told"),
    path("acts/<int:act_id>/delete/", views.act_delete, name="act_delete"),
    path("acts/<int:act_id>/restore/", views.act_restore, name="act_restore"),
    path("ideas/", views.ideas, name="ideas"),
    path("ideas/new/", views.idea_add, name="idea_add"),
    path("ideas/suggest/", views.suggest, name="suggest"),
    path("ideas/<int:idea_id>/delete/", views.idea_delete, name="idea_delete"),
]
