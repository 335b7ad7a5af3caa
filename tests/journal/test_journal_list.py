"""The journal's list of days shows each item with the people it is about."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from compersion.lib import clock
from journal.services import gratitude_item_add
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

BERLIN = clock.zone("Europe/Berlin")
TODAY = date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 5, 4, 18, 30, tzinfo=BERLIN), tick=False):
        yield


def test_each_item_shows_its_people_by_name_in_order_escaped(signed_in: Client, user: User) -> None:
    zoe, amir = (
        PersonFactory.create(owner=user, name="Zoë"),
        PersonFactory.create(owner=user, name="Amir & <Co>"),
    )
    yesterday = TODAY - timedelta(days=1)
    gratitude_item_add(user=user, local_date=yesterday, text="Dinner <together>", people=[zoe, amir])
    gratitude_item_add(user=user, local_date=yesterday, text="A quiet walk", relational=True)
    gratitude_item_add(user=user, local_date=TODAY, text="Zoë's note", people=[zoe])
    html = signed_in.get(reverse("journal:index")).content.decode()
    assert (
        '<li><span dir="auto">Zoë&#x27;s note</span> <span class="muted">(<bdi>Zoë</bdi>)</span></li>' in html
    )
    assert (
        '<li><span dir="auto">Dinner &lt;together&gt;</span> '
        '<span class="muted">(<bdi>Amir &amp; &lt;Co&gt;, Zoë</bdi>)</span></li>'
        '<li><span dir="auto">A quiet walk</span></li>'
    ) in html
    assert html.index("Zoë&#x27;s note") < html.index("Dinner")  # newest day first
