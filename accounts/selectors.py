from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from accounts import clock
from accounts.models import RecoveryCode, TwoFactor, User, normalize_email


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
