"""Editing a logged act: the form comes filled in (in place with htmx, a page without), and
the week, the streak, the variety figure and "told someone" stay true afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kindness.models import KindnessAct
from kindness.selectors import kindness_overview
from people.models import Person, PersonKind

pytestmark = pytest.mark.django_db

# Wednesday 18 November 2026, noon in Berlin.
NOW = datetime(2026, 11, 18, 11, 0, tzinfo=UTC)
TODAY = date(2026, 11, 18)
LAST_WEEK = TODAY - timedelta(days=7)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def edit_form(act: KindnessAct, **fields: str) -> dict[str, str]:
    data = {
        "kindness-text": act.text,
        "kindness-recipient": f"person:{act.person_id}" if act.person_id else f"kind:{act.recipient_kind}",
        "kindness-category": act.category,
        "kindness-effort": act.effort,
        "kindness-local_date": act.local_date.isoformat(),
        "kindness-reflection": act.reflection,
    }
    data.update({f"kindness-{name}": value for name, value in fields.items()})
    return data


def test_edit_without_javascript_is_a_page_with_the_form_filled_in(client, user, sam, make_act):
    act = make_act(
        user, TODAY, person=sam, recipient_kind="partner", text="Warmed the car", reflection="Glad"
    )
    client.force_login(user)
    response = client.get(reverse("kindness:act_edit", args=[act.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body and "Edit what you did" in body
    assert "Warmed the car</textarea>" in body
    assert f'<option value="person:{sam.pk}" selected>' in body
    assert f'value="{TODAY.isoformat()}"' in body and 'type="date"' in body and 'min="1900-01-01"' in body


def test_edit_with_htmx_answers_with_the_card_alone(client, user, make_act):
    act = make_act(user, TODAY)
    client.force_login(user)
    response = client.get(reverse("kindness:act_edit", args=[act.pk]), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card" aria-labelledby="act-heading" id="act-card">')
    assert "<html" not in body and "<h1" not in body
    assert "Save changes" in body


def test_saving_changes_the_act_and_keeps_it_told(client, user, sam, make_act):
    act = make_act(user, TODAY, is_secret=False, told_at=NOW - timedelta(hours=2))
    client.force_login(user)
    response = client.post(
        reverse("kindness:act_edit", args=[act.pk]),
        edit_form(act, text="Fixed Sam's bike", recipient=f"person:{sam.pk}", category="help"),
    )
    assert response.status_code == 302 and response["Location"] == reverse("kindness:act", args=[act.pk])
    act.refresh_from_db()
    assert (act.text, act.person, act.recipient_kind, act.category) == (
        "Fixed Sam's bike",
        sam,
        "partner",
        "help",
    )
    assert not act.is_secret and act.told_at == NOW - timedelta(hours=2)
    assert KindnessAct.objects.filter(owner=user).count() == 1


def test_saving_with_htmx_shows_the_act_in_place_with_its_new_day(client, user, make_act):
    act = make_act(user, TODAY)
    client.force_login(user)
    response = client.post(
        reverse("kindness:act_edit", args=[act.pk]),
        edit_form(act, local_date=(TODAY - timedelta(days=30)).isoformat()),
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your changes are saved." in body
    assert '<h1 id="act-day" data-hx-swap-oob="true">' in body
    # The year is shown only outside the user's current year.
    assert '<time datetime="2026-10-19">Monday 19 October' in body


def test_a_new_date_moves_the_act_to_its_week_and_the_streak_follows(client, user, make_act):
    client.force_login(user)
    make_act(user, LAST_WEEK)
    act = make_act(user, TODAY)
    before = kindness_overview(user=user, local_date=TODAY)
    assert (before.week.done, before.streak) == (1, 2)

    client.post(reverse("kindness:act_edit", args=[act.pk]), edit_form(act, local_date=LAST_WEEK.isoformat()))
    after = kindness_overview(user=user, local_date=TODAY)
    weeks = dict(after.weeks)
    assert after.week.done == 0
    assert weeks[LAST_WEEK - timedelta(days=LAST_WEEK.weekday())] == 2
    assert after.streak == 1  # this week is not met yet, last week still is
    assert after.total == 2


def test_editing_the_kind_changes_the_variety_figure(client, user, make_act):
    acts = [make_act(user, TODAY - timedelta(days=n), category="words") for n in range(3)]
    assert kindness_overview(user=user, local_date=TODAY).variety.categories == 1
    client.force_login(user)
    client.post(reverse("kindness:act_edit", args=[acts[0].pk]), edit_form(acts[0], category="gift"))
    assert kindness_overview(user=user, local_date=TODAY).variety.categories == 2


@pytest.mark.parametrize(
    ("day", "message"),
    [(TODAY + timedelta(days=1), "has not happened yet"), (date(1899, 12, 31), "from 1900 on")],
    ids=["future", "before-1900"],
)
def test_future_and_pre_1900_days_are_refused_and_nothing_changes(client, user, make_act, day, message):
    act = make_act(user, TODAY, text="Left a note of thanks")
    client.force_login(user)
    response = client.post(
        reverse("kindness:act_edit", args=[act.pk]),
        edit_form(act, local_date=day.isoformat(), text="Changed"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "\nChanged</textarea>" in body  # the user's words are kept
    act.refresh_from_db()
    assert (act.local_date, act.text) == (TODAY, "Left a note of thanks")


def test_an_act_for_someone_since_archived_keeps_them(client, user, make_act):
    gone = Person.objects.create(owner=user, name="Noor", kind=PersonKind.FRIEND, archived_at=timezone.now())
    act = make_act(user, TODAY, person=gone)
    client.force_login(user)
    response = client.post(reverse("kindness:act_edit", args=[act.pk]), edit_form(act, text="Still for Noor"))
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.person == gone and act.text == "Still for Noor"


def test_someone_elses_act_cannot_be_edited(client, user, other_user, make_act):
    theirs = make_act(other_user, TODAY, text="Their secret")
    client.force_login(user)
    assert client.get(reverse("kindness:act_edit", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("kindness:act_edit", args=[theirs.pk]), edit_form(theirs, text="Mine now"))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.text == "Their secret"


def test_the_act_page_offers_edit(client, user, make_act):
    act = make_act(user, TODAY)
    client.force_login(user)
    body = client.get(reverse("kindness:act", args=[act.pk])).content.decode()
    assert f'href="{reverse("kindness:act_edit", args=[act.pk])}"' in body
