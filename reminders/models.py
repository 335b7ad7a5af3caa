from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import ReminderKind


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    PUSH = "push", "Push"


class ReminderDelivery(models.Model):
    """The delivery ledger. Its unique (user, local_date, kind, channel) is what makes a
    second reminder for one local day on one channel impossible, whatever else goes wrong.

    A push row stands for every device the user has push on: one notification per device.
    """

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
    # db_default too: a worker still running the code from before channels writes email rows.
    channel = models.CharField(
        max_length=5, choices=Channel.choices, default=Channel.EMAIL, db_default=Channel.EMAIL
    )
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
                fields=["user", "local_date", "kind", "channel"],
                name="reminders_delivery_once_per_local_day",
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
        return f"{self.kind} by {self.channel} for user {self.user_id} on {self.local_date}: {self.status}"


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
