"""Remove with a way back: a removed record stays, invisible, for ``UNDO_WINDOW``, then goes.

A model that inherits ``Removable`` gets a ``removed_at`` moment and two managers:

- ``objects`` (the default manager) answers live rows only, so every page, count, chart,
  export and search that reads through it sees a removed row exactly as it saw a deleted
  one: not at all. Reads added later are right without remembering to filter.
- ``with_removed`` answers every row: for Undo, for the purge, and for the submission-token
  lookup (a resent form must still find the row it made, removed or not).

A query that reaches these rows by a join from another model (``Count("kindness_acts")``,
``CheckInFeeling.objects.filter(checkin__…)``) does not pass through the manager and says
``…__removed_at__isnull=True`` itself. Account deletion cascades through Django's base
manager, which sees every row, so it still deletes removed rows with the rest.

Undo is offered in a message (``undo_offer``): the words of the message, and a small POST
form to the app's restore URL, so it works without JavaScript.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import dateformat, timezone

if TYPE_CHECKING:
    from django.http import HttpRequest

# Long enough to notice a slip and come back to it after a phone call; short enough that
# "removed" soon means gone for good.
UNDO_WINDOW = timedelta(minutes=15)
UNDO_WINDOW_WORDS = "15 minutes"

# A message offering Undo carries "undo <restore url>" (and "slots" when the journal's
# htmx form may restore it in place) in its extra tags: ids only, never the user's words.
UNDO_TAG = "undo"
IN_PLACE_TAG = "slots"


class RestoreRefused(ValidationError):
    """Undo cannot bring the record back; the message says why in the user's terms."""


class RemovableQuerySet(models.QuerySet[Any]):
    def live(self) -> Self:
        return self.filter(removed_at__isnull=True)

    def removed(self) -> Self:
        return self.filter(removed_at__isnull=False)

    def purgeable(self, *, now: datetime) -> Self:
        """Removed longer ago than the window: no Undo can bring these back any more."""
        return self.filter(removed_at__lt=now - UNDO_WINDOW)


class LiveManager(models.Manager[Any]):
    """The default manager of a removable model: live rows only."""

    def get_queryset(self) -> RemovableQuerySet:
        return RemovableQuerySet(self.model, using=self._db).live()


class Removable(models.Model):
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects: ClassVar[LiveManager] = LiveManager()
    with_removed: ClassVar[models.Manager[Any]] = RemovableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


def undo_window_context(request: HttpRequest) -> dict[str, str]:
    """``undo_window`` for templates that tell the user how long Undo lasts (no query)."""
    return {"undo_window": UNDO_WINDOW_WORDS}


def undo_until(removed_at: datetime) -> datetime:
    return removed_at + UNDO_WINDOW


def restore_check(*, removed_at: datetime, now: datetime) -> None:
    """Raise ``RestoreRefused`` once the window has closed."""
    if now > undo_until(removed_at):
        raise RestoreRefused(
            f"That was removed more than {UNDO_WINDOW_WORDS} ago, so it can no longer be brought back.",
            code="too_late",
        )


def remove(row: Removable, *, now: datetime) -> None:
    """Mark ``row`` removed at ``now``. Removing it again (a double click) changes nothing."""
    # Conditional update: of two clicks at once, only the first sets the moment.
    type(row).with_removed.filter(pk=row.pk, removed_at__isnull=True).update(removed_at=now)
    row.refresh_from_db(fields=["removed_at"])


def restore(row: Removable, *, now: datetime) -> bool:
    """Bring ``row`` back if it is within the window (else ``RestoreRefused``). False when it
    was already back: Undo pressed twice is harmless."""
    if row.removed_at is None:
        return False
    restore_check(removed_at=row.removed_at, now=now)
    # Only the Undo that finds the moment it read clears it; a second one at once changes nothing.
    type(row).with_removed.filter(pk=row.pk, removed_at=row.removed_at).update(removed_at=None)
    row.removed_at = None
    return True


def purge(model: type[Removable], *, now: datetime) -> int:
    """Delete for good the rows removed longer ago than the window; how many went."""
    deleted, _ = model.with_removed.purgeable(now=now).delete()
    return deleted


def undo_message(*, text: str, url: str, in_place: bool = False, level: int = messages.SUCCESS) -> Message:
    """A message offering Undo, as the messages template shows it (also for an htmx answer)."""
    tags = f"{UNDO_TAG} {url}" + (f" {IN_PLACE_TAG}" if in_place else "")
    return Message(level, text, extra_tags=tags)


def undo_offer(
    request: HttpRequest, *, text: str, url: str, in_place: bool = False, level: int = messages.SUCCESS
) -> None:
    """Queue ``undo_message`` for the next page the user sees (the no-JS path)."""
    message = undo_message(text=text, url=url, in_place=in_place, level=level)
    messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)


def removed_words(*, what: str, removed_at: datetime | None, tz: Any) -> str:
    """The words of a removal's message, with when Undo closes in the user's own time:
    "Removed the act of kindness from 3 May 2026. You can undo this until 14:35."."""
    until = dateformat.time_format(undo_until(removed_at or timezone.now()).astimezone(tz), "H:i")
    return f"Removed {what}. You can undo this until {until}."
