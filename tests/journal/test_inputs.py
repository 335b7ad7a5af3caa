"""Inputs on Today: the hint about people updates with a save, words over the limit get a clear
message (and stay), and fields for words read their direction from the words."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from journal.models import GratitudeItem
from tests.journal.test_views import HTMX, TODAY, _frozen, add_url, slot_data  # noqa: F401
from tests.people.factories import PersonFactory


def _hint(html: str) -> str:
    return html.split('id="appreciation-hint"', 1)[1].split("</div>", 1)[0]


def _count(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def test_saving_an_item_about_someone_takes_them_off_the_hint_in_the_same_answer(
    signed_in: Client, user: User
) -> None:
    ash = PersonFactory.create(owner=user, name="Ash")
    PersonFactory.create(owner=user, name="Bea")
    assert "Ash" in _hint(signed_in.get("/").content.decode())

    response = signed_in.post(add_url(), slot_data(1, "Ash fixed my bike", people=(ash.pk,)), headers=HTMX)

    html = response.content.decode()
    assert re.search(r'<div id="appreciation-hint"[^>]* data-hx-swap-oob="true"', html)
    assert "Ash" not in _hint(html)
    assert "Bea" in _hint(html)


def test_the_hint_costs_a_save_on_today_no_query(signed_in: Client, user: User) -> None:
    ash = PersonFactory.create(owner=user, name="Ash")
    signed_in.get("/")  # the session settles
    yesterday = TODAY - timedelta(days=1)

    # Both days are new: the same writes, and only Today's answer carries the hint.
    on_yesterday = _count(
        lambda: signed_in.post(add_url(yesterday), slot_data(1, "Ash", people=(ash.pk,)), headers=HTMX)
    )
    on_today = _count(lambda: signed_in.post(add_url(), slot_data(1, "Ash", people=(ash.pk,)), headers=HTMX))

    assert on_today == on_yesterday


def test_editing_an_item_on_today_costs_the_hint_no_query_unless_someone_was_unlinked(
    signed_in: Client, user: User
) -> None:
    ash, bea = PersonFactory.create(owner=user, name="Ash"), PersonFactory.create(owner=user, name="Bea")
    signed_in.post(add_url(TODAY - timedelta(days=1)), slot_data(1, "Bea", people=(bea.pk,)), headers=HTMX)
    signed_in.post(add_url(), slot_data(1, "Ash", people=(ash.pk,)), headers=HTMX)
    yesterdays, todays = GratitudeItem.objects.filter(owner=user).order_by("local_date")

    def edit(item: GratitudeItem, text: str, *people: int) -> str:
        data = {"slot1-text": text, "slot1-people": [str(pk) for pk in people]}
        return signed_in.post(f"/journal/items/{item.pk}/", data, headers=HTMX).content.decode()

    # The same edit (new words, the same people) on either day costs the same queries.
    on_yesterday = _count(lambda: edit(yesterdays, "Bea, kindly", bea.pk))
    on_today = _count(lambda: edit(todays, "Ash, kindly", ash.pk))
    assert on_today == on_yesterday
    # Taking Ash off their only item puts them back on the hint at once.
    assert "Ash" in _hint(edit(todays, "Nobody in particular"))


def test_when_everyone_is_appreciated_the_hint_is_swapped_for_an_empty_one(
    signed_in: Client, user: User
) -> None:
    ash = PersonFactory.create(owner=user, name="Ash")

    response = signed_in.post(add_url(), slot_data(1, "Ash fixed my bike", people=(ash.pk,)), headers=HTMX)

    html = response.content.decode()
    assert 'id="appreciation-hint"' in html
    assert "hint-heading" not in html


def test_saving_for_another_day_leaves_todays_hint_alone(signed_in: Client, user: User) -> None:
    ash = PersonFactory.create(owner=user, name="Ash")
    yesterday = TODAY - timedelta(days=1)

    response = signed_in.post(add_url(yesterday), slot_data(1, "Ash again", people=(ash.pk,)), headers=HTMX)

    assert 'id="appreciation-hint"' not in response.content.decode()


def test_words_over_the_limit_get_a_clear_message_and_are_kept(signed_in: Client, user: User) -> None:
    words = "a long, specific memory " * 30  # 720 characters; an item holds 500

    response = signed_in.post(add_url(), slot_data(1, words))

    html = response.content.decode()
    assert response.status_code == 400
    assert "That is 719 characters, and this has room for 500." in html
    assert "Your words are still here: shorten them a little and save again." in html
    assert words.strip() in html
    assert not GratitudeItem.objects.filter(owner=user).exists()


def test_the_fields_for_words_read_their_direction_from_the_words(signed_in: Client, user: User) -> None:
    html = signed_in.get("/").content.decode()

    textarea = re.search(r"<textarea[^>]*>", html)
    assert textarea and 'dir="auto"' in textarea[0]
    assert 'maxlength="500"' in textarea[0]
