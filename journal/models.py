from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from compersion.lib.encryption import EncryptedTextField
from compersion.lib.removal import Removable
from compersion.lib.submissions import submission_token_column, submission_token_unique
from journal.prompts import vague_note
from people.models import Person

DAILY_ITEMS = 5
ITEM_MAX_LENGTH = 500


class DayState(models.TextChoices):
    """Stored twin of ``journal.streaks.DayStatus`` (same values), kept here so the schema
    does not depend on the pure streak module."""

    ON_TIME = "on_time", "Complete, on time"
    LATE = "late", "Complete, late"
    PARTIAL = "partial", "Partly written"
    NONE = "none", "Nothing written"


class GratitudeItem(Removable):
    """One of the five things a user is grateful for on a local day. Removing one keeps it
    for Undo (compersion.lib.removal); a removed item holds no slot and counts for nothing."""

    # No separate owner index: the unique (owner, local_date, position) index serves owner lookups.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gratitude_items", db_index=False
    )
    # The day it counts for and the zone it was written in, fixed at write time:
    # changing zone later, or travelling, never moves it.
    local_date = models.DateField()
    time_zone = models.CharField(max_length=64)
    text = EncryptedTextField(max_length=ITEM_MAX_LENGTH)
    relational = models.BooleanField("this is about a relationship", default=False)
    people = models.ManyToManyField(Person, blank=True, related_name="gratitude_items")
    position = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submission_token = submission_token_column()  # compersion.lib.submissions: a resent form saves once
    # How the day counted just before this item's removal broke its five (empty otherwise), so
    # Undo gives the day back its completion as it was, on time or late, not a new one at the
    # moment of Undo. journal.services keeps these; they never leave the server.
    day_completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    day_completed_local_time = models.TimeField(null=True, blank=True, editable=False)
    # db_default: the bulk writers (seed_demo's COPY) name only the columns they fill.
    day_time_zone = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    day_status = models.CharField(
        max_length=10, choices=DayState.choices, blank=True, default="", db_default="", editable=False
    )

    class Meta:
        ordering = ["local_date", "position"]
        constraints = [
            submission_token_unique("journal_item_one_per_submission"),
            # Only live items hold a slot: a removed one waiting for Undo leaves it free.
            models.UniqueConstraint(
                fields=["owner", "local_date", "position"],
                condition=models.Q(removed_at__isnull=True),
                name="journal_item_one_per_slot",
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=DAILY_ITEMS),
                name="journal_item_position_range",
            ),
        ]
        # The purge finds the few removed items without reading every live one.
        indexes = [
            models.Index(
                fields=["removed_at"],
                condition=models.Q(removed_at__isnull=False),
                name="journal_item_removed",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def vague_note(self) -> str | None:
        return vague_note(self.text)


class JournalDay(models.Model):
    """A compact summary of one user's local day, kept in step with its items by the services
    in the same transaction, so streaks and heatmaps read one small table in one query."""

    # The unique (owner, local_date) index serves every owner lookup; a second index would only slow writes.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_days", db_index=False
    )
    local_date = models.DateField()
    time_zone = models.CharField(max_length=64)
    item_count = models.PositiveSmallIntegerField(default=0)
    relational_count = models.PositiveSmallIntegerField(default=0)
    # When the day first became complete (UTC) and the user's wall-clock time then.
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_local_time = models.TimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=DayState.choices, default=DayState.NONE)

    class Meta:
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "local_date"], name="journal_day_one_per_date"),
        ]
        indexes = [
            # Every journal page reads a user's (local_date, status, completed_local_time) rows
            # in date order (selectors.practice_rows): with the two columns in the index,
            # PostgreSQL answers from the index alone.
            models.Index(
                fields=["owner", "local_date"],
                include=["status", "completed_local_time"],
                name="journal_day_practice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_date}: {self.status}"

    @property
    def is_complete(self) -> bool:
        return self.status in {DayState.ON_TIME, DayState.LATE}
