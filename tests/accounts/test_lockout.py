"""django-axes: five wrong passwords for one account from one address pause sign-in there."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.views import minutes_left
from tests.factories import TEST_PASSWORD

LOGIN = reverse("accounts:login")


def sign_in(client: Client, email: str, password: str, *, address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def fail_five_times(client: Client, email: str, *, address: str = "203.0.113.7") -> None:
    for _ in range(5):
        sign_in(client, email, "not the right password", address=address)


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_plain_message_before_the_limit(client: Client, user: User):
    response = sign_in(client, user.email, "not the right password")

    assert response.status_code == 200
    assert "don&#x27;t match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_five_wrong_passwords_refuse_even_the_right_one_with_when_to_try_again(client: Client, user: User):
    fail_five_times(client, user.email)

    response = sign_in(client, user.email, TEST_PASSWORD)

    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "15 minutes" in body
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_four_wrong_passwords_still_let_the_right_one_in(client: Client, user: User):
    for _ in range(4):
        sign_in(client, user.email, "not the right password")

    response = sign_in(client, user.email, TEST_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_a_successful_sign_in_clears_the_earlier_failures(client: Client, user: User):
    for _ in range(4):
        sign_in(client, user.email, "not the right password")
    assert sign_in(client, user.email.upper(), TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, user.email, "not the right password")

    response = sign_in(client, user.email, TEST_PASSWORD)

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_lockout_counts_the_address_however_the_email_is_capitalised(client: Client, user: User):
    fail_five_times(client, user.email.upper())

    response = sign_in(client, user.email, TEST_PASSWORD)

    assert response.status_code == 429


@pytest.mark.django_db
def test_another_account_from_the_same_address_is_not_locked(client: Client, user: User, other_user: User):
    fail_five_times(client, user.email)

    response = sign_in(client, other_user.email, TEST_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other_user.pk)


@pytest.mark.django_db
def test_the_same_account_from_another_address_is_not_locked(client: Client, user: User):
    fail_five_times(client, user.email, address="203.0.113.7")

    response = sign_in(client, user.email, TEST_PASSWORD, address="198.51.100.20")

    assert response.status_code == 302


@pytest.mark.django_db
def test_sign_in_works_again_after_fifteen_minutes(client: Client, user: User):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fail_five_times(client, user.email)
        traveller.shift(timedelta(minutes=14, seconds=50))
        assert sign_in(client, user.email, TEST_PASSWORD).status_code == 429

        traveller.shift(timedelta(seconds=11))
        response = sign_in(client, user.email, TEST_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_trying_during_the_pause_neither_restarts_it_nor_hides_how_long_is_left(client: Client, user: User):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fail_five_times(client, user.email)
        traveller.shift(timedelta(minutes=10))
        during = sign_in(client, user.email, "still guessing")
        traveller.shift(timedelta(minutes=5, seconds=1))
        after = sign_in(client, user.email, TEST_PASSWORD)

    assert during.status_code == 429
    assert "5 minutes" in during.content.decode()
    assert after.status_code == 302


@pytest.mark.parametrize(
    ("seconds_left", "minutes"),
    [(15 * 60, 15), (14 * 60 + 1, 15), (60, 1), (1, 1), (0, 1), (-30, 1)],
)
def test_minutes_left_rounds_up_and_never_says_zero(seconds_left: int, minutes: int):
    now = timezone.now()

    assert minutes_left(ends_at=now + timedelta(seconds=seconds_left), now=now) == minutes
