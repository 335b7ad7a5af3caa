"""The unsubscribe link says nothing about who it is for, expires, and can be revoked
(issue #12, item 15)."""

from __future__ import annotations

import base64
import contextlib
import zlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accounts.models import User
from reminders.selectors import unsubscribe_token_for
from reminders.services import reminder_test_deliver, reminder_unsubscribe_links_revoke

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
EXPIRED = "This link has expired"


def url_for(user: User) -> str:
    return f"/reminders/unsubscribe/{unsubscribe_token_for(user=user)}/"


def readable_parts(token: str) -> list[bytes]:
    """Everything a curious reader could decode from the token: each dotted or colon-separated
    part as base64, and inflated again when it was compressed (Django's signing does that)."""
    found = [token.encode()]
    for part in token.replace(":", ".").split("."):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except ValueError:
            continue
        found.append(raw)
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(raw))
    return found


@pytest.mark.django_db
def test_the_link_carries_neither_the_email_nor_the_account_id(user: User) -> None:
    token = unsubscribe_token_for(user=user)

    for part in readable_parts(token):
        assert user.email.encode() not in part
        assert b"example" not in part
        assert f'"u":{user.pk}'.encode() not in part.replace(b" ", b"")


@pytest.mark.django_db
def test_the_link_in_a_real_reminder_works_with_a_one_click_post(user: User) -> None:
    reminder_test_deliver(user_id=user.pk)
    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = "/" + link.split("/", 3)[3]

    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert not user.reminders_enabled


@pytest.mark.django_db
def test_a_link_stops_working_once_the_email_address_changes(client: Client, user: User) -> None:
    url = url_for(user)
    user.email = "new-address@example.com"
    user.save(update_fields=["email"])

    page = client.get(url)
    done = client.post(url)

    assert page.status_code == done.status_code == 404
    assert EXPIRED in page.content.decode()
    assert "sign in" in page.content.decode().lower()
    user.refresh_from_db()
    assert user.reminders_enabled
    assert client.post(url_for(user)).status_code == 200  # a link made for the new address works


@pytest.mark.django_db
def test_a_link_expires_after_sixty_days(client: Client, user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        url = url_for(user)
    with time_machine.travel(NOW + timedelta(days=59), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(NOW + timedelta(days=61), tick=False):
        response = client.post(url)

    assert response.status_code == 404
    assert EXPIRED in response.content.decode()
    user.refresh_from_db()
    assert user.reminders_enabled


@pytest.mark.django_db
def test_revoking_stops_every_earlier_link_but_not_the_next_ones(client: Client, user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        old = url_for(user)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        reminder_unsubscribe_links_revoke(user=user)
    with time_machine.travel(NOW + timedelta(days=1, seconds=1), tick=False):
        new = url_for(user)
        assert EXPIRED in client.post(old).content.decode()
        user.refresh_from_db()
        assert user.reminders_enabled
        assert client.post(new).status_code == 200

    user.refresh_from_db()
    assert not user.reminders_enabled


@pytest.mark.django_db
def test_the_settings_page_offers_to_revoke_the_links_already_sent(client: Client, user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        old = url_for(user)
    client.force_login(user)
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert 'action="/reminders/links/revoke/"' in client.get("/settings/").content.decode()
        response = client.post("/reminders/links/revoke/", follow=True)

        assert "no longer work" in response.content.decode()
        assert Client().get(old).status_code == 404


@pytest.mark.django_db
def test_junk_in_place_of_a_token_gets_the_friendly_page_not_an_error(client: Client) -> None:
    for junk in ["x", "gAAAAA" + "A" * 200, "..", "%C0%AF", "a" * 5000]:
        response = client.post(f"/reminders/unsubscribe/{junk}/")
        assert response.status_code == 404, junk
        assert EXPIRED in response.content.decode()
