"""Changing the journal. Every write keeps the day's ``JournalDay`` row in step, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from compersion.lib import clock
from compersion.lib.removal import RestoreRefused, restore_check
from journal.models import DAILY_ITEMS, DayState, GratitudeItem, JournalDay
from people.models import Person


class DayFullError(ValidationError):
    pass


def completion_state(*, local_date: date, completed_on: date) -> DayState:
    """A day completed during its own local day is on time; completed after it ended, late."""
    return DayState.LATE if completed_on > local_date else DayState.ON_TIME


def _day_locked(*, user: User, local_date: date) -> JournalDay:
    # Two tabs saving at once must not both take the fifth slot: every write to a
    # day first locks its summary row, so writes to one day are serialised. The lookup
    # itself takes the lock (one query); a row created here is ours until commit, and a
    # second tab creating the same day waits on the unique index, then finds and locks it.
    day, _ = JournalDay.objects.select_for_update().get_or_create(
        owner=user, local_date=local_date, defaults={"time_zone": user.time_zone}
    )
    return day


def _day_refresh(
    *, user: User, day: JournalDay, now: datetime, completion: GratitudeItem | None = None
) -> JournalDay:
    """Recount the day's items and decide completion from ``now`` and the zone in force now,
    or, when the day completes again by an Undo, take back the completion ``completion`` kept."""
    before = _day_fields(day)
    counts = GratitudeItem.objects.filter(owner=user, local_date=day.local_date).aggregate(**_DAY_COUNTS)
    _day_apply_counts(user=user, day=day, items=counts["items"], relational=counts["relational"], now=now)
    if completion is not None and day.is_complete and day.completed_at == now:
        day.completed_at = completion.day_completed_at
        day.completed_local_time = completion.day_completed_local_time
        day.time_zone = completion.day_time_zone
        day.status = completion.day_status
        # Given back once: these belong to the day again, not to any item.
        GratitudeItem.with_removed.filter(owner=user, local_date=day.local_date).exclude(
            day_completed_at=None
        ).update(day_completed_at=None, day_completed_local_time=None, day_time_zone="", day_status="")
    if day.item_count == 0:
        day.delete()
    elif _day_fields(day) != before:
        day.save()
    # Otherwise (most edits: the text changes, the counts and status do not) the locked row
    # already says all this, and rewriting it would be one more query for nothing.
    return day


_DAY_COUNTS = {
    "items": Count("id", distinct=True),
    "relational": Count("id", distinct=True, filter=Q(relational=True) | Q(people__isnull=False)),
}


def _day_apply_counts(*, user: User, day: JournalDay, items: int, relational: int, now: datetime) -> None:
    """Set the day's counts, and its completion as decided from ``now`` and the zone in force now."""
    day.item_count, day.relational_count = items, relational
    if day.item_count >= DAILY_ITEMS and day.relational_count > 0:
        if day.completed_at is None:
            # Decided once, at the moment of completion, from the zone and day-start
            # hour in force then; later zone changes never move it.
            tz = user.tz
            day.completed_at = now
            day.completed_local_time = now.astimezone(tz).time().replace(second=0, microsecond=0)
            day.time_zone = user.time_zone
            completed_on = clock.local_day(now, tz=tz, day_start_hour=user.day_start_hour)
            day.status = completion_state(local_date=day.local_date, completed_on=completed_on)
        # Otherwise it stays as it was when it completed: an edit is not a new completion.
    else:
        day.completed_at = None
        day.completed_local_time = None
        day.status = DayState.PARTIAL if day.item_count else DayState.NONE


def _day_fields(day: JournalDay) -> tuple[object, ...]:
    return (
        day.item_count,
        day.relational_count,
        day.completed_at,
        day.completed_local_time,
        day.time_zone,
        day.status,
    )


def _check_writable(*, user: User, local_date: date, now: datetime) -> None:
    today = clock.local_day(now, tz=user.tz, day_start_hour=user.day_start_hour)
    refusal = clock.day_refusal(local_date, today=today)
    if refusal is not None:
        raise ValidationError(refusal)


def _own_people(*, user: User, people: Sequence[Person]) -> list[Person]:
    if any(person.owner_id != user.id for person in people):
        raise ValidationError("You can only link your own people.")
    return list(people)


def gratitude_item_add(
    *,
    user: User,
    local_date: date,
    text: str,
    relational: bool = False,
    people: Sequence[Person] = (),
    position: int | None = None,
    now: datetime | None = None,
    submission_token: UUID | None = None,
) -> GratitudeItem:
    """Add an item to ``local_date`` (today, or a past day as backfill); at most five a day.

    The same form sent twice (``submission_token``, see compersion.lib.submissions) adds one item:
    the second answers with the first's."""
    now = now or timezone.now()
    _check_writable(user=user, local_date=local_date, now=now)
    linked = _own_people(user=user, people=people)
    with transaction.atomic():
        day = _day_locked(user=user, local_date=local_date)
        # The day's lock serialises this with a resent copy of the same form, so the copy
        # finds the first one's item in this same read of the day's slots (the unique
        # (owner, token) index backs it up; a token from another day's form is found too).
        wanted = Q(local_date=local_date)
        if submission_token is not None:
            wanted |= Q(submission_token=submission_token)
        # Removed items too: a form resent after its item was removed answers with that item
        # rather than writing it again; only live items hold a slot.
        rows = GratitudeItem.with_removed.filter(wanted, owner=user).values_list(
            "local_date", "position", "submission_token", "removed_at"
        )
        taken = set()
        for row_date, slot, token, removed_at in rows:
            if submission_token is not None and token == submission_token:
                return GratitudeItem.with_removed.get(owner=user, submission_token=submission_token)
            if row_date == local_date and removed_at is None:
                taken.add(slot)
        free = [slot for slot in range(1, DAILY_ITEMS + 1) if slot not in taken]
        if not free:
            raise DayFullError("This day already has five things. Edit one instead.")
        item = GratitudeItem.objects.create(
            owner=user,
            local_date=local_date,
            time_zone=user.time_zone,
            text=text.strip(),
            relational=relational,
            position=position if position in free else free[0],
            created_at=now,
            updated_at=now,
            submission_token=submission_token,
        )
        if linked:
            item.people.set(linked)
        _day_refresh(user=user, day=day, now=now)
    return item


def gratitude_item_update(
    *,
    user: User,
    item: GratitudeItem,
    text: str,
    relational: bool = False,
    people: Sequence[Person] = (),
    now: datetime | None = None,
) -> GratitudeItem:
    now = now or timezone.now()
    if item.owner_id != user.id:
        raise ValidationError("Not your item.")
    linked = _own_people(user=user, people=people)
    with transaction.atomic():
        day = _day_locked(user=user, local_date=item.local_date)
        item.text = text.strip()
        item.relational = relational
        item.updated_at = now
        item.save(update_fields=["text", "relational", "updated_at"])
        item.people.set(linked)
        _day_refresh(user=user, day=day, now=now)
    return item


def gratitude_item_remove(*, user: User, item: GratitudeItem, now: datetime | None = None) -> GratitudeItem:
    """Remove ``item`` from its day, restorably for the undo window (compersion.lib.removal):
    the day is recounted without it at once. Removing it again changes nothing."""
    now = now or timezone.now()
    if item.owner_id != user.id:
        raise ValidationError("Not your item.")
    with transaction.atomic():
        day = _day_locked(user=user, local_date=item.local_date)
        # Under the day's lock: a double click's second request finds it already removed.
        item = GratitudeItem.with_removed.get(pk=item.pk)
        if item.removed_at is not None:
            return item
        item.removed_at = now
        if day.is_complete:
            # This removal breaks a complete day: remember how it counted, for Undo.
            item.day_completed_at = day.completed_at
            item.day_completed_local_time = day.completed_local_time
            item.day_time_zone = day.time_zone
            item.day_status = day.status
        item.save(
            update_fields=[
                "removed_at",
                "day_completed_at",
                "day_completed_local_time",
                "day_time_zone",
                "day_status",
            ]
        )
        _day_refresh(user=user, day=day, now=now)
    return item


def gratitude_item_restore(*, user: User, item: GratitudeItem, now: datetime | None = None) -> GratitudeItem:
    """Undo a removal within the window: the item comes back with its words, people and
    relationship as they were, to its own slot when it is still free, else to the first free
    one. When the undo completes the day again, the day counts as it did before the removal
    (on time stays on time, even after midnight), not as newly completed now.

    Raises ``RestoreRefused`` after the window, and when the day holds five items again (the
    item stays restorable until the window closes: remove one of the five, then undo).
    Restoring an item that is already back changes nothing."""
    now = now or timezone.now()
    if item.owner_id != user.id:
        raise ValidationError("Not your item.")
    with transaction.atomic():
        day = _day_locked(user=user, local_date=item.local_date)
        item = GratitudeItem.with_removed.get(pk=item.pk)
        if item.removed_at is None:
            return item
        restore_check(removed_at=item.removed_at, now=now)
        taken = set(
            GratitudeItem.objects.filter(owner=user, local_date=item.local_date).values_list(
                "position", flat=True
            )
        )
        free = [slot for slot in range(1, DAILY_ITEMS + 1) if slot not in taken]
        if not free:
            raise RestoreRefused(
                "This day has five good things again, so the removed one has no place to go back to. "
                "Remove one of the five, then press Undo again.",
                code="day_full",
            )
        item.position = item.position if item.position in free else free[0]
        item.removed_at = None
        item.save(update_fields=["removed_at", "position"])
        _day_refresh(user=user, day=day, now=now, completion=_completion_before_removal(user=user, item=item))
    return item


def _completion_before_removal(*, user: User, item: GratitudeItem) -> GratitudeItem | None:
    """The item holding how the day counted before a removal broke it: ``item`` itself, or
    another of the day's items (remove two, undo both: the second undo completes the day)."""
    if item.day_completed_at is not None:
        return item
    return (
        GratitudeItem.with_removed.filter(
            owner=user, local_date=item.local_date, day_completed_at__isnull=False
        )
        .order_by("-day_completed_at")
        .first()
    )


def gratitude_items_purge(*, now: datetime | None = None) -> int:
    """Delete for good every item removed longer ago than the undo window. Their days were
    recounted when they were removed, so nothing else changes."""
    now = now or timezone.now()
    deleted, _ = GratitudeItem.with_removed.purgeable(now=now).delete()
    return deleted


# Dates per statement when recounting many days: well under PostgreSQL's 65,535 parameters.
RECOUNT_BATCH = 2000


def journal_days_recount(*, user: User, last_written: dict[date, datetime]) -> None:
    """Bring the summaries of many days up to date at once (an import), by the same rule as
    every single write (``_day_apply_counts``), each day as if its last item had just been
    written at ``last_written[day]``. A few statements per 2,000 days instead of two a day."""
    dates = sorted(last_written)
    for start in range(0, len(dates), RECOUNT_BATCH):
        batch = dates[start : start + RECOUNT_BATCH]
        # What _day_locked does one day at a time: make the summary rows exist, then lock
        # them, so a write from another tab waits until this transaction ends.
        JournalDay.objects.bulk_create(
            [JournalDay(owner=user, local_date=day, time_zone=user.time_zone) for day in batch],
            ignore_conflicts=True,
        )
        days = list(
            JournalDay.objects.select_for_update()
            .filter(owner=user, local_date__in=batch)
            .order_by("local_date")
        )
        counts = {
            row["local_date"]: row
            for row in GratitudeItem.objects.filter(owner=user, local_date__in=batch)
            .values("local_date")
            .annotate(**_DAY_COUNTS)
        }
        changed: list[JournalDay] = []
        empty: list[int] = []
        for day in days:
            before = _day_fields(day)
            count = counts.get(day.local_date, {"items": 0, "relational": 0})
            _day_apply_counts(
                user=user,
                day=day,
                items=count["items"],
                relational=count["relational"],
                now=last_written[day.local_date],
            )
            if day.item_count == 0:
                empty.append(day.pk)
            elif _day_fields(day) != before:
                changed.append(day)
        # Rewritten as delete-and-insert: two statements a batch, where bulk_update's CASE
        # expressions cost seconds of Python per thousand days. Nothing refers to a day's id,
        # and the rows stay locked by this transaction throughout.
        JournalDay.objects.filter(pk__in=empty + [day.pk for day in changed]).delete()
        for day in changed:
            day.pk = None
        JournalDay.objects.bulk_create(changed)
