from __future__ import annotations

from datetime import time

from django.db import transaction

from accounts.models import User, normalize_email
from accounts.tasks import email_send
from reminders.services import reminder_schedules_sync


def user_signup(*, email: str, password: str, display_name: str, time_zone: str) -> User:
    with transaction.atomic():
        user = User.objects.create_user(
            email=normalize_email(email),
            password=password,
            display_name=display_name.strip(),
            time_zone=time_zone,
        )
        reminder_schedules_sync(user=user)
    return user


def user_preferences_update(
    *,
    user: User,
    display_name: str,
    time_zone: str,
    day_start_hour: int,
    reminder_time: time,
    reminders_enabled: bool,
) -> User:
    user.display_name = display_name.strip()
    user.time_zone = time_zone
    user.day_start_hour = day_start_hour
    user.reminder_time = reminder_time
    user.reminders_enabled = reminders_enabled
    user.save(
        update_fields=[
            "display_name",
            "time_zone",
            "day_start_hour",
            "reminder_time",
            "reminders_enabled",
        ]
    )
    # Zone, time, day-start hour or the master switch may have changed: the next
    # fire times are recomputed from scratch.
    reminder_schedules_sync(user=user)
    return user


def account_email_queue(*, to: str, subject: str, text: str, html: str | None = None) -> None:
    """Queue an account email; it leaves only once the surrounding transaction commits."""
    # The task takes plain strings: by the time a worker runs it, the user row may
    # have changed, and the message must say what the user was shown.
    # celery-types predates Celery 5.4's DjangoTask.delay_on_commit.
    email_send.delay_on_commit(to=to, subject=subject, text=text, html=html)  # type: ignore[attr-defined]
