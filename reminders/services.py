"""Reminders: dispatch what is due on the schedule (accounts keeps it), send what is claimed."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import requests
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from accounts import schedule
from accounts.models import PushSubscription, ReminderChannel, ReminderKind, ReminderSchedule, User
from accounts.selectors import user_local_today
from accounts.services import reminder_schedules_sync
from feelings.selectors import needs_checkin_due
from journal.selectors import streak_summary_for
from journal.streaks import StreakSummary
from kindness.selectors import week_progress
from reminders import emails, push
from reminders.models import Channel, DeliveryStatus, ReminderDelivery, UnsubscribeLinksRevoked

logger = logging.getLogger(__name__)

# Schedules claimed per transaction. PostgreSQL takes whole columns as arrays, so big
# batches are cheap.
CLAIM_BATCH = 10_000
LATE_AFTER = timedelta(hours=2)
STUCK_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 5
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


# --- Unsubscribe -----------------------------------------------------------------


def reminders_unsubscribe(*, user: User) -> None:
    """Stop reminder emails (the one-click unsubscribe); settings can turn them back on.

    Email only: with email and push, push stays on. With email alone, or push that fell
    back to email for want of a device, nothing else was arriving, so reminders go off.
    """
    with transaction.atomic():
        if user.reminder_channel == ReminderChannel.BOTH:
            user.reminder_channel = ReminderChannel.PUSH
            user.save(update_fields=["reminder_channel"])
            return
        user.reminders_enabled = False
        user.save(update_fields=["reminders_enabled"])
        reminder_schedules_sync(user=user)


def reminder_unsubscribe_links_revoke(*, user: User, now: datetime | None = None) -> None:
    """Make every unsubscribe link sent so far stop working; later emails carry working ones."""
    UnsubscribeLinksRevoked.objects.update_or_create(
        user=user, defaults={"links_before": now or timezone.now()}
    )


# --- Not today -----------------------------------------------------------------

# What "Not today" on a notification quiets: the rest of today's gratitude reminders.
NOT_TODAY_KINDS = (ReminderKind.DAILY, ReminderKind.LAST_CHANCE)


def reminders_skip_today(*, user: User, now: datetime | None = None) -> date:
    """No more gratitude reminders today, on any channel; returns the local day skipped.

    Ledger rows not yet sent become skipped, and rows that do not exist yet are written as
    skipped: the ledger's unique key then refuses the dispatcher's own row for that day,
    channel and kind, so "not today" holds however the schedule moves later.
    """
    now = now or timezone.now()
    local_date = user_local_today(user=user, now=now)
    with transaction.atomic():
        ReminderDelivery.objects.filter(
            user=user, local_date=local_date, kind__in=NOT_TODAY_KINDS, status=DeliveryStatus.QUEUED
        ).update(status=DeliveryStatus.SKIPPED, reason="not today", finished_at=now)
        ReminderDelivery.objects.bulk_create(
            [
                ReminderDelivery(
                    user=user,
                    kind=kind,
                    channel=channel,
                    local_date=local_date,
                    time_zone=user.time_zone,
                    due_at=now,
                    status=DeliveryStatus.SKIPPED,
                    reason="not today",
                    available_at=now,
                    finished_at=now,
                )
                for kind in NOT_TODAY_KINDS
                for channel in Channel
            ],
            ignore_conflicts=True,  # rows already there (sent, sending or skipped) stay as they are
        )
    return local_date


# --- Dispatch -----------------------------------------------------------------


# A batch goes as a few array parameters (unnest), in binary (%b). The schedule table is
# accounts.ReminderSchedule's (its db_table keeps the name it was made with).
_CLAIM_SQL = """
WITH v(v_id, v_group) AS (SELECT * FROM unnest(%b::bigint[], %b::int[])),
g(g_next, g_date, g_index) AS (SELECT * FROM unnest(%b::timestamptz[], %b::date[]) WITH ORDINALITY),
claimed AS (
    SELECT s.id, s.user_id, s.kind, s.next_fire_at, s.next_local_date, u.time_zone, g.g_next, g.g_date,
        u.reminder_channel,
        EXISTS (SELECT 1 FROM accounts_pushsubscription AS p WHERE p.user_id = s.user_id) AS has_push
    FROM v
    JOIN reminders_reminderschedule AS s ON s.id = v.v_id
    JOIN accounts_user AS u ON u.id = s.user_id
    JOIN g ON g.g_index = v.v_group
    WHERE s.next_fire_at <= %b
),
advanced AS (
    UPDATE reminders_reminderschedule AS s
    SET next_fire_at = claimed.g_next, next_local_date = claimed.g_date
    FROM claimed
    WHERE s.id = claimed.id
    RETURNING claimed.user_id, claimed.kind, claimed.next_local_date, claimed.time_zone, claimed.next_fire_at,
        -- One ledger row per channel. Push with no device to push to falls back to email,
        -- so choosing push on a phone that later drops its subscription never means silence.
        CASE
            WHEN claimed.reminder_channel = 'email' OR NOT claimed.has_push THEN ARRAY['email']
            WHEN claimed.reminder_channel = 'push' THEN ARRAY['push']
            ELSE ARRAY['email', 'push']
        END AS channels
)
INSERT INTO reminders_reminderdelivery
    (user_id, kind, channel, local_date, time_zone, due_at, status, reason, attempts, available_at,
     enqueued_at)
SELECT user_id, kind, c.channel, next_local_date, time_zone, next_fire_at, %b, '', 0, %b, %b
FROM advanced CROSS JOIN LATERAL unnest(advanced.channels) AS c(channel)
ON CONFLICT (user_id, local_date, kind, channel) DO NOTHING
RETURNING id
"""


def _claim(advance: list[tuple[Any, ...]], *, now: datetime) -> list[int]:
    """Advance locked schedules and ledger them (a row per channel) in one statement; return
    the new ledger ids.

    The rows are already locked FOR UPDATE by this transaction, so no other dispatcher can
    move them; the statement still re-checks each is due. Next occurrences are sent once
    per distinct value (most users share a zone and a time), and each row names its own.
    """
    import psycopg

    groups: dict[tuple[datetime, date], int] = {}
    ids, row_groups = [], []
    for sid, _, next_fire_at, next_date, *_ in advance:
        ids.append(sid)
        row_groups.append(groups.setdefault((next_fire_at, next_date), len(groups) + 1))
    next_times = [fire_at for fire_at, _ in groups]
    next_dates = [day for _, day in groups]
    params = [ids, row_groups, next_times, next_dates, now, DeliveryStatus.QUEUED.value, now, now]
    # Django's cursors bind client-side, quoting every array element in Python; a plain
    # psycopg cursor on the same connection (same transaction) binds server-side, in binary.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(_CLAIM_SQL, params)
        return sorted(row[0] for row in cursor.fetchall())


def _claim_batch(*, now: datetime, limit: int) -> tuple[int, list[int]]:
    """Claim up to ``limit`` due schedules, advance them and write ledger rows.

    Returns how many due rows were read and the ids of the new ledger rows; a batch
    can read rows yet ledger none (all reminded already), and the pass goes on.
    """
    due = list(
        ReminderSchedule.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(next_fire_at__lte=now)
        .order_by("next_fire_at")
        .values_list(
            "id",
            "user_id",
            "kind",
            "next_fire_at",
            "next_local_date",
            "hours_before_end",
            "weekday",
            "user__time_zone",
            "user__day_start_hour",
            "user__reminder_time",
        )[:limit]
    )
    if not due:
        return 0, []
    advance = []
    for sid, user_id, kind, fire_at, local_date, hours, weekday, tz_name, day_start, at in due:
        rule = schedule.Rule(kind, tz_name, day_start, at, hours, weekday)
        nxt = schedule.reminder_next_fire_at(rule, after=now, not_for_dates_through=local_date)
        advance.append((sid, fire_at, nxt.fire_at, nxt.local_date, user_id, kind, local_date, tz_name))
    with connection.cursor() as cursor:
        # Not waiting for this commit to reach disk is safe: the schedule advance and the
        # ledger rows commit (or are lost in a crash) together, and a lost batch is simply
        # still due at the next pass. It spares an fsync per batch at a million rows.
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
    return len(due), _claim(advance, now=now)


def reminders_claim_batch(*, now: datetime, limit: int = CLAIM_BATCH) -> tuple[int, list[int]]:
    """Claim, advance and ledger up to ``limit`` due schedules in one committed transaction.

    Returns how many due rows were read and the ids of the new ledger rows, for the
    caller to queue (reminders.tasks). A batch can read rows yet ledger none (all
    reminded already). Safe to run concurrently: the rows are claimed with SKIP LOCKED
    and the ledger's unique key refuses a second row for the same user, kind and day.
    If the process dies between this commit and the queueing, the ledger rows stay
    queued and the sweeper (``reminder_deliveries_unstick``) queues them later.
    """
    with transaction.atomic():
        return _claim_batch(now=now, limit=limit)


def reminder_deliveries_unstick(*, now: datetime, stuck_after: timedelta = STUCK_AFTER) -> list[int]:
    """The sweeper: the ids of rows whose task was lost or whose sender died mid-send,
    marked as queued now; the caller queues them (reminders.tasks)."""
    stale = now - stuck_after
    with transaction.atomic():
        # A worker killed mid-send leaves its row in "sending"; nobody else will finish it.
        ReminderDelivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lte=stale).update(
            status=DeliveryStatus.QUEUED, enqueued_at=None
        )
        # Queued rows with no task in flight: waiting out a retry backoff, or whose
        # broker message was lost (a Redis restart without persistence, for one).
        ids = list(
            ReminderDelivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.QUEUED, available_at__lte=now)
            .exclude(enqueued_at__gt=stale)
            .order_by("id")
            .values_list("id", flat=True)[:50_000]
        )
        ReminderDelivery.objects.filter(id__in=ids).update(enqueued_at=now)
    return ids


# --- Send -----------------------------------------------------------------------


def _claim_delivery(*, delivery_id: int, now: datetime) -> bool:
    # Compare-and-set: a redelivered task or a second worker finds the row already taken.
    return (
        ReminderDelivery.objects.filter(
            id=delivery_id, status=DeliveryStatus.QUEUED, available_at__lte=now
        ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        == 1
    )


def _finish(delivery: ReminderDelivery, *, status: str, reason: str = "", now: datetime) -> None:
    ReminderDelivery.objects.filter(id=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=status, reason=reason[:200], finished_at=now
    )


def reminder_skip_reason(
    *,
    delivery: ReminderDelivery,
    kind_enabled: bool,
    journal: StreakSummary,
    now: datetime,
    has_push: bool = False,
) -> str:
    """Why this reminder should not go out now, or "" to send it. Checked at send time.

    The user may have changed channel since dispatch; an email stands in for push only
    while no device has push on (``has_push``), as at dispatch.
    """
    user = delivery.user
    if now - delivery.due_at > LATE_AFTER:
        return "more than two hours late"
    if not user.is_active:
        return "account inactive"
    if not user.reminders_enabled:
        return "reminders turned off"
    if not kind_enabled:
        return "this reminder is turned off"
    if delivery.channel == Channel.PUSH and user.reminder_channel == ReminderChannel.EMAIL:
        return "push is turned off"
    if delivery.channel == Channel.EMAIL and user.reminder_channel == ReminderChannel.PUSH and has_push:
        return "email is turned off"
    local_date = delivery.local_date
    if delivery.kind in (ReminderKind.DAILY, ReminderKind.LAST_CHANCE) and journal.today_status.practised:
        return "today's five are done"
    if delivery.kind == ReminderKind.LAST_CHANCE and not journal.current:
        return "no streak at risk"
    if delivery.kind == ReminderKind.KINDNESS:
        done, target = week_progress(user=user, local_date=local_date)
        if done >= target:
            return "this week's kindness target is met"
    if delivery.kind == ReminderKind.NEEDS and not needs_checkin_due(user=user, local_date=local_date):
        return "no needs check-in due"
    return ""


def _claimed_delivery(*, delivery_id: int) -> ReminderDelivery | None:
    """The row just claimed, its user, whether its kind is still on and whether any device has
    push on, in one query."""
    kind_on = ReminderSchedule.objects.filter(user=OuterRef("user"), kind=OuterRef("kind"), enabled=True)
    devices = PushSubscription.objects.filter(user=OuterRef("user"))
    return (
        ReminderDelivery.objects.select_related("user")
        .annotate(kind_enabled=Exists(kind_on), has_push=Exists(devices))
        .filter(id=delivery_id)
        .first()
    )


def reminder_deliveries_send(*, delivery_ids: Iterable[int], now: datetime | None = None) -> dict[str, int]:
    """Send the claimed ledger rows; record sent, skipped (with reason) or failed for each.

    Four queries per email reminder: claim, read, the journal's streak summary, finish; a
    push reminder adds reading its devices and marking them used.
    """
    counts = {"sent": 0, "skipped": 0, "failed": 0, "retry": 0, "not_ours": 0}
    with get_connection() as mail, requests.Session() as pushes:
        for delivery_id in delivery_ids:
            moment = now or timezone.now()
            if not _claim_delivery(delivery_id=delivery_id, now=moment):
                counts["not_ours"] += 1
                continue
            delivery = _claimed_delivery(delivery_id=delivery_id)
            if delivery is None:  # the account was deleted after the claim
                continue
            # The day's completion and the streak, from one summary of the user's journal.
            journal = streak_summary_for(user=delivery.user, today=delivery.local_date)
            reason = reminder_skip_reason(
                delivery=delivery,
                kind_enabled=delivery.kind_enabled,  # type: ignore[attr-defined]
                journal=journal,
                now=moment,
                has_push=delivery.has_push,  # type: ignore[attr-defined]
            )
            if reason:
                _finish(delivery, status=DeliveryStatus.SKIPPED, reason=reason, now=moment)
                counts["skipped"] += 1
                continue
            if delivery.channel == Channel.PUSH:
                counts[_push_one(delivery, session=pushes, now=moment)] += 1
            else:
                counts[_send_one(delivery, mail=mail, streak=journal.current, now=moment)] += 1
    return counts


def _send_one(delivery: ReminderDelivery, *, mail: BaseEmailBackend, streak: int, now: datetime) -> str:
    message = emails.reminder_message(
        user=delivery.user,
        kind=delivery.kind,
        local_date=delivery.local_date,
        delivery_id=delivery.pk,
        streak=streak,
    )
    message.connection = mail
    try:
        message.send()
    except PERMANENT_ERRORS as error:
        _finish(delivery, status=DeliveryStatus.FAILED, reason=f"refused: {error}", now=now)
        return "failed"
    except TRANSIENT_ERRORS as error:
        logger.warning("Reminder %s: transient mail error %s", delivery.pk, error)
        return _retry_later(delivery, error=error, now=now)
    _finish(delivery, status=DeliveryStatus.SENT, now=now)
    return "sent"


def _push_one(delivery: ReminderDelivery, *, session: requests.Session, now: datetime) -> str:
    """Push the reminder to each of the user's devices.

    Sent once any device took it. Devices the push service calls gone (404, 410) are
    forgotten. If none took it and one may later, the whole row is retried like an email;
    a device that took it on the first try may then get it again, which its notification
    tag (push.reminder_payload) shows as the same notification, not a second one.
    """
    devices = list(PushSubscription.objects.filter(user_id=delivery.user_id))
    if not devices:
        _finish(delivery, status=DeliveryStatus.SKIPPED, reason="no device has push on", now=now)
        return "skipped"
    payload = push.reminder_payload(
        user_id=delivery.user_id, kind=delivery.kind, local_date=delivery.local_date
    )
    topic = str(payload["tag"])
    outcomes: dict[push.Outcome, list[tuple[PushSubscription, str]]] = {
        outcome: [] for outcome in push.Outcome
    }
    for device in devices:
        target = push.Device(endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth)
        outcome, why = push.push_send(device=target, payload=payload, topic=topic, session=session)
        outcomes[outcome].append((device, why))
    if outcomes[push.Outcome.GONE]:
        PushSubscription.objects.filter(
            pk__in=[device.pk for device, _ in outcomes[push.Outcome.GONE]]
        ).delete()
    if outcomes[push.Outcome.SENT]:
        PushSubscription.objects.filter(
            pk__in=[device.pk for device, _ in outcomes[push.Outcome.SENT]]
        ).update(last_used_at=now)
        _finish(delivery, status=DeliveryStatus.SENT, now=now)
        return "sent"
    if outcomes[push.Outcome.RETRY]:
        why = outcomes[push.Outcome.RETRY][0][1]
        logger.warning("Reminder %s: transient push error %s", delivery.pk, why)
        return _retry_later(delivery, error=why, now=now)
    reasons = [why for outcome in (push.Outcome.REFUSED, push.Outcome.GONE) for _, why in outcomes[outcome]]
    _finish(delivery, status=DeliveryStatus.FAILED, reason="; ".join(reasons), now=now)
    return "failed"


def reminder_retry_delay(*, attempts: int) -> timedelta:
    """Backoff between tries: 1, 2, 4, 8 … minutes."""
    return timedelta(minutes=2 ** max(0, attempts - 1))


def _retry_later(delivery: ReminderDelivery, *, error: Exception | str, now: datetime) -> str:
    attempts = ReminderDelivery.objects.values_list("attempts", flat=True).get(id=delivery.pk)
    if attempts >= MAX_ATTEMPTS:
        _finish(delivery, status=DeliveryStatus.FAILED, reason=f"gave up: {error}", now=now)
        return "failed"
    # No ETA task: the row waits in the ledger and the sweeper queues it once available.
    ReminderDelivery.objects.filter(id=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.QUEUED,
        reason=f"retrying: {error}"[:200],
        available_at=now + reminder_retry_delay(attempts=attempts),
        enqueued_at=None,
    )
    return "retry"


def reminder_test_deliver(*, user_id: int) -> bool:
    """Send a test reminder now, outside the ledger: it is for trying things out."""
    user = User.objects.filter(id=user_id, is_active=True).first()
    if user is None:
        return False
    local_date = user_local_today(user=user)
    emails.reminder_message(user=user, kind=ReminderKind.DAILY, local_date=local_date, test=True).send()
    return True
