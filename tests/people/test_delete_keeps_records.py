"""The delete page promises that records linked to a person stay and only lose the link."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.selectors import user_local_today
from feelings.models import LifeArea, VicariousJoy
from journal.models import GratitudeItem
from journal.services import gratitude_item_add
from kindness.models import Category, KindnessAct, RecipientKind
from people.models import Person
from tests.people.factories import PersonFactory


def test_deleting_a_person_keeps_everything_written_about_them(signed_in: Client, user):
    sam = PersonFactory.create(owner=user, name="Sam")
    today = user_local_today(user=user)
    item = gratitude_item_add(user=user, local_date=today, text="Sam's soup on a cold night", people=[sam])
    act = KindnessAct.objects.create(
        owner=user,
        person=sam,
        text="Left a note in Sam's coat",
        recipient_kind=RecipientKind.FRIEND,
        category=Category.WORDS,
        local_date=today,
        time_zone=user.time_zone,
    )
    joy = VicariousJoy.objects.create(
        owner=user, person=sam, area=LifeArea.WORK, what_happened="Sam got the job", joy=7, local_date=today
    )

    signed_in.post(reverse("people:delete", args=[sam.pk]))

    assert not Person.objects.filter(pk=sam.pk).exists()
    assert list(GratitudeItem.objects.get(pk=item.pk).people.all()) == []
    act.refresh_from_db()
    joy.refresh_from_db()
    assert (act.person_id, act.text) == (None, "Left a note in Sam's coat")
    assert (joy.person_id, joy.what_happened) == (None, "Sam got the job")
