"""Sign out everywhere, the idle timeout, two-factor sign-in and oversized bodies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts import otp
from accounts.models import RecoveryCode, TwoFactor, User
from accounts.services import two_factor_confirm, two_factor_setup_start
from tests.factories import TEST_PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

NOW = datetime(2026, 5, 4, 9, 0, 7, tzinfo=UTC)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def _is_signed_in(client: Client) -> bool:
    return client.get(reverse("settings")).status_code == 200


def _two_factor_on(user: User, *, now: datetime = NOW) -> tuple[str, list[str]]:
    secret = two_factor_setup_start(user=user).secret
    codes = two_factor_confirm(user=user, code=otp.totp_code_at(secret=secret, now=now), now=now)
    assert codes is not None
    return secret, codes


def _password_step(client: Client, user: User, **extra: str) -> _MonkeyPatchedWSGIResponse:
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD, **extra}
    )


# --- sign out everywhere ------------------------------------------------------


def test_sign_out_everywhere_ends_every_session_of_the_user_and_no_one_elses(
    user: User, other_user: User
) -> None:
    phone, laptop, someone_else = _signed_in(user), _signed_in(user), _signed_in(other_user)
    assert _is_signed_in(phone) and _is_signed_in(laptop)

    response = laptop.post(reverse("accounts:sign_out_everywhere"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not _is_signed_in(laptop)
    assert not _is_signed_in(phone)
    assert _is_signed_in(someone_else)


def test_signing_in_again_after_signing_out_everywhere_works(user: User) -> None:
    client = _signed_in(user)
    client.post(reverse("accounts:sign_out_everywhere"))
    _password_step(client, user)
    assert _is_signed_in(client)


def test_sign_out_everywhere_is_on_the_settings_page(user: User) -> None:
    page = _signed_in(user).get(reverse("settings")).content.decode()
    assert reverse("accounts:sign_out_everywhere") in page
    assert reverse("accounts:idle_timeout") in page


# --- idle timeout -------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "quiet", "still_in"), [(15, 14, True), (15, 16, False), (60, 61, False)])
def test_the_idle_timeout_signs_out_only_after_the_chosen_quiet_spell(
    user: User, minutes: int, quiet: int, still_in: bool
) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        client = _signed_in(user)
        client.post(reverse("accounts:idle_timeout"), {"idle_timeout_minutes": minutes})
        traveller.shift(timedelta(minutes=quiet))
        response = client.get(reverse("journal:index"))

    if still_in:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
        assert not _is_signed_in(client)


def test_use_keeps_an_idle_session_alive(user: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        client = _signed_in(user)
        client.post(reverse("accounts:idle_timeout"), {"idle_timeout_minutes": 15})
        for _ in range(4):  # an hour of use, ten minutes apart
            traveller.shift(timedelta(minutes=10))
            assert client.get(reverse("journal:index")).status_code == 200


def test_with_no_idle_timeout_a_session_survives_a_quiet_week(user: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        client = _signed_in(user)
        traveller.shift(timedelta(days=7))
        assert _is_signed_in(client)


def test_an_unknown_idle_timeout_is_refused_with_a_message(user: User) -> None:
    client = _signed_in(user)
    response = client.post(reverse("accounts:idle_timeout"), {"idle_timeout_minutes": "7"}, follow=True)
    assert "Please pick one of the choices" in response.content.decode()
    user.refresh_from_db()
    assert user.idle_timeout_minutes == 0


# --- two-factor: setting it up -------------------------------------------------


def test_the_setup_page_shows_a_server_drawn_qr_code_and_the_secret_as_text(user: User) -> None:
    page = _signed_in(user).get(reverse("accounts:two_factor_setup")).content.decode()
    secret = TwoFactor.objects.get(user=user).secret
    assert "<svg" in page
    assert secret in page
    assert "http" not in page.split('data-testid="qr-code"')[1].split("</figure>")[0]


def test_a_wrong_code_does_not_turn_two_factor_on(user: User) -> None:
    client = _signed_in(user)
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert response.status_code == 400
    assert "That code didn" in response.content.decode()
    assert TwoFactor.objects.get(user=user).confirmed_at is None


def test_the_right_code_turns_it_on_and_shows_ten_recovery_codes_stored_only_as_hashes(user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        client = _signed_in(user)
        client.get(reverse("accounts:two_factor_setup"))
        secret = TwoFactor.objects.get(user=user).secret
        response = client.post(
            reverse("accounts:two_factor_setup"), {"code": otp.totp_code_at(secret=secret, now=NOW)}
        )

    page = response.content.decode()
    codes = [
        line.split("<code>")[1].split("</code>")[0] for line in page.splitlines() if "<li><code>" in line
    ]
    codes = [c for chunk in page.split("<li><code>")[1:] for c in [chunk.split("</code>")[0]]]
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not stored & set(codes)
    assert TwoFactor.objects.get(user=user).confirmed_at == NOW


# --- two-factor: signing in ----------------------------------------------------


def test_with_two_factor_on_the_password_alone_does_not_sign_in(user: User) -> None:
    _two_factor_on(user)
    client = Client()
    response = _password_step(client, user)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login_code")
    assert not _is_signed_in(client)


def test_the_apps_code_after_the_password_signs_in_and_keeps_next(user: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        secret, _ = _two_factor_on(user)
        traveller.shift(timedelta(seconds=60))
        client = Client()
        response = _password_step(client, user, next="/journal/")
        assert response["Location"] == reverse("accounts:login_code") + "?next=%2Fjournal%2F"
        code = otp.totp_code_at(secret=secret, now=NOW + timedelta(seconds=60))
        response = client.post(reverse("accounts:login_code"), {"code": code, "next": "/journal/"})

        assert response.status_code == 302
        assert response["Location"] == "/journal/"
        assert _is_signed_in(client)


def test_a_next_to_another_site_is_ignored(user: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        secret, _ = _two_factor_on(user)
        traveller.shift(timedelta(seconds=60))
        client = Client()
        _password_step(client, user)
        code = otp.totp_code_at(secret=secret, now=NOW + timedelta(seconds=60))
        response = client.post(
            reverse("accounts:login_code"), {"code": code, "next": "https://evil.example/"}
        )
    assert response["Location"] == "/"


def test_the_same_app_code_cannot_be_used_twice(user: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        secret, _ = _two_factor_on(user)
        traveller.shift(timedelta(seconds=60))
        code = otp.totp_code_at(secret=secret, now=NOW + timedelta(seconds=60))
        first, second = Client(), Client()
        _password_step(first, user)
        _password_step(second, user)
        assert first.post(reverse("accounts:login_code"), {"code": code}).status_code == 302
        replay = second.post(reverse("accounts:login_code"), {"code": code})

    assert replay.status_code == 400
    assert not _is_signed_in(second)


def test_a_recovery_code_signs_in_once(user: User) -> None:
    _, codes = _two_factor_on(user)
    first, second = Client(), Client()
    _password_step(first, user)
    _password_step(second, user)

    assert first.post(reverse("accounts:login_code"), {"code": codes[3].upper()}).status_code == 302
    assert second.post(reverse("accounts:login_code"), {"code": codes[3]}).status_code == 400
    assert _is_signed_in(first) and not _is_signed_in(second)


def test_five_wrong_codes_pause_the_code_step_and_send_you_back_to_the_password(user: User) -> None:
    _two_factor_on(user)
    client = Client()
    _password_step(client, user)
    for _ in range(4):
        assert client.post(reverse("accounts:login_code"), {"code": "123456"}).status_code == 400
    response = client.post(reverse("accounts:login_code"), {"code": "123456"})
    assert response.status_code == 429
    assert "Please try again in" in response.content.decode()
    assert client.get(reverse("accounts:login_code"))["Location"] == reverse("accounts:login")


def test_the_code_page_without_a_password_first_goes_to_sign_in(db: None) -> None:
    response = Client().get(reverse("accounts:login_code"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_a_pending_sign_in_expires_after_five_minutes(user: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        secret, _ = _two_factor_on(user)
        client = Client()
        _password_step(client, user)
        traveller.shift(timedelta(minutes=6))
        code = otp.totp_code_at(secret=secret, now=NOW + timedelta(minutes=6))
        response = client.post(reverse("accounts:login_code"), {"code": code})
    assert response["Location"] == reverse("accounts:login")
    assert not _is_signed_in(client)


# --- two-factor: managing it ----------------------------------------------------


def test_turning_two_factor_off_needs_the_password(user: User) -> None:
    _two_factor_on(user)
    client = _signed_in(user)

    wrong = client.post(reverse("accounts:two_factor_turn_off"), {"off-password": "not it"})
    assert wrong.status_code == 400
    assert "isn&#x27;t your current password" in wrong.content.decode()
    assert TwoFactor.objects.filter(user=user).exists()

    client.post(reverse("accounts:two_factor_turn_off"), {"off-password": TEST_PASSWORD})
    assert not TwoFactor.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()


def test_new_recovery_codes_replace_the_old_ones(user: User) -> None:
    _, old_codes = _two_factor_on(user)
    client = _signed_in(user)
    response = client.post(reverse("accounts:recovery_codes_renew"), {"codes-password": TEST_PASSWORD})
    assert response.status_code == 200
    assert old_codes[0] not in response.content.decode()
    assert RecoveryCode.objects.filter(user=user).count() == 10
    signing_in = Client()
    _password_step(signing_in, user)
    assert signing_in.post(reverse("accounts:login_code"), {"code": old_codes[0]}).status_code == 400


def test_the_two_factor_page_counts_the_recovery_codes_left(user: User) -> None:
    _, codes = _two_factor_on(user)
    client = Client()
    _password_step(client, user)
    client.post(reverse("accounts:login_code"), {"code": codes[0]})
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert 'data-testid="codes-left">9<' in page


# --- oversized bodies -------------------------------------------------------------


def test_a_three_megabyte_post_gets_a_friendly_413(user: User) -> None:
    client = _signed_in(user)
    response = client.post(reverse("people:index"), {"name": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "more than we can take" in response.content.decode()


def test_a_three_megabyte_form_post_is_a_413_even_before_the_csrf_check_reads_it(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend=MODEL_BACKEND)
    client.get(reverse("settings"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("journal:index"), {"csrfmiddlewaretoken": token, "text": "<script>" * 400_000}
    )
    assert response.status_code == 413
    assert "more than we can take" in response.content.decode()
    assert "<script><script>" not in response.content.decode()


def test_an_ordinary_long_entry_is_not_refused_as_too_large(user: User) -> None:
    client = _signed_in(user)
    response = client.post(reverse("people:index"), {"name": "Sam", "notes": "é" * 5000})
    assert response.status_code != 413
