"""Remove, then Undo (compersion.lib.removal), for the kindness act, the check-in, the
vicarious joy and the metamour note (the gratitude item, with its counting rules, is in
tests/journal/test_undo.py): a removed row is invisible everywhere a deleted one was, Undo
brings it back exactly, and the purge deletes it for good once Undo has closed."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

import pytest
import time_machine
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_local_today
from compersion.lib.paging import Window
from compersion.lib.removal import UNDO_WINDOW, Removable
from feelings import selectors as feelings_selectors
from feelings import services as feelings
from feelings.models import CheckIn, Feeling, MetamourNote, VicariousJoy
from journal.models import GratitudeItem
from journal.services import gratitude_item_add, gratitude_item_remove
from kindness import selectors as kindness_selectors
from kindness import services as kindness
from kindness.models import KindnessAct
from people.models import Person, PersonKind
from people.services import person_create
from privacy.services import account_delete
from privacy.tasks import removed_purge_task
from tests.privacy.conftest import NOW, fill_account
from tests.security.test_user_text_escaped import SKIP, _route_seeds, crawl

MARK = "Words that were removed by a slip"


@pytest.fixture
def me(client: Client, user: User) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def sam(user: User) -> Person:
    return person_create(user=user, name="Sam", kind=PersonKind.METAMOUR)


@dataclass(frozen=True)
class Kind:
    remove: str
    restore: str
    arg: str
    make: Callable[[User, Person], Removable]
    pages: Callable[[Removable, Person], list[str]]
    count: Callable[[User], int]


def _act(user: User, sam: Person) -> Removable:
    return kindness.kindness_act_log(
        user=user,
        text=MARK,
        category="help",
        effort="small",
        local_date=user_local_today(user=user),
        person=sam,
    )


def _checkin(user: User, sam: Person) -> Removable:
    feelings.vocabulary_seed()
    joy = Feeling.objects.get(owner=None, name="compersion")
    return feelings.checkin_create(user=user, intensities={joy: 7}, people=[sam], what_happened=MARK)


def _joy(user: User, sam: Person) -> Removable:
    return feelings.vicarious_joy_log(user=user, what_happened=MARK, joy=8, area="work", person=sam)


def _note(user: User, sam: Person) -> Removable:
    return feelings.metamour_note_add(user=user, person=sam, text=MARK, prompt="A hobby")


def _person_pages(sam: Person) -> list[str]:
    return [reverse("people:detail", kwargs={"person_id": sam.pk})]


def _today(user: User) -> date:
    return user_local_today(user=user)


KINDS = {
    "act": Kind(
        remove="kindness:act_delete",
        restore="kindness:act_restore",
        arg="act_id",
        make=_act,
        pages=lambda row, sam: [
            "/kindness/",
            reverse("kindness:act", kwargs={"act_id": row.pk}),
            *_person_pages(sam),
        ],
        count=lambda user: kindness_selectors.week_progress(user=user, local_date=_today(user))[0],
    ),
    "checkin": Kind(
        remove="feelings:checkin_delete",
        restore="feelings:checkin_restore",
        arg="checkin_id",
        make=_checkin,
        pages=lambda row, sam: [
            reverse("feelings:checkin", kwargs={"checkin_id": row.pk}),
            *_person_pages(sam),
        ],
        count=lambda user: (
            len(feelings_selectors.co_occurrence(user=user, start=_today(user), end=_today(user)))
            + len(feelings_selectors.checkins_page(user=user, window=Window(size=10)).entries)
        ),
    ),
    "joy": Kind(
        remove="feelings:joy_delete",
        restore="feelings:joy_restore",
        arg="joy_id",
        make=_joy,
        # Today's feelings card lists this week's joys.
        pages=lambda row, sam: ["/feelings/joy/", "/", *_person_pages(sam)],
        count=lambda user: sum(
            n for _, n in feelings_selectors.joys_per_week(user=user, local_date=_today(user))
        ),
    ),
    "note": Kind(
        remove="feelings:metamour_note_delete",
        restore="feelings:metamour_note_restore",
        arg="note_id",
        make=_note,
        pages=lambda row, sam: [
            reverse("feelings:person", kwargs={"person_id": sam.pk}),
            *_person_pages(sam),
        ],
        count=lambda user: len(
            feelings_selectors.metamour_notes(user=user, person=Person.objects.get(owner=user))
        ),
    ),
}


def _fields(row: Removable) -> dict[str, Any]:
    """Everything stored about ``row``, its people included, read past the live-only manager."""
    fresh = type(row)._base_manager.get(pk=row.pk)
    stored = {field.attname: getattr(fresh, field.attname) for field in fresh._meta.concrete_fields}
    if isinstance(fresh, CheckIn):
        stored["people"] = sorted(fresh.people.values_list("pk", flat=True))
        stored["feelings"] = sorted(fresh.feelings.values_list("feeling_id", "intensity"))
    return stored


def _shows(client: Client, url: str) -> bool:
    response = client.get(url)
    if response.status_code == 404:  # the record's own page, as for a deleted record
        return False
    assert response.status_code == 200, url
    return MARK in response.content.decode()


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_removed_record_leaves_every_page_and_count_and_undo_brings_it_back_exactly(
    name: str, me: Client, user: User, sam: Person
) -> None:
    kind = KINDS[name]
    row = kind.make(user, sam)
    before, counted = _fields(row), kind.count(user)
    pages = kind.pages(row, sam)
    assert all(_shows(me, url) for url in pages)
    assert counted > 0

    response = me.post(reverse(kind.remove, kwargs={kind.arg: row.pk}), follow=True)

    page = response.content.decode()
    restore_url = reverse(kind.restore, kwargs={kind.arg: row.pk})
    # The message says what went and offers Undo as a plain form, without JavaScript.
    assert "Removed " in page and "You can undo this until" in page
    assert f'action="{restore_url}"' in page
    assert not any(_shows(me, url) for url in pages)
    assert kind.count(user) < counted

    response = me.post(restore_url, follow=True)

    assert "back, just as it was" in response.content.decode()
    assert all(_shows(me, url) for url in pages)
    assert kind.count(user) == counted
    assert _fields(row) == before


@pytest.mark.parametrize("name", sorted(KINDS))
def test_undo_after_the_window_is_refused_and_says_why(
    name: str, me: Client, user: User, sam: Person
) -> None:
    kind = KINDS[name]
    row = kind.make(user, sam)
    me.post(reverse(kind.remove, kwargs={kind.arg: row.pk}))

    with time_machine.travel(timezone.now() + UNDO_WINDOW + timedelta(seconds=5)):
        response = me.post(reverse(kind.restore, kwargs={kind.arg: row.pk}), follow=True)

    assert "more than 15 minutes ago, so it can no longer be brought back" in response.content.decode()
    assert not type(row)._default_manager.filter(pk=row.pk).exists()


@pytest.mark.parametrize("name", sorted(KINDS))
def test_double_clicks_on_remove_and_on_undo_are_harmless(
    name: str, me: Client, user: User, sam: Person
) -> None:
    kind = KINDS[name]
    row = kind.make(user, sam)
    remove_url = reverse(kind.remove, kwargs={kind.arg: row.pk})
    restore_url = reverse(kind.restore, kwargs={kind.arg: row.pk})

    first = me.post(remove_url)
    removed_at = type(row)._base_manager.get(pk=row.pk).removed_at
    second = me.post(remove_url, follow=True)

    assert first.status_code == 302
    # The second click is answered like the first, Undo included; the moment stays the first's.
    assert f'action="{restore_url}"' in second.content.decode()
    assert type(row)._base_manager.get(pk=row.pk).removed_at == removed_at

    assert me.post(restore_url).status_code == 302
    again = me.post(restore_url, follow=True)
    assert again.status_code == 200
    assert type(row)._default_manager.filter(pk=row.pk).count() == 1


@pytest.mark.parametrize("name", sorted(KINDS))
def test_another_user_cannot_undo_or_see_a_removal(
    name: str, client: Client, user: User, other_user: User, sam: Person
) -> None:
    kind = KINDS[name]
    row = kind.make(user, sam)
    type(row)._base_manager.filter(pk=row.pk).update(removed_at=timezone.now())
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")

    assert client.post(reverse(kind.restore, kwargs={kind.arg: row.pk})).status_code == 404
    assert client.post(reverse(kind.remove, kwargs={kind.arg: row.pk})).status_code == 404
    assert type(row)._base_manager.get(pk=row.pk).removed_at is not None


def test_only_a_post_undoes_a_get_changes_nothing(me: Client, user: User, sam: Person) -> None:
    row = _act(user, sam)
    kindness.kindness_act_remove(act=row)  # type: ignore[arg-type]
    assert me.get(reverse("kindness:act_restore", kwargs={"act_id": row.pk})).status_code == 302
    assert not KindnessAct.objects.filter(pk=row.pk).exists()


def _remove_one_of_each(user: User) -> list[Removable]:
    """One row of each removable kind, holding MARK, removed now."""
    now = timezone.now()
    item = GratitudeItem.objects.filter(owner=user).order_by("local_date", "position").first()
    assert item is not None
    GratitudeItem.objects.filter(pk=item.pk).update(text=MARK)
    gratitude_item_remove(user=user, item=item, now=now)
    rows: list[Removable] = [item]
    for model in (KindnessAct, CheckIn, VicariousJoy, MetamourNote):
        row = model._default_manager.filter(owner=user).order_by("pk").first()
        assert row is not None, model
        field = "text" if model in (KindnessAct, MetamourNote) else "what_happened"
        model._default_manager.filter(pk=row.pk).update(**{field: MARK, "removed_at": now})
        rows.append(row)
    return rows


def _streamed(client: Client, url: str) -> bytes:
    response = cast(StreamingHttpResponse, client.get(url))
    return b"".join(cast(Iterable[bytes], response.streaming_content))


def test_no_page_and_no_export_shows_a_removed_record(me: Client, user: User) -> None:
    with time_machine.travel(NOW + timedelta(minutes=5), tick=True):
        feelings.vocabulary_seed()
        people = fill_account(user)
        feelings.metamour_note_add(user=user, person=people["jules"], text="a second note")
        _remove_one_of_each(user)
        seeds = [*_route_seeds(user), "/journal/?q=removed+slip"]
        pages = 0
        for url, response, _finder in crawl(me, seeds, allowed=("/",), skip=SKIP, limit=300):
            pages += 1
            assert MARK not in cast(HttpResponse, response).content.decode(), f"{url} shows a removed record"
        assert pages > 25

        exported = _streamed(me, reverse("privacy:export_json")).decode()
        assert "a second note" in exported  # the export really carries this account's words
        assert MARK not in exported
        archive = zipfile.ZipFile(io.BytesIO(_streamed(me, reverse("privacy:export_zip"))))
        for member in archive.namelist():
            assert MARK not in archive.read(member).decode(), member


def test_the_purge_deletes_only_what_undo_can_no_longer_reach(user: User, sam: Person) -> None:
    live, recent, old = (_joy(user, sam) for _ in range(3))
    now = timezone.now()
    VicariousJoy.with_removed.filter(pk=recent.pk).update(removed_at=now - UNDO_WINDOW + timedelta(minutes=1))
    VicariousJoy.with_removed.filter(pk=old.pk).update(removed_at=now - UNDO_WINDOW - timedelta(minutes=1))
    item = gratitude_item_add(user=user, local_date=_today(user), text="Sam laughed at my joke", people=[sam])
    gratitude_item_remove(user=user, item=item, now=now - timedelta(hours=1))

    removed_purge_task.delay()

    assert set(VicariousJoy.with_removed.values_list("pk", flat=True)) == {live.pk, recent.pk}
    assert not GratitudeItem.with_removed.filter(pk=item.pk).exists()


def test_deleting_the_account_deletes_removed_records_too(user: User, sam: Person) -> None:
    rows = [make(user, sam) for make in (_act, _checkin, _joy, _note)]
    for row in rows:
        type(row)._base_manager.filter(pk=row.pk).update(removed_at=timezone.now())

    account_delete(user=user)

    assert not any(type(row)._base_manager.filter(pk=row.pk).exists() for row in rows)
