from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from reminders import schedule


class ReminderKind(models.TextChoices):
    DAILY = schedule.DAILY, "Daily gratitude reminder"
    LAST_CHANCE = schedule.LAST_CHANCE, "Last chance to keep your streak"
    KINDNESS = schedule.KINDNESS, "Weekly kindness nudge"
    NEEDS = schedule.NEEDS, "Weekly needs check-in"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ReminderSchedule(models.Model):
    """One row per user per kind: the preference, and the next time it fires (UTC).

    ``next_fire_at`` is NULL while the reminder is off; the partial index keeps
    the dispatcher's "due now" scan proportional to what is actually due.
    """

    # No separate index on user: the unique constraint below starts with user and serves it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    enabled = models.BooleanField(default=False)
    hours_before_end = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.SUNDAY)
    next_fire_at = models.DateTimeField(null=True, blank=True)
    next_local_date = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminders_schedule_one_per_kind"),
        ]
        indexes = [
            models.Index(
                fields=["next_fire_at"],
                name="reminders_schedule_due",
                condition=models.Q(next_fire_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.user_id} at {self.next_fire_at}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


class ReminderDelivery(models.Model):
    """The delivery ledger. Its unique (user, local_date, kind) is what makes a
    second reminder for one local day impossible, whatever else goes wrong."""

    # No separate index on user: the unique constraint below starts with user and serves it.
    # No database foreign key either: at a million rows a pass, PostgreSQL's per-row check
    # (a KEY SHARE lock on every user row) doubled the dispatch time. Deleting a user still
    # deletes their ledger (Django's CASCADE), and dispatch only ledgers users it just read.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    local_date = models.DateField()
    time_zone = models.CharField(max_length=64)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    reason = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the row may next be tried (retry backoff) and when a task for it was last queued;
    # enqueued_at is NULL while nothing in the broker carries this row.
    available_at = models.DateTimeField()
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_date", "kind"], name="reminders_delivery_once_per_local_day"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "available_at"],
                name="reminders_delivery_unfinished",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.user_id} on {self.local_date}: {self.status}"


class UnsubscribeLinksRevoked(models.Model):
    """When the user last asked that the unsubscribe links already sent stop working.

    The links themselves are not stored (each email carries its own encrypted, dated
    token); a link issued at or before ``links_before`` is refused.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    links_before = models.DateTimeField()

    def __str__(self) -> str:
        return f"unsubscribe links of user {self.user_id} revoked before {self.links_before}"
