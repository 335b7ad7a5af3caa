from __future__ import annotations

from django.urls import path

from feelings import views

app_name = "feelings"

urlpatterns = [
    path("", views.index, name="index"),
    path("check-ins/<int:checkin_id>/", views.checkin_detail, name="checkin"),
    path("check-ins/<int:checkin_id>/edit/", views.checkin_edit, name="checkin_edit"),
    path("check-ins/<int:checkin_id>/pause/", views.pause, name="pause"),
    path("check-ins/<int:checkin_id>/need/", views.reflect, name="reflect"),
    path("check-ins/<int:checkin_id>/delete/", views.checkin_delete, name="checkin_delete"),
    path("check-ins/<int:checkin_id>/restore/", views.checkin_restore, name="checkin_restore"),
    path("charts/", views.chart_page, name="charts"),
    path("joy/", views.joy, name="joy"),
    path("joy/<int:joy_id>/delete/", views.joy_delete, name="joy_delete"),
    path("joy/<int:joy_id>/restore/", views.joy_restore, name="joy_restore"),
    path("needs/", views.needs, name="needs"),
    path("needs/day/", views.needs_weekday, name="needs_weekday"),
    path("words/", views.words, name="words"),
    path("words/feelings/<int:feeling_id>/delete/", views.own_feeling_delete, name="own_feeling_delete"),
    path("words/needs/<int:need_id>/delete/", views.own_need_delete, name="own_need_delete"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/learned/", views.metamour_note_add, name="metamour_note_add"),
    path("learned/<int:note_id>/delete/", views.metamour_note_delete, name="metamour_note_delete"),
    path("learned/<int:note_id>/restore/", views.metamour_note_restore, name="metamour_note_restore"),
]
