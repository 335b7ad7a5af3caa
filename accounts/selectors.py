from __future__ import annotations

from datetime import date, datetime

from axes.helpers import get_client_ip_address
from django.db.models import F
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from accounts.models import (
    PushSubscription,
    RecoveryCode,
    ReminderKind,
    ReminderSchedule,
    TwoFactor,
    User,
    Weekday,
    normalize_email,
)
from accounts.tokens import signup_confirm_tokens
from compersion.lib import clock


def user_local_now(*, user: User, now: datetime | None = None) -> datetime:
    return clock.local_now(tz=user.tz, now=now or timezone.now())


def user_local_today(*, user: User, now: datetime | None = None) -> date:
    return clock.local_day(now or timezone.now(), tz=user.tz, day_start_hour=user.day_start_hour)


def user_by_email(*, email: str) -> User | None:
    return User.objects.filter(email=normalize_email(email), is_active=True).first()


def two_factor_enabled(*, user: User) -> bool:
    return TwoFactor.objects.filter(user=user).exclude(confirmed_at=None).exists()


def two_factor_pending(*, user: User) -> TwoFactor | None:
    """The app link being set up (not yet confirmed), if any."""
    return TwoFactor.objects.filter(user=user, confirmed_at=None).first()


def two_factor_paused_until(*, user: User, now: datetime) -> datetime | None:
    """When the code step opens again after too many wrong codes, or None if it is open."""
    paused_until: datetime | None = (
        TwoFactor.objects.filter(user=user, code_paused_until__gt=now)
        .values_list("code_paused_until", flat=True)
        .first()
    )
    return paused_until


def recovery_codes_left(*, user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at=None).count()


def user_for_pending_sign_in(*, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def user_for_signup_link(*, uidb64: str, token: str) -> User | None:
    """The account a sign-up confirmation link names, if the link is still good."""
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=user_id, is_active=False, email_confirmed_at=None).first()
    if user is None or not signup_confirm_tokens.check_token(user, token):
        return None
    return user


def client_address(*, request: HttpRequest) -> str | None:
    """The client's IP address as the sign-in lockout sees it: REMOTE_ADDR, or
    X-Forwarded-For only behind as many proxies as DJANGO_PROXY_COUNT says."""
    address: str | None = get_client_ip_address(request)
    return address


def reminder_schedules_for(*, user: User) -> dict[str, ReminderSchedule]:
    """The user's schedule rows by kind; kinds without a row yet get unsaved defaults."""
    rows = {row.kind: row for row in ReminderSchedule.objects.filter(user=user)}
    for kind in ReminderKind.values:
        rows.setdefault(kind, ReminderSchedule(user=user, kind=kind, enabled=kind == ReminderKind.DAILY))
    return rows


def reminder_weekday(*, user: User, kind: str) -> int:
    """The weekday a weekly kind falls on (the needs row's is the user's needs check-in day)."""
    weekday = ReminderSchedule.objects.filter(user=user, kind=kind).values_list("weekday", flat=True).first()
    return Weekday.SUNDAY if weekday is None else weekday


def push_devices_for(*, user: User) -> list[PushSubscription]:
    """The devices the user turned push reminders on in, most recently used first."""
    return list(
        PushSubscription.objects.filter(user=user)
        .defer("endpoint", "p256dh", "auth")  # the list shows none of the secrets; skip decrypting them
        .order_by(F("last_used_at").desc(nulls_last=True), "-created_at")
    )


def push_subscription_for(*, user: User, subscription_id: int) -> PushSubscription:
    """The user's own device, or 404: another user's id is as unknown as a missing one."""
    try:
        return PushSubscription.objects.get(user=user, pk=subscription_id)
    except PushSubscription.DoesNotExist:
        raise Http404("No such device.") from None
