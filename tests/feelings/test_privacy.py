"""Every URL that takes an id answers 404 to anyone but the owner, on GET and on POST."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from feelings.models import CheckIn, Feeling, MetamourNote, Need, VicariousJoy
from feelings.services import (
    checkin_create,
    feeling_own_add,
    metamour_note_add,
    need_own_add,
    vicarious_joy_log,
)


@pytest.fixture
def owned(user, make_person) -> dict[str, int]:
    jules = make_person(user)
    checkin = checkin_create(
        user=user, intensities={Feeling.objects.get(owner=None, name="jealousy"): 4}, people=[jules]
    )
    return {
        "checkin_id": checkin.pk,
        "joy_id": vicarious_joy_log(user=user, what_happened="Promotion", joy=7, area="work", who="Ana").pk,
        "feeling_id": feeling_own_add(user=user, name="floaty").pk,
        "need_id": need_own_add(user=user, name="quiet").pk,
        "person_id": jules.pk,
        "note_id": metamour_note_add(user=user, person=jules, text="Loves climbing").pk,
    }


ID_URLS = [
    ("feelings:checkin", "checkin_id"),
    ("feelings:pause", "checkin_id"),
    ("feelings:reflect", "checkin_id"),
    ("feelings:checkin_delete", "checkin_id"),
    ("feelings:joy_delete", "joy_id"),
    ("feelings:own_feeling_delete", "feeling_id"),
    ("feelings:own_need_delete", "need_id"),
    ("feelings:person", "person_id"),
    ("feelings:metamour_note_add", "person_id"),
    ("feelings:metamour_note_delete", "note_id"),
]


def counts() -> tuple[int, ...]:
    return (
        CheckIn.objects.filter(sat_with_it=False, needs=None).count(),
        VicariousJoy.objects.count(),
        Feeling.objects.filter(owner__isnull=False).count(),
        Need.objects.filter(owner__isnull=False).count(),
        MetamourNote.objects.count(),
    )


@pytest.mark.parametrize(("name", "key"), ID_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_object_is_a_404_and_stays_untouched(them: Client, owned, name, key, method):
    before = counts()
    url = reverse(name, kwargs={key: owned[key]})

    response = getattr(them, method)(url, {"needs": "", "text": "mine now", "need_met": "yes"})

    assert response.status_code == 404
    assert counts() == before


@pytest.mark.parametrize(("name", "key"), ID_URLS)
def test_the_owner_reaches_every_id_url(me: Client, owned, name, key):
    # The same URLs answer the owner, so the 404s above are about ownership, not typos.
    response = me.post(reverse(name, kwargs={key: owned[key]}), {"text": "Learned something"})

    assert response.status_code in {200, 302}


def test_a_check_in_cannot_name_someone_elses_person(me: Client, user, other_user, make_person):
    theirs = make_person(other_user, "Private")
    jealousy = Feeling.objects.get(owner=None, name="jealousy")

    response = me.post(reverse("feelings:index"), {f"feeling_{jealousy.pk}": "3", "people": [theirs.pk]})

    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_a_vicarious_joy_cannot_name_someone_elses_person(me: Client, other_user, make_person):
    theirs = make_person(other_user, "Private")

    response = me.post(
        reverse("feelings:joy"), {"person": theirs.pk, "area": "work", "what_happened": "x", "joy": "5"}
    )

    assert response.status_code == 400
    assert not VicariousJoy.objects.exists()
