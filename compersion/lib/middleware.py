"""Request guards: keep signed-in answers out of every cache, sign a user out after the
idle time they chose, and refuse oversized bodies with a page that says so."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers

LAST_SEEN = "idle_last_seen"
# Writing the session on every request would cost a query each time; a minute's
# resolution is plenty for timeouts of 15 minutes and more.
LAST_SEEN_RESOLUTION_SECONDS = 60


def idle_clock_restart(request: HttpRequest) -> None:
    request.session[LAST_SEEN] = timezone.now().timestamp()


def idle_for_too_long(*, last_seen: float | None, now: float, timeout_minutes: int) -> bool:
    if not timeout_minutes or last_seen is None:
        return False
    return now - last_seen > timeout_minutes * 60


# What a browser drops when its user signs out. Not "cookies": Django already deletes the
# session cookie, and wiping every cookie of the site would also wipe the CSRF cookie the
# next page (the sign-in form) has just set, so signing in again would fail once.
CLEAR_ON_SIGN_OUT = '"cache", "storage"'


class PrivateResponseMiddleware:
    """After auth: nothing a signed-in user is sent may be kept by a cache.

    A diary page left in a shared computer's disk cache (or shown again by Back after
    sign-out), or stored by a proxy, is a breach. Every answer to a request that was signed
    in, before or after the view ran, says ``no-store, private``; an answer that signed the
    user out (sign-out, the idle timeout, account deletion) also tells the browser to clear
    the site's cache and storage. Static files never reach here (WhiteNoise answers first)
    and keep their year-long cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in_before = request.user.is_authenticated
        response = self.get_response(request)
        signed_in_after = request.user.is_authenticated
        if signed_in_before or signed_in_after:
            add_never_cache_headers(response)
            patch_vary_headers(response, ("Cookie",))
        if signed_in_before and not signed_in_after:
            response["Clear-Site-Data"] = CLEAR_ON_SIGN_OUT
        return response


class IdleTimeoutMiddleware:
    """After auth and messages: ends the session when it sat unused past the user's limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        minutes = getattr(user, "idle_timeout_minutes", 0) if user and user.is_authenticated else 0
        if minutes:
            now = timezone.now().timestamp()
            last_seen = request.session.get(LAST_SEEN)
            if idle_for_too_long(last_seen=last_seen, now=now, timeout_minutes=minutes):
                logout(request)
                messages.info(request, "You were signed out after a quiet spell, as you asked. Welcome back.")
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def body_limit(request: HttpRequest) -> int:
    """The largest body this request may carry: DATA_UPLOAD_MAX_MEMORY_SIZE everywhere, files
    included, except on the few views named in LARGE_BODY_VIEWS (the import)."""
    limit: int = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    larger: dict[str, int] = settings.LARGE_BODY_VIEWS
    if larger:
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            return limit
        limit = max(limit, larger.get(view_name, limit))
    return limit


class RequestTooLargeMiddleware:
    """Answers 413 with a friendly page when the declared body is larger than we accept.

    Runs before CSRF (which reads the body) so nothing parses a body we will refuse.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        # The resolver runs only for a body past the everyday limit.
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE and length > body_limit(request):
            return render(request, "413.html", status=413)
        return self.get_response(request)
