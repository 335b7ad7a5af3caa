"""The admin has no sign-in of its own: it goes through ours, with two-factor (issue #12, 1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.test import Client
from django.urls import reverse

from accounts import otp
from accounts.models import User
from accounts.services import two_factor_confirm, two_factor_setup_start
from tests.factories import TEST_PASSWORD, UserFactory

NOW = datetime(2026, 5, 4, 9, 0, 7, tzinfo=UTC)


def _staff(db: None) -> User:
    return UserFactory.create(email="operator@example.com", is_staff=True, is_superuser=True)


def _two_factor_on(user: User) -> str:
    secret = two_factor_setup_start(user=user).secret
    earlier = NOW - timedelta(seconds=90)
    assert two_factor_confirm(user=user, code=otp.totp_code_at(secret=secret, now=earlier), now=earlier)
    return secret


def test_posting_a_staff_password_to_the_admin_login_signs_no_one_in(db: None) -> None:
    staff = _staff(db)
    _two_factor_on(staff)
    client = Client()

    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": TEST_PASSWORD, "next": "/admin/"}
    )

    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("settings")).status_code == 302
    assert response.status_code == 302


def test_the_admin_login_sends_you_to_our_sign_in_and_back(db: None) -> None:
    response = Client().get("/admin/login/?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=%2Fadmin%2Faccounts%2Fuser%2F"


def test_the_admin_login_never_sends_you_off_site(db: None) -> None:
    response = Client().get("/admin/login/?next=https://evil.example/")

    assert response["Location"] == reverse("accounts:login") + "?next=%2Fadmin%2F"


def test_a_staff_member_with_two_factor_reaches_the_admin_only_after_the_code(db: None) -> None:
    staff = _staff(db)
    secret = _two_factor_on(staff)
    client = Client()
    with time_machine.travel(NOW, tick=False):
        start = client.get("/admin/", follow=True)
        sign_in_url = start.redirect_chain[-1][0]
        assert sign_in_url.startswith(reverse("accounts:login"))
        password = client.post(sign_in_url, {"username": staff.email, "password": TEST_PASSWORD})
        assert password["Location"].startswith(reverse("accounts:login_code"))
        assert client.get("/admin/").status_code == 302

        code = client.post(password["Location"], {"code": otp.totp_code_at(secret=secret, now=NOW)})

        assert code["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_a_signed_in_person_who_is_not_staff_gets_a_404_from_the_admin_not_a_loop(user: User) -> None:
    client = Client()
    client.force_login(user)

    assert client.get("/admin/", follow=True).status_code == 404


def test_a_password_reset_does_not_sign_you_in(user: User, django_capture_on_commit_callbacks) -> None:
    """The reset link proves the mailbox, not the second factor: sign in afterwards as usual."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    _two_factor_on(user)
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)},
    )
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "a brand new and patient password"

    done = client.post(form_url, {"new_password1": new, "new_password2": new})

    assert done.status_code == 302
    assert "_auth_user_id" not in client.session


def test_only_the_sign_in_views_call_login() -> None:
    """One path signs a user in (SignInView, then login_code for two-factor); a new login()
    call anywhere else would be a way round the second step."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    calls = []
    for path in root.glob("[!.]*/**/*.py"):
        if path.parts[len(root.parts)] in {"tests", "bench", "docs"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"(?<![\w.])(auth\.)?login\(\s*request", line):
                calls.append(f"{path.relative_to(root)}:{number}")

    assert len(calls) == 1, calls
    assert calls[0].startswith("accounts/views.py:")
