"""Nobody can flood a mailbox through us: account mail and test reminders are limited per
address and per client, and the limit says nothing about whether an account exists
(issue #12, 5)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.throttle import MAIL_LIMIT_PER_ADDRESS, MAIL_LIMIT_PER_CLIENT
from tests.factories import UserFactory

NOW = datetime(2026, 5, 4, 9, 0, 7, tzinfo=UTC)
RESET = reverse("accounts:password_reset")
PASSWORD = "lanterns over the quiet harbour"


def reset(address: str, *, client_ip: str = "203.0.113.7"):
    return Client().post(RESET, {"email": address}, REMOTE_ADDR=client_ip)


def signup(address: str, *, client_ip: str = "203.0.113.7"):
    data = {"email": address, "time_zone": "UTC", "password1": PASSWORD, "password2": PASSWORD}
    return Client().post(reverse("accounts:signup"), data, REMOTE_ADDR=client_ip)


@pytest.mark.django_db
def test_password_reset_mail_to_one_address_stops_at_the_limit_with_a_clear_message(
    user: User, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        answers = [reset(user.email, client_ip=f"198.51.100.{n}") for n in range(MAIL_LIMIT_PER_ADDRESS + 2)]

    assert [a.status_code for a in answers] == [302] * MAIL_LIMIT_PER_ADDRESS + [429, 429]
    assert "Please try again in" in answers[-1].content.decode()
    assert 'value="me@example.com"' in answers[-1].content.decode()
    assert len(mail.outbox) == MAIL_LIMIT_PER_ADDRESS


@pytest.mark.django_db
def test_the_limit_reads_the_same_for_an_address_with_and_without_an_account(user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        known = [reset(user.email, client_ip=f"198.51.100.{n}") for n in range(MAIL_LIMIT_PER_ADDRESS + 1)]
        unknown = [
            reset("nobody@example.com", client_ip=f"192.0.2.{n}") for n in range(MAIL_LIMIT_PER_ADDRESS + 1)
        ]

    assert [a.status_code for a in known] == [a.status_code for a in unknown]
    assert _page(known[-1], typed=user.email) == _page(unknown[-1], typed="nobody@example.com")


def _page(response, *, typed: str) -> str:
    html = response.content.decode().replace(typed, "TYPED")
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"', html)


@pytest.mark.django_db
def test_one_client_cannot_spray_reset_mail_across_many_addresses() -> None:
    for n in range(MAIL_LIMIT_PER_CLIENT + 1):
        UserFactory.create(email=f"person{n}@example.net")
    with time_machine.travel(NOW, tick=False):
        answers = [reset(f"person{n}@example.net") for n in range(MAIL_LIMIT_PER_CLIENT + 1)]

    assert [a.status_code for a in answers] == [302] * MAIL_LIMIT_PER_CLIENT + [429]


@pytest.mark.django_db
def test_sign_up_mail_counts_towards_the_same_limits(user: User, django_capture_on_commit_callbacks) -> None:
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        answers = [signup(user.email, client_ip=f"198.51.100.{n}") for n in range(MAIL_LIMIT_PER_ADDRESS)]
        last = reset(user.email, client_ip="192.0.2.1")

    assert [a.status_code for a in answers] == [302] * MAIL_LIMIT_PER_ADDRESS
    assert last.status_code == 429
    assert len(mail.outbox) == MAIL_LIMIT_PER_ADDRESS


@pytest.mark.django_db
def test_the_limit_lifts_after_an_hour(user: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        for n in range(MAIL_LIMIT_PER_ADDRESS):
            reset(user.email, client_ip=f"198.51.100.{n}")
        assert reset(user.email).status_code == 429
        traveller.shift(timedelta(hours=1, seconds=1))
        assert reset(user.email).status_code == 302


@pytest.mark.django_db
def test_test_reminders_stop_at_the_limit_with_a_clear_message(
    user: User, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    client.force_login(user)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        answers = [client.post("/reminders/test/", follow=True) for _ in range(MAIL_LIMIT_PER_ADDRESS + 1)]

    assert len(mail.outbox) == MAIL_LIMIT_PER_ADDRESS
    assert "A test reminder is on its way" in answers[0].content.decode()
    assert answers[-1].status_code == 429
    assert "Please try again in" in answers[-1].content.decode()


@pytest.mark.django_db
def test_test_reminders_are_limited_per_client_across_accounts(django_capture_on_commit_callbacks) -> None:
    people = UserFactory.create_batch(MAIL_LIMIT_PER_CLIENT + 1)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        answers = []
        for person in people:
            client = Client()
            client.force_login(person)
            answers.append(client.post("/reminders/test/", REMOTE_ADDR="203.0.113.9").status_code)

    assert answers == [302] * MAIL_LIMIT_PER_CLIENT + [429]
