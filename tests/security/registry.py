"""How to build every URL that takes an argument, with the owner's object behind it.

Shared by the ownership and CSRF proofs; the ownership test fails when the resolver has a
pattern with an argument that is not named here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

from accounts.models import PushSubscription, User
from feelings.models import CheckIn, Feeling, MetamourNote, Need, VicariousJoy
from journal.models import GratitudeItem
from kindness.models import KindnessAct, KindnessIdea
from people.models import Person, PersonKind

DAY = date(2026, 3, 14)

Made = tuple[dict[str, Any], models.Model]


def _person(owner: User) -> Person:
    return Person.objects.create(owner=owner, name="Jules", kind=PersonKind.METAMOUR, notes="owner's note")


def _person_kwargs(owner: User) -> Made:
    person = _person(owner)
    return {"person_id": person.pk}, person


def _checkin(owner: User) -> Made:
    checkin = CheckIn.objects.create(
        owner=owner, local_date=DAY, time_zone=owner.time_zone, what_happened="owner's evening"
    )
    return {"checkin_id": checkin.pk}, checkin


def _joy(owner: User) -> Made:
    joy = VicariousJoy.objects.create(
        owner=owner, what_happened="owner's friend ran a marathon", joy=7, local_date=DAY, time_zone="UTC"
    )
    return {"joy_id": joy.pk}, joy


def _own_feeling(owner: User) -> Made:
    feeling = Feeling.objects.create(owner=owner, name="owner-only-feeling")
    return {"feeling_id": feeling.pk}, feeling


def _own_need(owner: User) -> Made:
    need = Need.objects.create(owner=owner, name="owner-only-need")
    return {"need_id": need.pk}, need


def _metamour_note(owner: User) -> Made:
    note = MetamourNote.objects.create(
        owner=owner, person=_person(owner), text="owner learned", local_date=DAY
    )
    return {"note_id": note.pk}, note


def _item(owner: User) -> Made:
    # The next free slot: a page walk asks for a live item and a removed one (Undo's) of one owner.
    position = GratitudeItem.objects.filter(owner=owner, local_date=DAY).count() + 1
    item = GratitudeItem.objects.create(
        owner=owner, local_date=DAY, time_zone=owner.time_zone, text="owner's gratitude", position=position
    )
    return {"item_id": item.pk}, item


def _act(owner: User) -> Made:
    act = KindnessAct.objects.create(
        owner=owner,
        text="owner's secret kindness",
        recipient_kind="friend",
        category="words",
        local_date=DAY,
        time_zone=owner.time_zone,
    )
    return {"act_id": act.pk}, act


def _idea(owner: User) -> Made:
    idea = KindnessIdea.objects.create(
        owner=owner, text="owner's own idea", category="words", recipient_kind="friend", setting="home"
    )
    return {"idea_id": idea.pk}, idea


def _push_device(owner: User) -> Made:
    device = PushSubscription.objects.create(
        user=owner,
        endpoint=f"https://push.example.net/send/{owner.pk}",
        endpoint_digest=f"registry-{owner.pk}",
        p256dh="owner's key",
        auth="owner's secret",
        browser="Firefox on Android",
    )
    return {"subscription_id": device.pk}, device


def _removed(make: Callable[[User], Made]) -> Callable[[User], Made]:
    """The owner's object, removed a moment ago: what an Undo URL names."""

    def removed(owner: User) -> Made:
        kwargs, obj = make(owner)
        type(obj)._base_manager.filter(pk=obj.pk).update(removed_at=timezone.now())
        return kwargs, obj

    return removed


# Pattern name -> builds the owner's object and the URL kwargs naming it.
OWNED: dict[str, Callable[[User], Made]] = {
    "people:detail": _person_kwargs,
    "people:edit": _person_kwargs,
    "people:archive": _person_kwargs,
    "people:unarchive": _person_kwargs,
    "people:delete": _person_kwargs,
    "feelings:checkin": _checkin,
    "feelings:checkin_edit": _checkin,
    "feelings:pause": _checkin,
    "feelings:reflect": _checkin,
    "feelings:checkin_delete": _checkin,
    "feelings:checkin_restore": _removed(_checkin),
    "feelings:joy_delete": _joy,
    "feelings:joy_restore": _removed(_joy),
    "feelings:own_feeling_delete": _own_feeling,
    "feelings:own_need_delete": _own_need,
    "feelings:person": _person_kwargs,
    "feelings:metamour_note_add": _person_kwargs,
    "feelings:metamour_note_delete": _metamour_note,
    "feelings:metamour_note_restore": _removed(_metamour_note),
    "journal:item_edit": _item,
    "journal:item_remove": _item,
    "journal:item_restore": _removed(_item),
    "kindness:act": _act,
    "kindness:act_edit": _act,
    "kindness:act_told": _act,
    "kindness:act_delete": _act,
    "kindness:act_restore": _removed(_act),
    "kindness:idea_delete": _idea,
    "reminders:push_remove": _push_device,
}


def _day_with_owner_item(owner: User) -> Made:
    _, item = _item(owner)
    return {"local_date": DAY}, item


# Date paths name the *requester's* day: another user at the same date sees (and writes)
# only their own day, so the proof is that the owner's record never shows or changes.
SCOPED_TO_REQUESTER: dict[str, Callable[[User], Made]] = {
    "journal:day": _day_with_owner_item,
    "journal:item_add": _day_with_owner_item,
}

# Arguments that are not object ids: signed, expiring capability tokens meant to work from
# an email link. Each must say why it is safe without an owner check.
NOT_OBJECT_IDS: dict[str, str] = {
    "accounts:password_reset_confirm": "uid + Django's signed, single-use reset token",
    "accounts:signup_confirm": "uid + a signed, single-use token for an account not yet confirmed",
    "reminders:unsubscribe": "encrypted, dated, revocable unsubscribe token from the reminder email",
}


# Harmless arguments for the token URLs, enough to reach the view.
TOKEN_KWARGS: dict[str, dict[str, str]] = {
    "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "accounts:signup_confirm": {"uidb64": "MQ", "token": "not-a-real-token"},
    "reminders:unsubscribe": {"token": "not-a-real-token"},
}


def url_kwargs(name: str, owner: User) -> dict[str, Any]:
    """Arguments for ``reverse(name)``: the owner's own object where the URL names one."""
    if name in OWNED:
        return OWNED[name](owner)[0]
    if name in SCOPED_TO_REQUESTER:
        return SCOPED_TO_REQUESTER[name](owner)[0]
    return TOKEN_KWARGS.get(name, {})
