"""The project's URLs plus one view that fails, to see the 500 page a real failure gets."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from compersion import urls as project

handler400 = project.handler400
handler500 = getattr(project, "handler500", "django.views.defaults.server_error")


def boom(request: HttpRequest) -> HttpResponse:
    diary_words = request.POST.get("text", "")  # a local variable holding the user's words
    # An exception whose message quotes what the user sent, as a database error may.
    raise RuntimeError(f"a bug in the app for {request.POST.get('email', '')} ({len(diary_words)})")


urlpatterns = [path("boom/", boom), *project.urlpatterns]
