from __future__ import annotations

import importlib
from datetime import UTC, datetime, time

import pytest
import time_machine
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from accounts.models import ReminderKind, ReminderSchedule
from tests.factories import UserFactory

backfill = importlib.import_module("reminders.migrations.0004_schedules_for_existing_users")


@pytest.mark.django_db
def test_users_from_before_reminders_get_their_daily_reminder():
    older = UserFactory.create(time_zone="Asia/Kolkata", reminder_time=time(21, 0))
    switched_off = UserFactory.create(reminders_enabled=False)

    # The models as they were when the migration ran (the schedule was reminders' then).
    state = MigrationLoader(connection).project_state(("reminders", "0004_schedules_for_existing_users"))
    with time_machine.travel(datetime(2026, 6, 10, 12, 0, tzinfo=UTC), tick=False):
        backfill.schedules_for_existing_users(state.apps, None)

    daily = ReminderSchedule.objects.get(user=older, kind=ReminderKind.DAILY)
    assert daily.next_fire_at == datetime(2026, 6, 10, 15, 30, tzinfo=UTC)
    assert ReminderSchedule.objects.filter(user=older).count() == 4
    assert not ReminderSchedule.objects.filter(user=switched_off, next_fire_at__isnull=False).exists()


def test_choosing_another_needs_day_moves_the_needs_reminder(user):
    from accounts.services import reminder_schedules_sync
    from feelings.services import needs_weekday_set

    reminder_schedules_sync(user=user)
    ReminderSchedule.objects.filter(user=user, kind=ReminderKind.NEEDS).update(enabled=True)
    needs_weekday_set(user=user, weekday=2)  # Wednesday
    wednesday = ReminderSchedule.objects.get(user=user, kind=ReminderKind.NEEDS)
    needs_weekday_set(user=user, weekday=5)  # Saturday
    saturday = ReminderSchedule.objects.get(user=user, kind=ReminderKind.NEEDS)

    assert wednesday.weekday == 2 and wednesday.next_local_date.weekday() == 2
    assert saturday.weekday == 5 and saturday.next_local_date.weekday() == 5
