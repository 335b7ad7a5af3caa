"""Everything that changes feelings data. Keyword-only, owner always explicit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import ReminderKind, User
from accounts.selectors import user_local_today
from accounts.services import reminder_weekday_set
from compersion.lib import removal
from compersion.lib.submissions import create_once
from feelings.models import (
    CheckIn,
    CheckInFeeling,
    Feeling,
    MetamourNote,
    Need,
    NeedsCheckIn,
    VicariousJoy,
)
from feelings.vocabulary import FEELINGS, NEEDS
from people.models import Person


def vocabulary_seed() -> None:
    """Make sure the team's feelings and needs exist; safe to run again (the data migration calls it)."""
    # Another process may seed at the same moment; the unique indexes make the loser a no-op.
    Feeling.objects.bulk_create(
        [Feeling(owner=None, name=name, group=group, definition=text) for name, group, text in FEELINGS],
        ignore_conflicts=True,
    )
    Need.objects.bulk_create(
        [Need(owner=None, name=name, definition=text) for name, text in NEEDS], ignore_conflicts=True
    )


def feeling_own_add(*, user: User, name: str, definition: str = "") -> Feeling:
    """Add a word to the user's feelings; a word they already have (the same form sent twice
    at once) is answered with the one saved."""
    cleaned = name.strip().lower()
    try:
        with transaction.atomic():
            return Feeling.objects.create(owner=user, name=cleaned, group="own", definition=definition)
    except IntegrityError:
        # The other request's insert won the unique (owner, lower(name)) index: it is saved.
        existing = Feeling.objects.filter(owner=user, name__iexact=cleaned).first()
        if existing is None:
            raise
        return existing


def feeling_own_get_or_add(*, user: User, name: str) -> Feeling:
    """The user's own feeling by this name, creating it if it is new."""
    cleaned = name.strip().lower()
    return Feeling.objects.filter(owner=user, name__iexact=cleaned).first() or feeling_own_add(
        user=user, name=cleaned
    )


def feeling_own_delete(*, feeling: Feeling) -> None:
    # Only a user's own words can go; the team's vocabulary belongs to everyone.
    if feeling.owner_id is None:
        raise ValueError("The shared vocabulary cannot be deleted.")
    feeling.delete()


def need_own_add(*, user: User, name: str, definition: str = "") -> Need:
    """Add a need to the user's list; one they already have is answered with the one saved."""
    cleaned = name.strip().lower()
    try:
        with transaction.atomic():
            return Need.objects.create(owner=user, name=cleaned, definition=definition)
    except IntegrityError:
        # The other request's insert won the unique (owner, lower(name)) index: it is saved.
        existing = Need.objects.filter(owner=user, name__iexact=cleaned).first()
        if existing is None:
            raise
        return existing


def need_own_delete(*, need: Need) -> None:
    if need.owner_id is None:
        raise ValueError("The shared list of needs cannot be deleted.")
    need.delete()


def need_own_get_or_add(*, user: User, name: str) -> Need:
    """The user's own need by this name, or the team's, creating the user's own if neither exists."""
    cleaned = name.strip().lower()
    existing = Need.objects.filter(owner=user, name__iexact=cleaned).first() or (
        Need.objects.filter(owner=None, name__iexact=cleaned).first()
    )
    return existing or need_own_add(user=user, name=cleaned)


def _checkin_intensities(
    *, user: User, intensities: Mapping[Feeling, int], own: tuple[str, int] | None
) -> dict[Feeling, int]:
    """The feelings a check-in holds, the user's own word among them (added to their list): at
    least one, and each the team's or the user's."""
    chosen = dict(intensities)
    if own is not None:
        chosen[feeling_own_get_or_add(user=user, name=own[0])] = own[1]
    if not chosen:
        raise ValueError("A check-in holds at least one feeling.")
    if any(feeling.owner_id not in (None, user.pk) for feeling in chosen):
        raise ValueError("That feeling belongs to someone else.")
    return chosen


def _checkin_feelings_write(*, checkin: CheckIn, intensities: Mapping[Feeling, int]) -> None:
    CheckInFeeling.objects.bulk_create(
        [CheckInFeeling(checkin=checkin, feeling=f, intensity=i) for f, i in intensities.items()]
    )


@transaction.atomic
def checkin_create(
    *,
    user: User,
    intensities: Mapping[Feeling, int],
    own: tuple[str, int] | None = None,
    people: Iterable[Person] = (),
    what_happened: str = "",
    body: str = "",
    submission_token: UUID | None = None,
) -> CheckIn:
    """One moment holding several feelings at once, each with its own intensity from 1 to 10.

    ``own`` is a feeling in the user's own words and its intensity; it joins their list too.
    The same form sent twice makes one check-in (compersion.lib.submissions).
    """
    intensities = _checkin_intensities(user=user, intensities=intensities, own=own)
    now = timezone.now()
    chosen = [p for p in people if p.owner_id == user.pk]

    def create() -> CheckIn:
        checkin = CheckIn.objects.create(
            owner=user,
            created_at=now,
            local_date=user_local_today(user=user, now=now),
            time_zone=user.time_zone,
            what_happened=what_happened,
            body=body,
            submission_token=submission_token,
        )
        _checkin_feelings_write(checkin=checkin, intensities=intensities)
        if chosen:
            checkin.people.set(chosen)
        return checkin

    return create_once(CheckIn, owner_id=user.pk, token=submission_token, create=create)


@transaction.atomic
def checkin_edit(
    *,
    checkin: CheckIn,
    intensities: Mapping[Feeling, int],
    own: tuple[str, int] | None = None,
    people: Iterable[Person] = (),
    what_happened: str = "",
    body: str = "",
) -> CheckIn:
    """Correct a check-in: its feelings and how strong each was, who was involved, what
    happened and where it sat. It stays on the day it was written, where the charts count it;
    its needs are named on their own page (``checkin_reflect``)."""
    intensities = _checkin_intensities(user=checkin.owner, intensities=intensities, own=own)
    checkin.what_happened = what_happened
    checkin.body = body
    checkin.save(update_fields=["what_happened", "body"])
    CheckInFeeling.objects.filter(checkin=checkin).delete()
    _checkin_feelings_write(checkin=checkin, intensities=intensities)
    checkin.people.set([p for p in people if p.owner_id == checkin.owner_id])
    return checkin


def checkin_mark_sat_with(*, checkin: CheckIn) -> CheckIn:
    checkin.sat_with_it = True
    checkin.save(update_fields=["sat_with_it"])
    return checkin


def checkin_reflect(*, checkin: CheckIn, needs: Iterable[Need] = (), need_met: str, action: str) -> CheckIn:
    """Name the needs underneath (as many as are there; none clears them), whether they are
    being met, and an action or an ask."""
    needs = list(needs)
    if any(need.owner_id not in (None, checkin.owner_id) for need in needs):
        raise ValueError("That need belongs to someone else.")
    checkin.need_met = need_met
    checkin.action = action
    checkin.save(update_fields=["need_met", "action"])
    checkin.needs.set(needs)
    return checkin


def checkin_remove(*, checkin: CheckIn, now: datetime | None = None) -> CheckIn:
    """Remove the check-in, restorably for the undo window (compersion.lib.removal)."""
    removal.remove(checkin, now=now or timezone.now())
    return checkin


def checkin_restore(*, checkin: CheckIn, now: datetime | None = None) -> bool:
    """Undo the check-in's removal: its feelings, people and need are back in every chart."""
    return removal.restore(checkin, now=now or timezone.now())


def vicarious_joy_log(
    *,
    user: User,
    what_happened: str,
    joy: int,
    area: str,
    person: Person | None = None,
    who: str = "",
    submission_token: UUID | None = None,
) -> VicariousJoy:
    if person is not None and person.owner_id != user.pk:
        raise ValueError("That person belongs to someone else.")
    now = timezone.now()
    return create_once(
        VicariousJoy,
        owner_id=user.pk,
        token=submission_token,
        create=lambda: VicariousJoy.objects.create(
            owner=user,
            person=person,
            who=who.strip(),
            area=area,
            what_happened=what_happened,
            joy=joy,
            created_at=now,
            local_date=user_local_today(user=user, now=now),
            time_zone=user.time_zone,
            submission_token=submission_token,
        ),
    )


def vicarious_joy_remove(*, joy: VicariousJoy, now: datetime | None = None) -> VicariousJoy:
    removal.remove(joy, now=now or timezone.now())
    return joy


def vicarious_joy_restore(*, joy: VicariousJoy, now: datetime | None = None) -> bool:
    return removal.restore(joy, now=now or timezone.now())


def needs_weekday_set(*, user: User, weekday: int) -> None:
    """The needs day is the needs reminder's weekday: one value, kept with the schedule."""
    reminder_weekday_set(user=user, kind=ReminderKind.NEEDS, weekday=weekday)


def needs_checkin_record(*, user: User, person: Person, score: int, note: str = "") -> NeedsCheckIn:
    """Record how met the user's needs feel with a partner; a second answer the same local day replaces it."""
    if person.owner_id != user.pk:
        raise ValueError("That person belongs to someone else.")
    now = timezone.now()
    local_date = user_local_today(user=user, now=now)
    values = {"owner": user, "score": score, "note": note, "created_at": now, "time_zone": user.time_zone}
    try:
        with transaction.atomic():
            answer, _ = NeedsCheckIn.objects.update_or_create(
                person=person, local_date=local_date, defaults=values
            )
    except IntegrityError:
        # A second tab answered between our read and our insert; the unique index kept one row.
        answer, _ = NeedsCheckIn.objects.update_or_create(
            person=person, local_date=local_date, defaults=values
        )
    return answer


def metamour_note_add(
    *, user: User, person: Person, text: str, prompt: str = "", submission_token: UUID | None = None
) -> MetamourNote:
    if person.owner_id != user.pk:
        raise ValueError("That person belongs to someone else.")
    now = timezone.now()
    return create_once(
        MetamourNote,
        owner_id=user.pk,
        token=submission_token,
        create=lambda: MetamourNote.objects.create(
            owner=user,
            person=person,
            prompt=prompt,
            text=text,
            created_at=now,
            local_date=user_local_today(user=user, now=now),
            submission_token=submission_token,
        ),
    )


def metamour_note_remove(*, note: MetamourNote, now: datetime | None = None) -> MetamourNote:
    removal.remove(note, now=now or timezone.now())
    return note


def metamour_note_restore(*, note: MetamourNote, now: datetime | None = None) -> bool:
    return removal.restore(note, now=now or timezone.now())


def feelings_removed_purge(*, now: datetime | None = None) -> int:
    """Delete for good the check-ins, joys and notes removed longer ago than the undo window."""
    now = now or timezone.now()
    return sum(removal.purge(model, now=now) for model in (CheckIn, VicariousJoy, MetamourNote))
