from __future__ import annotations

from django.test import Client
from django.urls import reverse

from compersion.lib.paging import Window
from feelings.models import Feeling, MetamourNote
from feelings.selectors import person_timeline_checkin_entries, person_timeline_joy_and_needs_entries
from feelings.services import checkin_create, needs_checkin_record, vicarious_joy_log
from journal.person_page import PERSON_TIMELINE
from people.models import PersonKind


def feeling(name: str) -> Feeling:
    return Feeling.objects.get(owner=None, name=name)


def test_the_person_page_lists_both_feelings_timelines():
    assert person_timeline_checkin_entries in PERSON_TIMELINE
    assert person_timeline_joy_and_needs_entries in PERSON_TIMELINE


def test_check_ins_joys_and_needs_appear_on_the_person_page(me: Client, user, make_person):
    alex = make_person(user, "Alex", PersonKind.PARTNER)
    checkin_create(user=user, intensities={feeling("compersion"): 6, feeling("jealousy"): 4}, people=[alex])
    vicarious_joy_log(user=user, person=alex, what_happened="Finished the thesis", joy=9, area="study")
    needs_checkin_record(user=user, person=alex, score=4, note="A good week")

    page = me.get(reverse("people:detail", kwargs={"person_id": alex.pk})).content.decode()

    assert "compersion 6, jealousy 4" in page
    assert "Finished the thesis" in page
    assert "Needs met: 4 of 5" in page
    assert "Getting to know" not in page  # that section is for metamours


def test_a_metamours_page_has_getting_to_know_them_and_the_compersion_jealousy_chart(
    me: Client, user, make_person
):
    jules = make_person(user)
    checkin_create(user=user, intensities={feeling("compersion"): 6, feeling("jealousy"): 4}, people=[jules])
    detail = reverse("people:detail", kwargs={"person_id": jules.pk})

    response = me.post(
        reverse("feelings:metamour_note_add", kwargs={"person_id": jules.pk}),
        {"prompt": "Something we have in common", "text": "We both love old maps", "next_page": "person"},
    )
    page = " ".join(me.get(detail).content.decode().split())

    assert response["Location"] == detail
    assert MetamourNote.objects.get().person == jules
    assert "Getting to know <bdi>Jules</bdi>" in page
    assert "Something we have in common</strong>: <bdi>We both love old maps</bdi>" in page
    assert "Compersion and jealousy in check-ins about Jules" in page
    assert "compersion: 1 day, intensity from 6 to 6, latest 6; jealousy: 1 day, intensity from 4" in page


def test_each_feelings_provider_costs_one_query_and_returns_only_the_users_records(
    user, other_user, make_person, django_assert_num_queries
):
    alex = make_person(user, "Alex", PersonKind.PARTNER)
    theirs = make_person(other_user, "Alex", PersonKind.PARTNER)
    for _ in range(3):
        checkin_create(user=user, intensities={feeling("joy"): 3, feeling("envy"): 2}, people=[alex])
        vicarious_joy_log(user=user, person=alex, what_happened="Passed the exam", joy=8, area="study")
        checkin_create(user=other_user, intensities={feeling("joy"): 3}, people=[theirs])
    needs_checkin_record(user=user, person=alex, score=2, note="Tired")

    with django_assert_num_queries(1):
        checkins = person_timeline_checkin_entries(user, alex, Window(size=1))
    with django_assert_num_queries(1):
        others = person_timeline_joy_and_needs_entries(user, alex, Window(size=10))

    # At most size + 1: the one past the page only says there is more.
    assert [e.title for e in checkins] == ["envy 2, joy 3", "envy 2, joy 3"]
    assert sorted(e.kind for e in others) == ["needs check-in"] + ["vicarious joy"] * 3
    assert person_timeline_checkin_entries(other_user, alex, Window(size=10)) == []
    assert person_timeline_joy_and_needs_entries(other_user, alex, Window(size=10)) == []


def test_a_metamour_note_needs_words(me: Client, user, make_person):
    jules = make_person(user)

    response = me.post(reverse("feelings:metamour_note_add", kwargs={"person_id": jules.pk}), {"text": ""})

    assert response.status_code == 400
    assert not MetamourNote.objects.exists()


def test_the_person_page_of_a_metamour_stays_within_ten_queries(
    me: Client, user, make_person, django_assert_max_num_queries
):
    jules = make_person(user)
    for _ in range(5):
        checkin_create(user=user, intensities={feeling("compersion"): 5, feeling("fear"): 2}, people=[jules])

    with django_assert_max_num_queries(10):
        response = me.get(reverse("people:detail", kwargs={"person_id": jules.pk}))

    assert response.status_code == 200
