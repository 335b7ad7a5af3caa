"""Our pages for a server error and for a refused CSRF check, in place of Django's bare ones."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# Fields never shown back, whatever the form: secrets, and the token that just failed.
NEVER_SHOWN = ("password", "code", "token", "secret", "csrfmiddlewaretoken")


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, saying only what is true: the error mail goes out only when ADMINS is set.

    Rendered without the request: the database or the session may be what failed.
    """
    page = loader.get_template("500.html").render({"error_mail": bool(settings.ADMINS)})
    return HttpResponseServerError(page)


def _same_origin(request: HttpRequest) -> bool:
    # Only a form from our own page gets its words shown back: text posted from another
    # site is never put in front of the user in our page.
    origin = request.META.get("HTTP_ORIGIN")
    try:
        return bool(origin) and origin == f"{request.scheme}://{request.get_host()}"
    except Exception:  # noqa: BLE001 - DisallowedHost and friends: no origin we trust
        return False


def typed_words(request: HttpRequest) -> list[tuple[str, str]]:
    """The text fields of a refused POST, to be shown back escaped (never as markup)."""
    if request.method != "POST" or not _same_origin(request):
        return []
    try:
        names = list(request.POST)
    except Exception:  # noqa: BLE001 - an unreadable body has nothing to give back
        return []
    words = []
    for name in names:
        value = request.POST.get(name, "")
        if value.strip() and not any(word in name.lower() for word in NEVER_SHOWN):
            words.append((name, value))
    return words


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: explain, keep what the user typed, and give a fresh token."""
    return render(request, "csrf_failure.html", {"typed_words": typed_words(request)}, status=403)
