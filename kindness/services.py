from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_local_today
from compersion.lib import clock, removal
from compersion.lib.submissions import create_once
from kindness import rules
from kindness.models import (
    PERSON_KIND_TO_RECIPIENT,
    WEEKLY_TARGET_MAX,
    WEEKLY_TARGET_MIN,
    KindnessAct,
    KindnessIdea,
    KindnessPreference,
)
from people.models import Person


def _act_recipient_kind(*, user: User, person: Person | None, recipient_kind: str | None) -> str:
    """Whom an act was for, as stored: the user's own person's kind, else the kind chosen."""
    if person is not None:
        if person.owner_id != user.pk:
            raise ValidationError("That person is not one of yours.", code="person")
        return PERSON_KIND_TO_RECIPIENT[person.kind]
    if not recipient_kind:
        raise ValidationError("Say who the act was for.", code="recipient")
    return recipient_kind


def kindness_act_log(
    *,
    user: User,
    text: str,
    category: str,
    effort: str,
    local_date: date,
    person: Person | None = None,
    recipient_kind: str | None = None,
    reflection: str = "",
    idea: KindnessIdea | None = None,
    submission_token: UUID | None = None,
) -> KindnessAct:
    """Record an act for ``local_date`` (the user's today or up to seven days back); the same
    form sent twice records it once (compersion.lib.submissions)."""
    if local_date not in rules.allowed_local_dates(user_local_today(user=user)):
        raise ValidationError("An act can count for today or up to seven days back.", code="local_date")
    recipient_kind = _act_recipient_kind(user=user, person=person, recipient_kind=recipient_kind)
    if idea is not None and idea.owner_id not in (None, user.pk):
        raise ValidationError("That idea is not one of yours.", code="idea")
    return create_once(
        KindnessAct,
        owner_id=user.pk,
        token=submission_token,
        create=lambda: KindnessAct.objects.create(
            owner=user,
            text=text.strip(),
            person=person,
            recipient_kind=recipient_kind,
            category=category,
            effort=effort,
            local_date=local_date,
            time_zone=user.time_zone,
            reflection=reflection.strip(),
            idea=idea,
            submission_token=submission_token,
        ),
    )


def kindness_act_edit(
    *,
    user: User,
    act: KindnessAct,
    text: str,
    category: str,
    effort: str,
    local_date: date,
    person: Person | None = None,
    recipient_kind: str | None = None,
    reflection: str = "",
) -> KindnessAct:
    """Correct a logged act. Weeks, streaks and variety are counted from the acts as they are,
    so a new date simply moves the act to its week; whether it was told stays as it was."""
    if act.owner_id != user.pk:
        raise ValidationError("That act is not one of yours.", code="owner")
    if local_date > user_local_today(user=user) or local_date < clock.EARLIEST_DAY:
        raise ValidationError("An act can count for a day from 1900 up to today.", code="local_date")
    recipient_kind = _act_recipient_kind(user=user, person=person, recipient_kind=recipient_kind)
    act.text = text.strip()
    act.category = category
    act.effort = effort
    act.local_date = local_date
    act.person = person
    act.recipient_kind = recipient_kind
    act.reflection = reflection.strip()
    act.save(
        update_fields=["text", "category", "effort", "local_date", "person", "recipient_kind", "reflection"]
    )
    return act


def kindness_act_mark_told(*, act: KindnessAct) -> KindnessAct:
    """Note, honestly, that the user told someone. The act stays in the log."""
    # Only the first telling is recorded: a double-submitted form must not move told_at.
    updated = KindnessAct.objects.filter(pk=act.pk, is_secret=True).update(
        is_secret=False, told_at=timezone.now()
    )
    if updated:
        act.refresh_from_db(fields=["is_secret", "told_at"])
    return act


def kindness_act_remove(*, act: KindnessAct, now: datetime | None = None) -> KindnessAct:
    """Remove the act, restorably for the undo window (compersion.lib.removal)."""
    removal.remove(act, now=now or timezone.now())
    return act


def kindness_act_restore(*, act: KindnessAct, now: datetime | None = None) -> bool:
    """Undo the act's removal: it is back in every count and list, as it was."""
    return removal.restore(act, now=now or timezone.now())


def kindness_acts_purge(*, now: datetime | None = None) -> int:
    return removal.purge(KindnessAct, now=now or timezone.now())


def kindness_target_set(*, user: User, weekly_target: int) -> KindnessPreference:
    if not WEEKLY_TARGET_MIN <= weekly_target <= WEEKLY_TARGET_MAX:
        raise ValidationError("Choose between one and seven acts a week.", code="weekly_target")
    preference, _ = KindnessPreference.objects.update_or_create(
        user=user, defaults={"weekly_target": weekly_target}
    )
    return preference


def kindness_idea_add(
    *,
    user: User,
    text: str,
    category: str,
    effort: str,
    cost: str,
    recipient_kind: str,
    setting: str,
    submission_token: UUID | None = None,
) -> KindnessIdea:
    return create_once(
        KindnessIdea,
        owner_id=user.pk,
        token=submission_token,
        create=lambda: KindnessIdea.objects.create(
            owner=user,
            text=text.strip(),
            category=category,
            effort=effort,
            cost=cost,
            recipient_kind=recipient_kind,
            setting=setting,
            submission_token=submission_token,
        ),
    )


def kindness_idea_delete(*, idea: KindnessIdea) -> None:
    if idea.owner_id is None:
        raise ValidationError("Shared ideas cannot be deleted.", code="shared")
    idea.delete()
