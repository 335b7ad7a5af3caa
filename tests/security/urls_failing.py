"""The project's URLs plus one view that fails, to see the 500 page a real failure gets."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from compersion import urls as project

handler400 = project.handler400
handler500 = getattr(project, "handler500", "django.views.defaults.server_error")


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in the app")


urlpatterns = [path("boom/", boom), *project.urlpatterns]
