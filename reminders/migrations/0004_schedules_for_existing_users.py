"""Give every user who signed up before reminders existed their schedule rows.

New users get theirs at signup; without this, older accounts would never be reminded.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone

from accounts import schedule

KINDS = [schedule.DAILY, schedule.LAST_CHANCE, schedule.KINDNESS, schedule.NEEDS]


def schedules_for_existing_users(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("accounts", "User")  # noqa: N806
    ReminderSchedule = apps.get_model("reminders", "ReminderSchedule")  # noqa: N806
    now = timezone.now()
    users = User.objects.exclude(id__in=ReminderSchedule.objects.values("user_id"))
    rows = []
    for user in users.only(
        "id", "time_zone", "day_start_hour", "reminder_time", "reminders_enabled", "is_active"
    ):
        for kind in KINDS:
            enabled = kind == schedule.DAILY
            fire_at = local_date = None
            if enabled and user.reminders_enabled and user.is_active:
                rule = schedule.Rule(kind, user.time_zone, user.day_start_hour, user.reminder_time)
                occurrence = schedule.reminder_next_fire_at(rule, after=now)
                fire_at, local_date = occurrence.fire_at, occurrence.local_date
            rows.append(
                ReminderSchedule(
                    user_id=user.id,
                    kind=kind,
                    enabled=enabled,
                    next_fire_at=fire_at,
                    next_local_date=local_date,
                    updated_at=now,
                )
            )
        if len(rows) >= 4000:
            ReminderSchedule.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    ReminderSchedule.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0003_ledger_without_database_fk"),
    ]

    operations = [
        migrations.RunPython(schedules_for_existing_users, migrations.RunPython.noop),
    ]
