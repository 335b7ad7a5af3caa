from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from accounts import clock
from accounts.models import User, normalize_email


def user_local_now(*, user: User, now: datetime | None = None) -> datetime:
    return clock.local_now(tz=user.tz, now=now or timezone.now())


def user_local_today(*, user: User, now: datetime | None = None) -> date:
    return clock.local_day(now or timezone.now(), tz=user.tz, day_start_hour=user.day_start_hour)


def user_by_email(*, email: str) -> User | None:
    return User.objects.filter(email=normalize_email(email), is_active=True).first()
