from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from accounts.models import ReminderKind, ReminderSchedule, User
from journal.demo import demo_journal_seed
from journal.models import DayState, GratitudeItem, JournalDay
from journal.selectors import day_statuses, streak_summary_for
from journal.services import gratitude_item_add
from people.demo import demo_people_seed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 4, 12, tzinfo=UTC)


def test_demo_history_agrees_with_its_items_and_is_written_once() -> None:
    users = UserFactory.create_batch(3, time_zone="America/New_York")
    demo_people_seed(users=users[:2], rng=random.Random(1))  # the third has nobody: relational marks instead

    written = demo_journal_seed(users=users, days=400, rng=random.Random(22), now=NOW)
    again = demo_journal_seed(users=users, days=400, rng=random.Random(22), now=NOW)

    assert written == GratitudeItem.objects.count() > 1000
    assert again == 0
    actual = {
        (row["owner_id"], row["local_date"]): (row["items"], row["about_people"])
        for row in GratitudeItem.objects.values("owner_id", "local_date").annotate(
            items=Count("id", distinct=True),
            about_people=Count("id", distinct=True, filter=Q(relational=True) | Q(people__isnull=False)),
        )
    }
    days = list(JournalDay.objects.all())
    assert {(d.owner_id, d.local_date): (d.item_count, d.relational_count) for d in days} == actual
    for day in days:
        complete = day.item_count == 5 and day.relational_count > 0
        assert complete == (day.status in {DayState.ON_TIME, DayState.LATE})
        assert (day.completed_at is not None) == complete
        assert day.local_date < date(2026, 5, 4)  # today is left for the user to write
    statuses = {d.status for d in days}
    assert statuses == {DayState.ON_TIME, DayState.LATE, DayState.PARTIAL}
    summary = streak_summary_for(user=users[0], today=date(2026, 5, 4))
    assert 0 < summary.best < 400 and summary.practised > summary.best  # runs, with gaps between


def test_the_app_keeps_writing_after_the_demo_reserved_its_ids() -> None:
    user: User = UserFactory.create(time_zone="Europe/Berlin")
    demo_journal_seed(users=[user], days=30, rng=random.Random(3), now=NOW)
    item = gratitude_item_add(user=user, local_date=date(2026, 5, 4), text="A new day's first thing", now=NOW)
    assert item.pk > GratitudeItem.objects.exclude(pk=item.pk).order_by("-pk").values_list("pk", flat=True)[0]
    assert day_statuses(user=user)[date(2026, 5, 4)] == "partial"


def test_seed_demo_command_runs_twice_without_duplicating(capsys) -> None:
    call_command("seed_demo", users=2, days=20)
    counts = (User.objects.count(), JournalDay.objects.count(), GratitudeItem.objects.count())
    call_command("seed_demo", users=2, days=20)
    assert (User.objects.count(), JournalDay.objects.count(), GratitudeItem.objects.count()) == counts
    assert counts[1] > 0


@pytest.mark.django_db
def test_demo_users_get_their_daily_reminder_scheduled():
    call_command("seed_demo", users=2, days=3, stdout=io.StringIO())

    daily = ReminderSchedule.objects.filter(kind=ReminderKind.DAILY, user__email__startswith="demo")
    assert daily.count() == 2
    assert all(row.next_fire_at is not None for row in daily)
