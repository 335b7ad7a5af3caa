"""A good thing written offline, sent on the next visit online: added once, to the day it
was written in the user's own zone and day start, or kept in the browser with a reason."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from journal.models import GratitudeItem
from journal.services import gratitude_item_add
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/journal/offline-note/"


def _ms(moment: datetime) -> str:
    return str(int(moment.timestamp() * 1000))


def _send(client: Client, text: str, written: datetime, token: uuid.UUID | None = None) -> tuple[int, dict]:
    response = client.post(
        URL, {"text": text, "written_at": _ms(written), "submission_token": str(token or uuid.uuid4())}
    )
    return response.status_code, response.json()


@pytest.fixture
def auckland(client: Client) -> User:
    user = UserFactory.create(time_zone="Pacific/Auckland", day_start_hour=3)
    client.force_login(user)
    return user


def test_the_url_is_the_one_the_page_names() -> None:
    assert reverse("journal:offline_note") == URL


@time_machine.travel(datetime(2026, 12, 5, 1, 0, tzinfo=UTC), tick=False)  # 14:00 in Auckland
def test_a_note_written_today_is_one_of_todays_five(client: Client, auckland: User) -> None:
    status, answer = _send(client, "The bakery kept a loaf for me", datetime(2026, 12, 4, 23, 30, tzinfo=UTC))

    assert status == 201
    assert answer == {"message": "Your note from offline is now one of your five for today.", "today": True}
    item = GratitudeItem.objects.get(owner=auckland)
    assert (item.local_date.isoformat(), item.position) == ("2026-12-05", 1)
    assert item.text == "The bakery kept a loaf for me"


@time_machine.travel(datetime(2026, 12, 5, 1, 0, tzinfo=UTC), tick=False)
def test_a_note_written_before_the_day_start_goes_to_the_day_before(client: Client, auckland: User) -> None:
    # 02:30 on 5 December in Auckland, before the 03:00 day start: still the 4th.
    status, answer = _send(client, "Late talk with Sam", datetime(2026, 12, 4, 13, 30, tzinfo=UTC))

    assert status == 201
    assert "Friday 4 December 2026" in answer["message"]
    assert answer["today"] is False
    assert GratitudeItem.objects.get(owner=auckland).local_date.isoformat() == "2026-12-04"


@time_machine.travel(datetime(2026, 12, 5, 1, 0, tzinfo=UTC), tick=False)
def test_a_device_clock_running_ahead_gives_today(client: Client, auckland: User) -> None:
    status, _ = _send(client, "Tomorrow's thing", datetime(2026, 12, 7, 1, 0, tzinfo=UTC))

    assert status == 201
    assert GratitudeItem.objects.get(owner=auckland).local_date.isoformat() == "2026-12-05"


@time_machine.travel(datetime(2026, 12, 5, 1, 0, tzinfo=UTC), tick=False)
def test_the_same_note_sent_twice_is_added_once(client: Client, auckland: User) -> None:
    token = uuid.uuid4()
    written = datetime(2026, 12, 5, 0, 0, tzinfo=UTC)

    first = _send(client, "Once only", written, token)
    second = _send(client, "Once only", written, token)

    assert first[0] == second[0] == 201
    assert GratitudeItem.objects.filter(owner=auckland).count() == 1


@time_machine.travel(datetime(2026, 12, 5, 1, 0, tzinfo=UTC), tick=False)
def test_a_full_day_refuses_with_a_reason_and_adds_nothing(client: Client, auckland: User) -> None:
    for n in range(5):
        gratitude_item_add(user=auckland, local_date=date(2026, 12, 5), text=f"Thing {n}")

    status, answer = _send(client, "A sixth thing", datetime(2026, 12, 5, 0, 0, tzinfo=UTC))

    assert status == 422
    assert "already has five" in answer["message"]
    assert "still kept in this browser" in answer["message"]
    assert "sixth" not in answer["message"]
    assert GratitudeItem.objects.filter(owner=auckland).count() == 5


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"text": "", "written_at": "1", "submission_token": str(uuid.uuid4())},
        {"text": "x" * 501, "written_at": "1", "submission_token": str(uuid.uuid4())},
        {"text": "Fine", "written_at": "-5", "submission_token": str(uuid.uuid4())},
        {"text": "Fine", "written_at": "9" * 40, "submission_token": str(uuid.uuid4())},
        {"text": "Fine", "written_at": "1", "submission_token": "not-a-uuid"},
    ],
)
def test_a_note_that_did_not_arrive_whole_is_refused(client: Client, auckland: User, data: dict) -> None:
    response = client.post(URL, data)

    assert response.status_code == 422
    assert response.json()["message"].startswith("Your note from offline could not be added")
    assert not GratitudeItem.objects.filter(owner=auckland).exists()


def test_signed_out_it_adds_nothing_and_only_posts_are_taken(client: Client) -> None:
    note = {"text": "x", "written_at": "1", "submission_token": str(uuid.uuid4())}
    assert client.post(URL, note).status_code == 302
    client.force_login(UserFactory.create())
    assert client.get(URL).status_code == 405
    assert not GratitudeItem.objects.exists()
