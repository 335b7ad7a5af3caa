from __future__ import annotations

import math
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import clock
from accounts.forms import SettingsForm, SignupForm
from accounts.models import AuthenticatedHttpRequest, normalize_email
from accounts.selectors import user_local_now
from accounts.services import user_preferences_update, user_signup


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def lockout_username(request: HttpRequest, credentials: dict[str, str] | None) -> str | None:
    """The account django-axes counts a failed sign-in against.

    The sign-in form posts the email as ``username`` (Django's AuthenticationForm), and
    axes would otherwise look for an ``email`` key, find none and count every failure from
    an address against one anonymous bucket. Folding case makes ``Me@Example.com`` and
    ``me@example.com`` the same account, as they are at sign-in.
    """
    raw = (credentials or {}).get("username") or request.POST.get("username")
    return normalize_email(raw) if raw else None


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, str] | None
) -> HttpResponse:
    """django-axes calls this once an account and address have failed too often."""
    cooloff: timedelta = settings.AXES_COOLOFF_TIME
    # With AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off, the pause ends a fixed
    # time after the last counted failure, so we can say truthfully how long is left.
    last_failure = (
        AccessAttempt.objects.filter(
            username=lockout_username(request, credentials),
            ip_address=getattr(request, "axes_ip_address", None),
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    now = timezone.now()
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes_left(ends_at=(last_failure or now) + cooloff, now=now),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def minutes_left(*, ends_at: datetime, now: datetime) -> int:
    """Whole minutes until ``ends_at``, rounded up, and never less than one."""
    return max(1, math.ceil((ends_at - now).total_seconds() / 60))


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            display_name=form.cleaned_data["display_name"],
            time_zone=form.cleaned_data["time_zone"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Compersion. Your days follow " + user.time_zone + ".")
        return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def settings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = SettingsForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user_preferences_update(
            user=user,
            display_name=data["display_name"],
            time_zone=data["time_zone"],
            day_start_hour=data["day_start_hour"],
            reminder_time=data["reminder_time"],
            reminders_enabled=data["reminders_enabled"],
        )
        messages.success(request, "Settings saved.")
        return redirect("settings")
    if request.method == "POST":
        # The form re-binds the user's own input; refresh the instance so the
        # header and zone summary still describe what is actually saved.
        user.refresh_from_db()
    now_local = user_local_now(user=user)
    context = {
        "form": form,
        "local_now": now_local,
        "offset_label": clock.utc_offset_label(now_local, tz=user.tz),
        "site_url": settings.SITE_URL,
    }
    return render(request, "accounts/settings.html", context, status=400 if form.errors else 200)
