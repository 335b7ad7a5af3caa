from __future__ import annotations

import smtplib
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from accounts.models import ReminderKind, ReminderSchedule
from accounts.services import KindPreference, reminder_preferences_update, reminder_schedules_sync
from reminders.models import DeliveryStatus, ReminderDelivery
from reminders.services import reminder_deliveries_send
from reminders.tasks import reminder_deliveries_requeue, reminders_dispatch
from tests.factories import UserFactory

# 20:00 in Berlin on 10 June 2026 is 18:00 UTC.
BERLIN_EIGHT_PM = datetime(2026, 6, 10, 18, 0, tzinfo=UTC)


def make_users(count: int, *, zone: str = "Europe/Berlin", at: time = time(20, 0)) -> list:
    users = []
    with time_machine.travel(BERLIN_EIGHT_PM - timedelta(hours=6), tick=False):
        for _ in range(count):
            user = UserFactory.create(time_zone=zone, reminder_time=at)
            reminder_schedules_sync(user=user)
            users.append(user)
    return users


def dispatch_and_send(capture, *, now: datetime) -> None:
    with capture(execute=True):
        reminders_dispatch(now=now)


@pytest.mark.django_db
def test_every_due_user_gets_exactly_one_email_even_when_dispatch_runs_twice(
    django_capture_on_commit_callbacks,
):
    users = make_users(3)

    with time_machine.travel(BERLIN_EIGHT_PM, tick=False):
        dispatch_and_send(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM)
        dispatch_and_send(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM + timedelta(seconds=30))

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    ledger = ReminderDelivery.objects.filter(kind=ReminderKind.DAILY)
    assert list(ledger.values_list("status", flat=True)) == [DeliveryStatus.SENT] * 3
    assert set(ledger.values_list("local_date", flat=True)) == {date(2026, 6, 10)}
    # Each schedule moved on to tomorrow's 20:00.
    daily = ReminderSchedule.objects.filter(kind=ReminderKind.DAILY)
    assert set(daily.values_list("next_fire_at", flat=True)) == {BERLIN_EIGHT_PM + timedelta(days=1)}


@pytest.mark.django_db
def test_nothing_is_sent_before_the_chosen_local_time(django_capture_on_commit_callbacks):
    make_users(1)

    result = reminders_dispatch(now=BERLIN_EIGHT_PM - timedelta(minutes=1))

    assert result.claimed == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_ledger_refuses_a_second_reminder_for_the_same_local_day(django_capture_on_commit_callbacks):
    (user,) = make_users(1)
    with time_machine.travel(BERLIN_EIGHT_PM, tick=False):
        dispatch_and_send(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM)
    # Something rewinds the schedule to today's time (a bug, a restore, a race):
    ReminderSchedule.objects.filter(user=user, kind=ReminderKind.DAILY).update(
        next_fire_at=BERLIN_EIGHT_PM, next_local_date=date(2026, 6, 10)
    )

    with time_machine.travel(BERLIN_EIGHT_PM + timedelta(minutes=5), tick=False):
        dispatch_and_send(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM + timedelta(minutes=5))

    assert len(mail.outbox) == 1
    assert ReminderDelivery.objects.count() == 1


@pytest.mark.django_db
def test_one_send_task_carries_up_to_five_hundred_reminders(django_capture_on_commit_callbacks):
    make_users(3)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = reminders_dispatch(now=BERLIN_EIGHT_PM)

    assert result.claimed == 3
    assert result.messages == 1
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_a_reminder_more_than_two_hours_late_is_skipped_not_sent(django_capture_on_commit_callbacks):
    make_users(1)
    with django_capture_on_commit_callbacks(execute=False):
        reminders_dispatch(now=BERLIN_EIGHT_PM)
    ids = list(ReminderDelivery.objects.values_list("id", flat=True))

    counts = reminder_deliveries_send(delivery_ids=ids, now=BERLIN_EIGHT_PM + timedelta(hours=2, minutes=1))

    assert counts["skipped"] == 1
    assert mail.outbox == []
    assert ReminderDelivery.objects.get().reason == "more than two hours late"


@pytest.mark.django_db
def test_turning_reminders_off_after_dispatch_skips_the_send(django_capture_on_commit_callbacks):
    (user,) = make_users(1)
    with django_capture_on_commit_callbacks(execute=False):
        reminders_dispatch(now=BERLIN_EIGHT_PM)
    user.reminders_enabled = False
    user.save()

    reminder_deliveries_send(delivery_ids=[ReminderDelivery.objects.get().pk], now=BERLIN_EIGHT_PM)

    delivery = ReminderDelivery.objects.get()
    assert (delivery.status, delivery.reason) == (DeliveryStatus.SKIPPED, "reminders turned off")
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_second_send_of_the_same_row_is_refused(django_capture_on_commit_callbacks):
    make_users(1)
    with django_capture_on_commit_callbacks(execute=False):
        reminders_dispatch(now=BERLIN_EIGHT_PM)
    ids = list(ReminderDelivery.objects.values_list("id", flat=True))

    first = reminder_deliveries_send(delivery_ids=ids, now=BERLIN_EIGHT_PM)
    again = reminder_deliveries_send(delivery_ids=ids, now=BERLIN_EIGHT_PM)

    assert (first["sent"], again["sent"], again["not_ours"]) == (1, 0, 1)
    assert len(mail.outbox) == 1


class FlakySmtp(EmailBackend):
    """The outside world: an SMTP server that is briefly unavailable."""

    failures_left = 1

    def send_messages(self, messages):
        if FlakySmtp.failures_left > 0:
            FlakySmtp.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_a_transient_smtp_error_is_retried_later_without_an_eta_task(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.reminders.test_dispatch_and_send.FlakySmtp"
    FlakySmtp.failures_left = 1
    make_users(1)
    with django_capture_on_commit_callbacks(execute=False):
        reminders_dispatch(now=BERLIN_EIGHT_PM)
    delivery = ReminderDelivery.objects.get()

    assert reminder_deliveries_send(delivery_ids=[delivery.pk], now=BERLIN_EIGHT_PM)["retry"] == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.available_at == BERLIN_EIGHT_PM + timedelta(minutes=1)

    # Too early: the sweeper leaves it; once the backoff is over it queues it, and it goes out.
    assert reminder_deliveries_requeue(now=BERLIN_EIGHT_PM + timedelta(seconds=30)) == 0
    retry_at = BERLIN_EIGHT_PM + timedelta(minutes=1)
    with time_machine.travel(retry_at, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert reminder_deliveries_requeue(now=retry_at) == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_sweeper_requeues_a_row_left_sending_by_a_dead_worker(django_capture_on_commit_callbacks):
    make_users(1)
    with django_capture_on_commit_callbacks(execute=False):
        reminders_dispatch(now=BERLIN_EIGHT_PM)
    ReminderDelivery.objects.update(status=DeliveryStatus.SENDING, claimed_at=BERLIN_EIGHT_PM)

    later = BERLIN_EIGHT_PM + timedelta(minutes=11)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert reminder_deliveries_requeue(now=later) == 1

    assert ReminderDelivery.objects.get().status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_email_has_text_html_a_link_to_today_and_one_click_unsubscribe(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://compersion.example"
    (user,) = make_users(1)
    with time_machine.travel(BERLIN_EIGHT_PM, tick=False):
        dispatch_and_send(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM)

    (message,) = mail.outbox
    assert message.subject == "A few minutes for gratitude"
    assert "Open Compersion: https://compersion.example/" in message.body
    assert "Today's prompt:" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://compersion.example/"' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://compersion.example/reminders/unsubscribe/"
    )


@pytest.mark.django_db
def test_last_chance_is_skipped_when_there_is_no_streak_at_risk(django_capture_on_commit_callbacks):
    (user,) = make_users(1)
    with time_machine.travel(BERLIN_EIGHT_PM - timedelta(hours=6), tick=False):
        reminder_preferences_update(
            user=user,
            preferences={
                ReminderKind.DAILY: KindPreference(enabled=False),
                ReminderKind.LAST_CHANCE: KindPreference(enabled=True, hours_before_end=2),
            },
        )
    # The day ends at 03:00 in Berlin (01:00 UTC); two hours before is 23:00 UTC.
    due = datetime(2026, 6, 10, 23, 0, tzinfo=UTC)
    with time_machine.travel(due, tick=False):
        dispatch_and_send(django_capture_on_commit_callbacks, now=due)

    delivery = ReminderDelivery.objects.get()
    assert (delivery.kind, delivery.status) == (ReminderKind.LAST_CHANCE, DeliveryStatus.SKIPPED)
    assert delivery.reason == "no streak at risk"
    assert mail.outbox == []


@pytest.mark.django_db
def test_changing_zone_after_todays_reminder_does_not_send_a_second(django_capture_on_commit_callbacks):
    (user,) = make_users(1)
    with time_machine.travel(BERLIN_EIGHT_PM, tick=False):
        dispatch_and_send(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM)
    landed = BERLIN_EIGHT_PM + timedelta(hours=1)
    with time_machine.travel(landed, tick=False):
        user.time_zone = "America/New_York"
        user.save()
        reminder_schedules_sync(user=user)

    # 20:00 on 10 June in New York is still ahead, but 10 June was reminded in Berlin:
    # the ledger's unique key refuses a second reminder for that day, and the row moves on.
    with time_machine.travel(datetime(2026, 6, 11, 0, 1, tzinfo=UTC), tick=False):
        dispatch_and_send(django_capture_on_commit_callbacks, now=datetime(2026, 6, 11, 0, 1, tzinfo=UTC))
    assert len(mail.outbox) == 1
    assert ReminderSchedule.objects.get(user=user, kind=ReminderKind.DAILY).next_local_date == date(
        2026, 6, 11
    )


@pytest.mark.django_db
def test_switching_reminders_off_clears_every_next_fire_time():
    (user,) = make_users(1)
    user.reminders_enabled = False
    user.save()

    rows = reminder_schedules_sync(user=user)

    assert [row.next_fire_at for row in rows] == [None] * 4


def write_five(user, *, local_date: date, at: datetime) -> None:
    from journal.services import gratitude_item_add

    for n in range(5):
        gratitude_item_add(
            user=user,
            local_date=local_date,
            text=f"a specific kind thing number {n}",
            relational=n == 0,
            now=at,
        )


@pytest.mark.django_db
def test_the_daily_reminder_stays_quiet_once_todays_five_are_done(django_capture_on_commit_callbacks):
    (user,) = make_users(1)
    write_five(user, local_date=date(2026, 6, 10), at=BERLIN_EIGHT_PM - timedelta(hours=1))

    with time_machine.travel(BERLIN_EIGHT_PM, tick=False):
        dispatch_and_send(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM)

    delivery = ReminderDelivery.objects.get()
    assert (delivery.status, delivery.reason) == (DeliveryStatus.SKIPPED, "today's five are done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_last_chance_goes_out_while_a_streak_is_at_risk_and_names_it(django_capture_on_commit_callbacks):
    (user,) = make_users(1)
    write_five(user, local_date=date(2026, 6, 9), at=BERLIN_EIGHT_PM - timedelta(days=1))
    with time_machine.travel(BERLIN_EIGHT_PM - timedelta(hours=6), tick=False):
        reminder_preferences_update(
            user=user,
            preferences={
                ReminderKind.DAILY: KindPreference(enabled=False),
                ReminderKind.LAST_CHANCE: KindPreference(enabled=True, hours_before_end=2),
            },
        )
    due = datetime(2026, 6, 10, 23, 0, tzinfo=UTC)

    with time_machine.travel(due, tick=False):
        dispatch_and_send(django_capture_on_commit_callbacks, now=due)

    (message,) = mail.outbox
    assert message.subject == "Still time to keep your streak going"
    assert "You've practised 1 day in a row." in message.body
    assert ReminderDelivery.objects.get().status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_sending_costs_a_few_queries_per_reminder_whatever_the_batch(
    django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    make_users(5)
    with django_capture_on_commit_callbacks(execute=False):
        reminders_dispatch(now=BERLIN_EIGHT_PM)
    ids = list(ReminderDelivery.objects.values_list("id", flat=True))

    with django_assert_max_num_queries(4 * 5):
        counts = reminder_deliveries_send(delivery_ids=ids, now=BERLIN_EIGHT_PM)

    assert counts["sent"] == 5
