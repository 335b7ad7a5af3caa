"""Editing a check-in: the form opens filled in, a correction changes the one check-in (never a
second), it stays on its day, and the charts count the new strengths."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.selectors import user_local_today
from feelings.forms import feeling_field_name
from feelings.models import CheckIn, Feeling, Need
from feelings.selectors import feeling_series
from feelings.services import checkin_create, checkin_reflect, checkin_remove, feeling_own_add
from people.models import Person


def team(name: str) -> Feeling:
    return Feeling.objects.get(owner=None, name=name)


def edit_url(checkin: CheckIn) -> str:
    return reverse("feelings:checkin_edit", kwargs={"checkin_id": checkin.pk})


def test_the_edit_form_opens_with_the_check_in_as_it_was(
    me: Client, user: User, make_person: Callable[..., Person]
):
    jules = make_person(user, "Jules")
    checkin = checkin_create(
        user=user,
        intensities={team("jealousy"): 6, team("compersion"): 3},
        people=[jules],
        what_happened="Date night",
        body="chest",
    )

    response = me.get(edit_url(checkin))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'name="{feeling_field_name(team("jealousy"))}" value="6"' in page
    assert f'name="{feeling_field_name(team("compersion"))}" value="3"' in page
    assert f'name="{feeling_field_name(team("envy"))}" value="0"' in page
    assert f'value="{jules.pk}" id="id_people_0" checked' in page
    assert "Date night</textarea>" in page
    assert 'value="chest"' in page
    assert "submission_token" not in page  # a correction, not a new check-in


def test_saving_corrects_the_one_check_in_on_its_day_and_the_charts_follow(
    me: Client, user: User, make_person: Callable[..., Person]
):
    jules, sam = make_person(user, "Jules"), make_person(user, "Sam")
    checkin = checkin_create(
        user=user, intensities={team("jealousy"): 6, team("envy"): 2}, people=[jules], body="chest"
    )
    day = checkin.local_date
    checkin_reflect(checkin=checkin, needs=[Need.objects.filter(owner=None)[0]], need_met="yes", action="")
    form = {
        feeling_field_name(team("jealousy")): "2",  # softer than first written
        feeling_field_name(team("envy")): "0",  # on second thought, not there
        feeling_field_name(team("compersion")): "7",  # left out the first time
        "own_feeling": "Tender",
        "own_intensity": "4",
        "people": [sam.pk],
        "what_happened": "Sam's news",
        "body": "",
    }

    response = me.post(edit_url(checkin), form)
    again = me.post(edit_url(checkin), form)  # a double click saves the same once more

    assert response.status_code == again.status_code == 302
    assert response["Location"] == reverse("feelings:checkin", kwargs={"checkin_id": checkin.pk})
    assert CheckIn.objects.filter(owner=user).count() == 1
    checkin.refresh_from_db()
    strengths = {row.feeling.name: row.intensity for row in checkin.feelings.all()}
    assert strengths == {"jealousy": 2, "compersion": 7, "tender": 4}
    assert [p.name for p in checkin.people.all()] == ["Sam"]
    assert (checkin.what_happened, checkin.body, checkin.local_date) == ("Sam's news", "", day)
    assert checkin.needs.count() == 1 and checkin.need_met == "yes"  # the needs stay as named
    (jealousy, compersion) = feeling_series(
        user=user, names=["jealousy", "compersion"], start=day - timedelta(days=1), end=day
    )
    assert [value for _, value in jealousy.points] == [2]
    assert [value for _, value in compersion.points] == [7]
    detail = me.get(response["Location"]).content.decode()
    assert "Your changes are saved." in detail


def test_an_edit_with_no_feeling_left_is_refused_and_changes_nothing(me: Client, user: User):
    checkin = checkin_create(user=user, intensities={team("jealousy"): 6}, what_happened="As it was")

    response = me.post(edit_url(checkin), {"what_happened": "Changed?"})

    assert response.status_code == 400
    assert "Give at least one feeling an intensity from 1 to 10." in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.what_happened == "As it was"
    assert [(r.feeling.name, r.intensity) for r in checkin.feelings.all()] == [("jealousy", 6)]


def test_a_removed_check_in_cannot_be_edited(me: Client, user: User):
    checkin = checkin_create(user=user, intensities={team("jealousy"): 6})
    checkin_remove(checkin=checkin)

    assert me.get(edit_url(checkin)).status_code == 404
    assert me.post(edit_url(checkin), {feeling_field_name(team("jealousy")): "1"}).status_code == 404


def test_another_users_people_cannot_be_linked_by_an_edit(
    me: Client, user: User, other_user: User, make_person: Callable[..., Person]
):
    checkin = checkin_create(user=user, intensities={team("jealousy"): 6})
    theirs = make_person(other_user, "Not yours")

    response = me.post(edit_url(checkin), {feeling_field_name(team("jealousy")): "5", "people": [theirs.pk]})

    assert response.status_code == 400
    assert checkin.people.count() == 0
    checkin.refresh_from_db()
    assert [r.intensity for r in checkin.feelings.all()] == [6]


def test_a_feelings_own_definition_is_shown_escaped_and_read_with_its_slider(me: Client, user: User):
    """A definition can be the user's own words (or an imported file's): it is written escaped
    under its slider and named by the slider's aria-describedby, never printed as help text."""
    own = feeling_own_add(user=user, name="Wobbly", definition='<b onmouseover="x()">not quite</b>')
    checkin = checkin_create(user=user, intensities={own: 3})

    for url in (reverse("feelings:index"), edit_url(checkin)):
        page = me.get(url).content.decode()
        field_id = f"id_{feeling_field_name(own)}"
        assert f'aria-describedby="{field_id}_definition"' in page
        assert (
            f'<div class="helptext" id="{field_id}_definition" dir="auto">'
            "&lt;b onmouseover=&quot;x()&quot;&gt;not quite&lt;/b&gt;</div>"
        ) in page
        assert "<b onmouseover" not in page


def test_the_check_in_page_offers_edit(me: Client, user: User):
    checkin = checkin_create(user=user, intensities={team("jealousy"): 6})
    today = user_local_today(user=user)

    page = me.get(reverse("feelings:checkin", kwargs={"checkin_id": checkin.pk})).content.decode()

    assert checkin.local_date == today
    assert f'href="{edit_url(checkin)}">Edit<span class="visually-hidden"> this check-in</span>' in page
