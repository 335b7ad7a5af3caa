from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts import otp
from accounts.forms import (
    AppCodeForm,
    IdleTimeoutForm,
    PasswordConfirmForm,
    PasswordResetRequestForm,
    ReminderPreferencesForm,
    SettingsForm,
    SignInForm,
    SignupForm,
    TwoFactorCodeForm,
)
from accounts.models import AuthenticatedHttpRequest, User, normalize_email
from accounts.selectors import (
    client_address,
    push_devices_for,
    recovery_codes_left,
    reminder_schedules_for,
    two_factor_enabled,
    two_factor_paused_until,
    two_factor_pending,
    user_for_pending_sign_in,
    user_for_signup_link,
    user_local_now,
)
from accounts.services import (
    TWO_FACTOR_FAILURE_LIMIT,
    password_reset_request,
    recovery_codes_replace,
    two_factor_confirm,
    two_factor_disable,
    two_factor_setup_start,
    two_factor_verify,
    user_days_update,
    user_idle_timeout_set,
    user_reminders_update,
    user_sessions_end_everywhere,
    user_signup,
    user_signup_confirm,
)
from accounts.throttle import ACCOUNT_MAIL, mail_throttle_hit
from compersion.lib import clock
from compersion.lib.middleware import idle_clock_restart

# Between a right password and a right code: who is signing in, not yet signed in.
PENDING_SIGN_IN = "two_factor_pending"
PENDING_SIGN_IN_SECONDS = 5 * 60


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


MAIL_LIMIT_MESSAGE = (
    "We've sent as many emails to this address, or for this network, as we will in an hour. "
    "Please try again in {minutes} minute{plural}."
)


def _mail_limit_error(form: forms.Form, *, retry_at: datetime) -> None:
    minutes = minutes_left(ends_at=retry_at, now=timezone.now())
    form.add_error(None, MAIL_LIMIT_MESSAGE.format(minutes=minutes, plural="" if minutes == 1 else "s"))


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client, now = client_address(request=request), timezone.now()
        retry_at = mail_throttle_hit(kind=ACCOUNT_MAIL, address=data["email"], client=client, now=now)
        if retry_at is None:
            user_signup(
                email=data["email"],
                password=data["password1"],
                display_name=data["display_name"],
                time_zone=data["time_zone"],
            )
            # The same page whether the address was new or taken: the email says which.
            return redirect("accounts:signup_sent")
        _mail_limit_error(form, retry_at=retry_at)
        status = 429
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@require_GET
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


@require_GET
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = user_for_signup_link(uidb64=uidb64, token=token)
    if user is None or not user_signup_confirm(user=user, now=timezone.now()):
        return render(request, "accounts/signup_link_invalid.html", status=400)
    # Signing in stays the one way in (and where a stranger who typed this address stops).
    messages.success(
        request, "Your address is confirmed. Sign in to start; your days follow " + user.time_zone + "."
    )
    return redirect("accounts:login")


def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        retry_at = mail_throttle_hit(
            kind=ACCOUNT_MAIL, address=email, client=client_address(request=request), now=timezone.now()
        )
        if retry_at is None:
            password_reset_request(email=email)
            return redirect("accounts:password_reset_done")
        _mail_limit_error(form, retry_at=retry_at)
        status = 429
    return render(request, "registration/password_reset_form.html", {"form": form}, status=status)


@login_required
def settings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The settings page, and the save of its "You and your days" section."""
    user = request.user
    form = SettingsForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user_days_update(
            user=user,
            display_name=data["display_name"],
            time_zone=data["time_zone"],
            day_start_hour=data["day_start_hour"],
        )
        messages.success(request, "Your days are saved.")
        return redirect("settings")
    if request.method == "POST":
        # The form re-binds the user's own input; refresh the instance so the header, the
        # zone summary and the Reminders section still describe what is actually saved.
        user.refresh_from_db()
    return _settings_page(request, days_form=form, reminder_form=_reminder_form(user))


def _settings_page(
    request: AuthenticatedHttpRequest, *, days_form: SettingsForm, reminder_form: ReminderPreferencesForm
) -> HttpResponse:
    """The whole page, whichever section was posted; a refused section answers 400 with its errors."""
    user = request.user
    now_local = user_local_now(user=user)
    context = {
        "form": days_form,
        "reminder_form": reminder_form,
        # Whole seconds: <time datetime> takes at most three digits of a fraction.
        "local_now": now_local.replace(microsecond=0),
        "offset_label": clock.utc_offset_label(now_local, tz=user.tz),
        "site_url": settings.SITE_URL,
        # Push reminders (reminders.push): offered only where the server has a VAPID key pair.
        "push_public_key": settings.VAPID_PUBLIC_KEY,
        "push_devices": push_devices_for(user=user) if settings.VAPID_PUBLIC_KEY else [],
    }
    refused = days_form.errors or reminder_form.errors
    return render(request, "accounts/settings.html", context, status=400 if refused else 200)


def _reminder_form(user: User, data: Any = None) -> ReminderPreferencesForm:
    rows = reminder_schedules_for(user=user)
    return ReminderPreferencesForm(
        data,
        initial=ReminderPreferencesForm.initial_for(user=user, rows=rows),
        push_available=bool(settings.VAPID_PUBLIC_KEY),
    )


@login_required
def reminder_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The save of the settings page's Reminders section: the time, the switch and each kind."""
    if request.method != "POST":
        # The section lives on the settings page; an old bookmark lands on it.
        return redirect(reverse("settings") + "#reminders")
    user = request.user
    form = _reminder_form(user, request.POST)
    if not form.is_valid():
        return _settings_page(request, days_form=SettingsForm(instance=user), reminder_form=form)
    data = form.cleaned_data
    user_reminders_update(
        user=user,
        reminder_time=data["reminder_time"],
        reminders_enabled=data["reminders_enabled"],
        preferences=form.preferences(),
        reminder_channel=data.get("reminder_channel") or None,
    )
    messages.success(request, "Reminders saved.")
    return redirect("settings")


class SignInView(auth_views.LoginView):
    """Django's sign-in, which asks for the app's code after the password when 2FA is on."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if not two_factor_enabled(user=user):
            return super().form_valid(form)
        # A fresh key, so a session id fixed before the password cannot ride along.
        self.request.session.cycle_key()
        self.request.session[PENDING_SIGN_IN] = {
            "user_id": user.pk,
            "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
            "since": timezone.now().timestamp(),
        }
        url = reverse("accounts:login_code")
        next_url = self.get_redirect_url()
        return redirect(url + ("?" + urlencode({"next": next_url}) if next_url else ""))


@never_cache
def admin_login(request: HttpRequest, extra_context: dict[str, object] | None = None) -> HttpResponse:
    """The admin's sign-in page, replaced: staff sign in like everyone else (password, then
    the app's code when two-factor is on), and then come back to where they were going."""
    if request.user.is_authenticated:
        if not request.user.is_staff:
            # Not a way in for anyone else, and not a redirect loop back to our sign-in.
            raise Http404
        return redirect(_safe_next(request) or reverse("admin:index"))
    next_url = _safe_next(request) or reverse("admin:index")
    return redirect(reverse("accounts:login") + "?" + urlencode({"next": next_url}))


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else ""


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, object]]:
    pending = request.session.get(PENDING_SIGN_IN) or {}
    since = float(pending.get("since", 0))
    fresh = timezone.now().timestamp() - since < PENDING_SIGN_IN_SECONDS
    user = user_for_pending_sign_in(user_id=pending.get("user_id") if fresh else None)
    return user, pending


@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_SIGN_IN, None)
        messages.info(request, "Please sign in with your email and password first.")
        return redirect("accounts:login")
    if paused := two_factor_paused_until(user=user, now=timezone.now()):
        return _code_step_paused(request, paused_until=paused)
    form = TwoFactorCodeForm(request.POST or None)
    next_url = _safe_next(request)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        if two_factor_verify(user=user, code=form.cleaned_data["code"], now=now):
            del request.session[PENDING_SIGN_IN]
            login(request, user, backend=str(pending["backend"]))
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        if paused := two_factor_paused_until(user=user, now=now):
            return _code_step_paused(request, paused_until=paused)
        form.add_error(
            "code", "That code didn't work. Check the app shows this account, or use a recovery code."
        )
    context = {"form": form, "next": next_url}
    return render(request, "accounts/login_code.html", context, status=400 if form.errors else 200)


def _code_step_paused(request: HttpRequest, *, paused_until: datetime) -> HttpResponse:
    """Too many wrong codes for this account: say so, and start again from the password."""
    request.session.pop(PENDING_SIGN_IN, None)
    context = {
        "failure_limit": TWO_FACTOR_FAILURE_LIMIT,
        "pause_minutes": minutes_left(ends_at=paused_until, now=timezone.now()),
    }
    return render(request, "accounts/code_paused.html", context, status=429)


@login_required
@require_POST
def sign_out_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    user_sessions_end_everywhere(user=request.user)
    logout(request)
    messages.success(
        request, "You are signed out on every device, this one too. Sign in again whenever you like."
    )
    return redirect("accounts:login")


@login_required
@require_POST
def idle_timeout(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = IdleTimeoutForm(request.POST, instance=request.user)
    if form.is_valid():
        user_idle_timeout_set(user=request.user, minutes=form.cleaned_data["idle_timeout_minutes"])
        idle_clock_restart(request)
        messages.success(request, "Saved: " + request.user.get_idle_timeout_minutes_display() + ".")
    else:
        request.user.refresh_from_db()
        messages.error(request, "Please pick one of the choices for signing out when idle.")
    return redirect("settings")


def _two_factor_page(
    request: AuthenticatedHttpRequest, *, bound: PasswordConfirmForm | None = None
) -> HttpResponse:
    """The two-factor page; ``bound`` is a password form that failed, shown with its message."""
    user = request.user
    forms = {prefix: PasswordConfirmForm(user=user, prefix=prefix) for prefix in ("codes", "off")}
    if bound is not None:
        forms[str(bound.prefix)] = bound
    context = {
        "enabled": two_factor_enabled(user=user),
        "codes_left": recovery_codes_left(user=user),
        "codes_form": forms["codes"],
        "off_form": forms["off"],
    }
    return render(request, "accounts/two_factor.html", context, status=400 if bound else 200)


@login_required
@never_cache
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _two_factor_page(request)


@login_required
@never_cache
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if two_factor_enabled(user=user):
        return redirect("accounts:two_factor")
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor_confirm(user=user, code=form.cleaned_data["code"], now=timezone.now())
        if codes is not None:
            messages.success(request, "Two-factor sign-in is on.")
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error(
            "code", "That code didn't match. Codes change every 30 seconds; try the one showing now."
        )
    pending = two_factor_pending(user=user) or two_factor_setup_start(user=user)
    uri = otp.totp_provisioning_uri(secret=pending.secret, account=user.email)
    context = {"form": form, "secret": pending.secret, "qr_svg": otp.qr_svg(uri)}
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def two_factor_turn_off(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, user=request.user, prefix="off")
    if not form.is_valid():
        return _two_factor_page(request, bound=form)
    two_factor_disable(user=request.user)
    messages.success(request, "Two-factor sign-in is off. Your password alone signs you in now.")
    return redirect("accounts:two_factor")


@login_required
@require_POST
@never_cache
def recovery_codes_renew(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, user=request.user, prefix="codes")
    if not two_factor_enabled(user=request.user):
        return redirect("accounts:two_factor")
    if not form.is_valid():
        return _two_factor_page(request, bound=form)
    codes = recovery_codes_replace(user=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 handler, with our page; a body over the size limit says so plainly."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)
