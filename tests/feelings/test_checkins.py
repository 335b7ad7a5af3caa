from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from feelings.models import CheckIn, Feeling, Need
from feelings.selectors import feelings_for_user, needs_for_user
from feelings.services import checkin_create, feeling_own_add, need_own_add


def team(name: str) -> Feeling:
    return Feeling.objects.get(owner=None, name=name)


def field(name: str) -> str:
    return f"feeling_{team(name).pk}"


def test_the_vocabulary_has_at_least_forty_defined_feelings_and_a_needs_list(db):
    feelings = Feeling.objects.filter(owner=None)
    assert feelings.count() >= 40
    assert all(f.definition for f in feelings)
    names = set(feelings.values_list("name", flat=True))
    for word in ["compersion", "jealousy", "envy", "insecurity", "possessiveness", "pettiness", "numbness"]:
        assert word in names
    needs = set(Need.objects.filter(owner=None).values_list("name", flat=True))
    assert {"reassurance", "time together", "autonomy", "rest", "clarity"} <= needs


def test_one_check_in_holds_several_feelings_each_with_its_own_intensity(me: Client, user, make_person):
    jules = make_person(user)
    response = me.post(
        reverse("feelings:index"),
        {
            field("compersion"): "6",
            field("jealousy"): "4",
            field("fear"): "2",
            "people": [jules.pk],
            "what_happened": "Jules and Sam went away for the weekend.",
            "body": "chest",
        },
    )

    checkin = CheckIn.objects.get(owner=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("feelings:pause", kwargs={"checkin_id": checkin.pk})
    held = {f.feeling.name: f.intensity for f in checkin.feelings.all()}
    assert held == {"compersion": 6, "jealousy": 4, "fear": 2}
    assert list(checkin.people.all()) == [jules]
    assert checkin.time_zone == "Europe/Berlin"


def test_a_check_in_needs_at_least_one_feeling_and_keeps_the_users_words(me: Client, user):
    response = me.post(reverse("feelings:index"), {"what_happened": "Something I want to keep"})

    assert response.status_code == 400
    assert "at least one feeling" in response.content.decode()
    assert "Something I want to keep" in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("value", ["0", "11", "lots"])
def test_intensity_is_from_one_to_ten(me: Client, user, value):
    response = me.post(reverse("feelings:index"), {field("joy"): value})

    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_a_feeling_in_the_users_own_words_joins_their_list_and_the_check_in(me: Client, user):
    data = {"own_feeling": "Wistful-glad", "own_intensity": "5", field("joy"): "3"}
    me.post(reverse("feelings:index"), data)

    own = Feeling.objects.get(owner=user)
    assert own.name == "wistful-glad"
    checkin = CheckIn.objects.get(owner=user)
    assert {f.feeling.name: f.intensity for f in checkin.feelings.all()} == {"wistful-glad": 5, "joy": 3}


def test_custom_feelings_and_needs_are_private_to_their_owner(user, other_user):
    mine = feeling_own_add(user=user, name="floaty")
    my_need = need_own_add(user=user, name="quiet mornings")

    assert mine in feelings_for_user(user=user)
    assert mine not in feelings_for_user(user=other_user)
    assert my_need in needs_for_user(user=user)
    assert my_need not in needs_for_user(user=other_user)


def test_another_users_own_feeling_is_not_offered_on_the_check_in_page(them: Client, user):
    feeling_own_add(user=user, name="floaty")

    page = them.get(reverse("feelings:index")).content.decode()
    assert "Floaty" not in page
    assert "Compersion" in page


def test_another_users_own_need_cannot_be_chosen(them: Client, other_user, user):
    secret = need_own_add(user=user, name="quiet mornings")
    checkin = checkin_create(user=other_user, intensities={team("joy"): 3})

    response = them.post(
        reverse("feelings:reflect", kwargs={"checkin_id": checkin.pk}), {"needs": [secret.pk]}
    )

    assert response.status_code == 400
    assert not checkin.needs.exists()


def test_the_pause_can_be_sat_through_or_skipped_and_then_the_need_is_named(me: Client, user):
    checkin = checkin_create(user=user, intensities={team("jealousy"): 4})
    pause_url = reverse("feelings:pause", kwargs={"checkin_id": checkin.pk})
    page = me.get(pause_url).content.decode()
    assert "Take a few slow breaths" in page  # the plain prompt, shown without JavaScript
    assert 'src="/static/js/sit.js"' in page
    assert "Skip the pause" in page

    response = me.post(pause_url)
    assert response["Location"] == reverse("feelings:reflect", kwargs={"checkin_id": checkin.pk})
    response = me.post(
        response["Location"],
        {"own_need": "Reassurance", "need_met": "partly", "action": "Ask for a call on Sunday"},
    )

    checkin.refresh_from_db()
    assert response.status_code == 302
    assert checkin.sat_with_it
    assert [(need.name, need.owner_id) for need in checkin.needs.all()] == [("reassurance", None)]
    assert checkin.need_met == "partly"
    assert checkin.action == "Ask for a call on Sunday"


def test_a_need_in_the_users_own_words_is_theirs_alone(me: Client, user, other_user):
    checkin = checkin_create(user=user, intensities={team("envy"): 4})

    me.post(reverse("feelings:reflect", kwargs={"checkin_id": checkin.pk}), {"own_need": "A slow morning"})

    need = Need.objects.get(name="a slow morning")
    assert need.owner == user
    assert need not in needs_for_user(user=other_user)


def test_deleting_a_check_in_removes_it(me: Client, user):
    checkin = checkin_create(user=user, intensities={team("joy"): 3})

    me.post(reverse("feelings:checkin_delete", kwargs={"checkin_id": checkin.pk}))

    assert not CheckIn.objects.exists()


def test_own_words_can_be_added_and_removed_on_the_words_page(me: Client, user):
    me.post(reverse("feelings:words"), {"kind": "feeling", "feeling-name": "Floaty"})
    me.post(reverse("feelings:words"), {"kind": "need", "need-name": "Long walks"})
    duplicate = me.post(reverse("feelings:words"), {"kind": "feeling", "feeling-name": "jealousy"})

    assert duplicate.status_code == 400
    own = Feeling.objects.get(owner=user)
    assert Need.objects.get(owner=user).name == "long walks"
    me.post(reverse("feelings:own_feeling_delete", kwargs={"feeling_id": own.pk}))
    assert not Feeling.objects.filter(owner=user).exists()


def test_logging_a_joy_with_htmx_swaps_in_the_list_and_a_fresh_form(me: Client, user):
    from feelings.models import VicariousJoy

    response = me.post(
        reverse("feelings:joy"),
        {"who": "Priya", "area": "work", "what_happened": "Got the promotion", "joy": "8"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="joy-body">') and "<html" not in html
    assert "Their good news is a little bit yours now." in html
    assert "Priya" in html and 'name="who"' in html and 'value="Priya"' not in html
    assert VicariousJoy.objects.get(owner=user).joy == 8


def test_a_joy_with_errors_keeps_the_users_words_with_or_without_htmx(me: Client, user):
    data = {"area": "work", "what_happened": "Someone's news I want to keep", "joy": "8"}

    plain = me.post(reverse("feelings:joy"), data)
    swapped = me.post(reverse("feelings:joy"), data, headers={"HX-Request": "true"})

    assert plain.status_code == 400 and swapped.status_code == 200
    for response in (plain, swapped):
        assert "Who had the good news?" in response.content.decode()
        assert "Someone&#x27;s news I want to keep" in response.content.decode()


def test_an_intensity_for_an_unnamed_own_feeling_asks_for_its_name(me: Client, user):
    response = me.post(reverse("feelings:index"), {"own_intensity": "4", field("joy"): "3"})

    assert response.status_code == 400
    assert "What would you call this feeling?" in response.content.decode()
    assert not CheckIn.objects.exists()
