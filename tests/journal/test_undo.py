"""Undo a removed gratitude item (compersion.lib.removal): it comes back exactly, and the day
counts exactly as it did, on time or late, however the Undo falls."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from compersion.lib import clock
from compersion.lib.removal import UNDO_WINDOW
from journal import selectors
from journal.models import DayState, GratitudeItem, JournalDay
from journal.services import gratitude_item_add, gratitude_item_remove, gratitude_item_restore
from privacy.services import removed_purge
from tests.journal.conftest import write_items
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

BERLIN = clock.zone("Europe/Berlin")
NOW = datetime(2026, 5, 4, 18, 30, tzinfo=BERLIN)
TODAY = date(2026, 5, 4)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def me(client: Client, user: User) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def remove_url(item: GratitudeItem) -> str:
    return reverse("journal:item_remove", kwargs={"item_id": item.pk})


def restore_url(item: GratitudeItem) -> str:
    return reverse("journal:item_restore", kwargs={"item_id": item.pk})


def day_row(user: User, day: date = TODAY) -> tuple[object, ...] | None:
    found = JournalDay.objects.filter(owner=user, local_date=day).first()
    if found is None:
        return None
    return (
        found.item_count,
        found.relational_count,
        found.status,
        found.completed_at,
        found.completed_local_time,
    )


def stored(item: GratitudeItem) -> tuple[object, ...]:
    fresh = GratitudeItem.with_removed.get(pk=item.pk)
    people = sorted(fresh.people.values_list("pk", flat=True))
    return (fresh.text, fresh.relational, fresh.position, fresh.local_date, people, fresh.removed_at)


def test_remove_then_undo_on_today_without_javascript(me: Client, user: User) -> None:
    noor = PersonFactory.create(owner=user, name="Noor")
    with time_machine.travel(NOW, tick=False):
        items = write_items(user, people=[noor])
        before, counted = stored(items[0]), day_row(user)
        assert counted is not None and counted[2] == DayState.ON_TIME

        page = me.post(remove_url(items[0]), follow=True).content.decode()

        assert "Removed a good thing from today. You can undo this until 18:45." in page
        assert f'action="{restore_url(items[0])}"' in page
        assert items[0].text not in page and "About Noor" not in page
        assert day_row(user)[:3] == (4, 0, DayState.PARTIAL)  # type: ignore[index]
        assert items[0].text not in me.get(reverse("journal:index")).content.decode()
        assert items[0].text not in me.get(reverse("journal:index") + "?q=number+1").content.decode()

    with time_machine.travel(NOW + timedelta(minutes=3), tick=False):
        page = me.post(restore_url(items[0]), follow=True).content.decode()

    assert "It&#x27;s back, just as it was." in page
    assert items[0].text in page and "About <bdi>Noor</bdi>" in page
    assert stored(items[0]) == before
    assert day_row(user) == counted  # the same completion, not a new one at the Undo


def test_undo_after_midnight_keeps_a_day_completed_on_time_on_time(user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        items = write_items(user)
    counted = day_row(user)
    late_evening = datetime(2026, 5, 4, 23, 55, tzinfo=BERLIN)
    gratitude_item_remove(user=user, item=items[2], now=late_evening)

    gratitude_item_restore(user=user, item=items[2], now=late_evening + timedelta(minutes=10))

    assert day_row(user) == counted
    assert selectors.day_statuses(user=user)[TODAY] == DayState.ON_TIME


def test_two_removals_undone_in_either_order_give_the_day_back_as_it_was(user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        items = write_items(user)
    counted = day_row(user)
    for first, second in ((items[0], items[1]), (items[3], items[2])):
        gratitude_item_remove(user=user, item=first, now=NOW + timedelta(minutes=1))
        gratitude_item_remove(user=user, item=second, now=NOW + timedelta(minutes=2))
        gratitude_item_restore(user=user, item=first, now=NOW + timedelta(minutes=3))
        assert day_row(user)[2] == DayState.PARTIAL  # type: ignore[index]
        gratitude_item_restore(user=user, item=second, now=NOW + timedelta(minutes=4))
        assert day_row(user) == counted


def test_removing_the_only_item_and_undoing_it_brings_the_day_back(me: Client, user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        (item,) = write_items(user, count=1)
        me.post(remove_url(item))
        assert day_row(user) is None
        me.post(restore_url(item))
    assert day_row(user)[:3] == (1, 1, DayState.PARTIAL)  # type: ignore[index]


def test_undo_onto_a_day_with_five_again_is_refused_until_one_goes(me: Client, user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        items = write_items(user)
        me.post(remove_url(items[4]))
        newer = gratitude_item_add(user=user, local_date=TODAY, text="Something new in the freed slot")

        page = me.post(restore_url(items[4]), follow=True).content.decode()

        # Refused, saying why and what to do; the Undo stays on offer.
        assert "This day has five good things again" in page and "Remove one of the five" in page
        assert f'action="{restore_url(items[4])}"' in page
        assert GratitudeItem.objects.filter(owner=user).count() == 5

        page = me.post(remove_url(newer), follow=True).content.decode()

        # The removal's message offers the earlier Undo too.
        assert f'action="{restore_url(newer)}"' in page and f'action="{restore_url(items[4])}"' in page
        me.post(restore_url(items[4]))

    assert GratitudeItem.objects.get(pk=items[4].pk).position == 5
    assert day_row(user)[:3] == (5, 1, DayState.ON_TIME)  # type: ignore[index]


def test_an_item_comes_back_to_a_free_slot_when_its_own_was_taken(user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        items = write_items(user, count=3)
        gratitude_item_remove(user=user, item=items[1])
        gratitude_item_add(user=user, local_date=TODAY, text="A new second thing", position=2)

        restored = gratitude_item_restore(user=user, item=items[1])

    assert restored.position == 4
    assert [i.text for i in selectors.items_for_day(user=user, local_date=TODAY)][3] == items[1].text


def test_undo_after_the_window_is_refused(me: Client, user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        (item,) = write_items(user, count=1)
        me.post(remove_url(item))
    with time_machine.travel(NOW + UNDO_WINDOW + timedelta(seconds=1), tick=False):
        page = me.post(restore_url(item), follow=True).content.decode()

    assert "more than 15 minutes ago, so it can no longer be brought back" in page
    assert not GratitudeItem.objects.filter(pk=item.pk).exists()


def test_double_clicks_on_remove_and_undo_are_harmless(me: Client, user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        items = write_items(user)
        counted = day_row(user)
        assert me.post(remove_url(items[0])).status_code == 302
        second = me.post(remove_url(items[0]), follow=True)
        assert f'action="{restore_url(items[0])}"' in second.content.decode()
        assert me.post(restore_url(items[0])).status_code == 302
        again = me.post(restore_url(items[0]), follow=True).content.decode()

    assert "It&#x27;s already back." in again
    assert GratitudeItem.objects.filter(owner=user).count() == 5
    assert day_row(user) == counted


def test_with_htmx_remove_and_undo_work_in_place(me: Client, user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        items = write_items(user)
        html = me.post(remove_url(items[0]), headers=HTMX).content.decode()

        assert html.lstrip().startswith('<ol class="slots" id="slots">') and items[0].text not in html
        assert '<div id="messages" class="messages" role="status" data-hx-swap-oob="true">' in html
        # The Undo restores in place with htmx, and is a plain form without it.
        url = restore_url(items[0])
        assert f'action="{url}" class="message-undo" data-hx-post="{url}" data-hx-target="#slots"' in html

        html = me.post(url, headers=HTMX).content.decode()

    assert html.lstrip().startswith('<ol class="slots" id="slots">') and items[0].text in html
    assert "It&#x27;s back, just as it was." in html and "5 of 5" in html


def test_a_form_resent_after_its_item_was_removed_writes_nothing_twice(me: Client, user: User) -> None:
    token = "3f0c8a55-9d7c-4a8e-8a57-7a0d8c0b5e11"
    data = {"slot": "1", "slot1-text": "Noor fixed my bike chain", "slot1-submission_token": token}
    add = reverse("journal:item_add", kwargs={"local_date": TODAY})
    with time_machine.travel(NOW, tick=False):
        me.post(add, data)
        item = GratitudeItem.objects.get(owner=user)
        me.post(remove_url(item))

        assert me.post(add, data).status_code == 302

    assert GratitudeItem.with_removed.filter(owner=user).count() == 1


def test_another_users_undo_is_a_404(client: Client, user: User, other_user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        (item,) = write_items(user, count=1)
        gratitude_item_remove(user=user, item=item)
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")

    assert client.post(restore_url(item)).status_code == 404
    assert GratitudeItem.with_removed.get(pk=item.pk).removed_at is not None


def test_the_purge_leaves_the_days_as_they_were(user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        items = write_items(user)
        gratitude_item_remove(user=user, item=items[0])
    counted = day_row(user)

    assert removed_purge(now=NOW + UNDO_WINDOW + timedelta(minutes=1)) == 1

    assert not GratitudeItem.with_removed.filter(pk=items[0].pk).exists()
    assert day_row(user) == counted


def test_remove_and_undo_with_htmx_keep_a_small_fixed_query_count(
    me: Client, user: User, django_assert_max_num_queries
) -> None:
    with time_machine.travel(NOW, tick=False):
        items = write_items(user)
        me.get("/")  # the session and caches are warm, as in use
        # The day's items, progress and charts, as any write; plus the item re-read under the
        # day's lock and, on Remove, the day's restorable removals for their Undo; plus, on
        # Today, who hasn't been appreciated lately, which a removal can change (one query).
        with django_assert_max_num_queries(16):
            me.post(remove_url(items[0]), headers=HTMX)
        with django_assert_max_num_queries(17):
            me.post(restore_url(items[0]), headers=HTMX)
