"""The second sign-in step: wrong codes are counted per account in the database and pause
the step after a few, and codes in other digit scripts are just wrong codes (issue #12, 2-3)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts import otp
from accounts.models import TwoFactor, User
from accounts.services import (
    TWO_FACTOR_FAILURE_LIMIT,
    two_factor_confirm,
    two_factor_setup_start,
    two_factor_verify,
)
from tests.factories import TEST_PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

NOW = datetime(2026, 5, 4, 9, 0, 7, tzinfo=UTC)
CODE_URL = reverse("accounts:login_code")
WRONG = "123456"


def _two_factor_on(user: User, *, now: datetime = NOW - timedelta(seconds=90)) -> tuple[str, list[str]]:
    # Set up a few steps before signing in: the set-up code's step may not be used again.
    secret = two_factor_setup_start(user=user).secret
    codes = two_factor_confirm(user=user, code=otp.totp_code_at(secret=secret, now=now), now=now)
    assert codes is not None
    return secret, codes


def _password_step(client: Client, user: User) -> _MonkeyPatchedWSGIResponse:
    return client.post(reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD})


def _is_signed_in(client: Client) -> bool:
    return client.get(reverse("settings")).status_code == 200


def _wrong_code_not_the_current_one(secret: str, now: datetime) -> str:
    right = {otp.totp_code_at(secret=secret, now=now + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(c for c in ("123456", "654321", "111111", "222222") if c not in right)


# --- item 3: only ASCII digits ------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["１２３４５６", "¹²³⁴⁵⁶", "١٢٣٤٥٦", "१२३४५६", "12３456", "123 45６", "𝟏𝟐𝟑𝟒𝟓𝟔"],
)
def test_a_code_in_another_digit_script_is_a_wrong_code_not_an_error(user: User, code: str) -> None:
    _two_factor_on(user)
    client = Client()
    _password_step(client, user)

    response = client.post(CODE_URL, {"code": code})

    assert response.status_code == 400
    assert "That code didn" in response.content.decode()
    assert not _is_signed_in(client)


def test_the_right_code_written_in_fullwidth_digits_does_not_sign_in(user: User) -> None:
    with time_machine.travel(NOW + timedelta(seconds=60), tick=False):
        secret, _ = _two_factor_on(user)
        client = Client()
        _password_step(client, user)
        code = otp.totp_code_at(secret=secret, now=NOW + timedelta(seconds=60))
        fullwidth = "".join(chr(ord(ch) - ord("0") + ord("０")) for ch in code)

        response = client.post(CODE_URL, {"code": fullwidth})
        assert not _is_signed_in(client)

    assert response.status_code == 400


def test_the_right_code_with_spaces_still_signs_in(user: User) -> None:
    with time_machine.travel(NOW + timedelta(seconds=60), tick=False):
        secret, _ = _two_factor_on(user)
        client = Client()
        _password_step(client, user)
        code = otp.totp_code_at(secret=secret, now=NOW + timedelta(seconds=60))

        response = client.post(CODE_URL, {"code": f" {code[:3]} {code[3:]} "})
        assert _is_signed_in(client)

    assert response.status_code == 302


@pytest.mark.parametrize("code", ["１２３４５６", "¹²³⁴⁵⁶", "١٢٣٤٥٦"])
def test_setting_up_with_a_code_in_another_digit_script_says_it_did_not_match(user: User, code: str) -> None:
    client = Client()
    client.force_login(user)
    client.get(reverse("accounts:two_factor_setup"))

    response = client.post(reverse("accounts:two_factor_setup"), {"code": code})

    assert response.status_code == 400
    assert "That code didn" in response.content.decode()
    assert TwoFactor.objects.get(user=user).confirmed_at is None


def test_a_recovery_code_in_fullwidth_letters_is_a_wrong_code(user: User) -> None:
    _, codes = _two_factor_on(user)
    fullwidth = "".join(chr(ord(ch) + 0xFEE0) if ch.isalnum() else ch for ch in codes[0])
    client = Client()
    _password_step(client, user)

    response = client.post(CODE_URL, {"code": fullwidth})

    assert response.status_code == 400
    assert not _is_signed_in(client)


# --- item 2: wrong codes are counted per account in the database ---------------------


def test_starting_again_with_the_password_does_not_reset_the_count_of_wrong_codes(user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        secret, _ = _two_factor_on(user)
        wrong = _wrong_code_not_the_current_one(secret, NOW)
        client = Client()
        for _ in range(TWO_FACTOR_FAILURE_LIMIT):
            # Each guess from a fresh password step, as an attacker with the password would.
            _password_step(client, user)
            client.post(CODE_URL, {"code": wrong})
        _password_step(client, user)
        right = client.post(CODE_URL, {"code": otp.totp_code_at(secret=secret, now=NOW)})
        assert not _is_signed_in(client)

    assert right.status_code == 429
    assert "15 minutes" in right.content.decode()


def test_wrong_codes_from_different_browsers_add_up(user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        secret, codes = _two_factor_on(user)
        wrong = _wrong_code_not_the_current_one(secret, NOW)
        for _ in range(TWO_FACTOR_FAILURE_LIMIT):
            browser = Client()
            _password_step(browser, user)
            browser.post(CODE_URL, {"code": wrong})
        last = Client()
        _password_step(last, user)
        response = last.post(CODE_URL, {"code": codes[0]})
        assert not _is_signed_in(last)

    assert response.status_code == 429


def test_wrong_recovery_codes_count_too(user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        secret, _ = _two_factor_on(user)
        client = Client()
        for _ in range(TWO_FACTOR_FAILURE_LIMIT):
            _password_step(client, user)
            assert client.post(CODE_URL, {"code": "abcde-fghjk"}).status_code in (400, 429)
        _password_step(client, user)
        response = client.post(CODE_URL, {"code": otp.totp_code_at(secret=secret, now=NOW)})

    assert response.status_code == 429


def test_the_pause_ends_after_fifteen_minutes_and_a_right_code_then_signs_in(user: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        secret, _ = _two_factor_on(user)
        wrong = _wrong_code_not_the_current_one(secret, NOW)
        client = Client()
        _password_step(client, user)
        for _ in range(TWO_FACTOR_FAILURE_LIMIT):
            client.post(CODE_URL, {"code": wrong})
        traveller.shift(timedelta(minutes=14, seconds=50))
        _password_step(client, user)
        later = NOW + timedelta(minutes=14, seconds=50)
        assert client.post(CODE_URL, {"code": otp.totp_code_at(secret=secret, now=later)}).status_code == 429

        traveller.shift(timedelta(seconds=20))
        _password_step(client, user)
        later = NOW + timedelta(minutes=15, seconds=10)
        response = client.post(CODE_URL, {"code": otp.totp_code_at(secret=secret, now=later)})
        assert _is_signed_in(client)

    assert response.status_code == 302


def test_four_wrong_codes_then_the_right_one_signs_in_and_clears_the_count(user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        secret, _ = _two_factor_on(user)
        wrong = _wrong_code_not_the_current_one(secret, NOW)
        client = Client()
        _password_step(client, user)
        for _ in range(TWO_FACTOR_FAILURE_LIMIT - 1):
            assert client.post(CODE_URL, {"code": wrong}).status_code == 400
        response = client.post(CODE_URL, {"code": otp.totp_code_at(secret=secret, now=NOW)})

    assert response.status_code == 302
    assert TwoFactor.objects.get(user=user).code_failures == 0


def test_another_accounts_wrong_codes_do_not_pause_mine(user: User, other_user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        secret, _ = _two_factor_on(user)
        other_secret, _ = _two_factor_on(other_user)
        attacker = Client()
        for _ in range(TWO_FACTOR_FAILURE_LIMIT):
            _password_step(attacker, other_user)
            attacker.post(CODE_URL, {"code": _wrong_code_not_the_current_one(other_secret, NOW)})
        mine = Client()
        _password_step(mine, user)
        response = mine.post(CODE_URL, {"code": otp.totp_code_at(secret=secret, now=NOW)})

    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_wrong_codes_guessed_at_the_same_moment_all_count() -> None:
    """Two connections guess at once; neither guess may be lost (the count is one UPDATE)."""
    from tests.factories import UserFactory

    user = UserFactory.create(email="racer@example.com")
    secret, _ = _two_factor_on(user, now=datetime.now(UTC) - timedelta(seconds=90))
    wrong = _wrong_code_not_the_current_one(secret, datetime.now(UTC))
    barrier = threading.Barrier(TWO_FACTOR_FAILURE_LIMIT)
    errors: list[BaseException] = []

    def guess() -> None:
        try:
            barrier.wait()
            two_factor_verify(user=user, code=wrong, now=datetime.now(UTC))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(TWO_FACTOR_FAILURE_LIMIT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert TwoFactor.objects.get(user=user).code_failures == TWO_FACTOR_FAILURE_LIMIT
    assert not two_factor_verify(
        user=user, code=otp.totp_code_at(secret=secret, now=datetime.now(UTC)), now=datetime.now(UTC)
    )
