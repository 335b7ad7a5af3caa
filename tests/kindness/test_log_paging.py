"""The kindness log pages through every act; the variety figure stays the latest acts'."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kindness.models import KindnessAct
from people.models import PersonKind
from tests.history import history_seed, pages_walk
from tests.people.factories import PersonFactory


@pytest.fixture(autouse=True)
def _noon_today():
    with time_machine.travel("2026-05-04 10:00Z", tick=False):
        yield


@pytest.fixture
def signed_in(client: Client, user) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_log_reaches_every_act_once_and_the_figures_stay_the_latest(signed_in: Client, user):
    history_seed(
        user, PersonFactory.create(owner=user, kind=PersonKind.PARTNER), days=50, today=date(2026, 5, 4)
    )
    first = signed_in.get(reverse("kindness:index")).context
    oldest = signed_in.get(reverse("kindness:index"), {"oldest": "1"}).context

    pages = pages_walk(signed_in, reverse("kindness:index"), "acts")

    expected = list(KindnessAct.objects.filter(owner=user).order_by("-local_date", "-id"))
    assert [act for page in pages for act in page] == expected
    assert [len(page) for page in pages] == [20, 20, 10]
    assert oldest["acts"].entries == expected[-20:]
    assert oldest["overview"].variety == first["overview"].variety
