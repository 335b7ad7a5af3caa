"""Sign-up and password reset answer the same whether or not the address has an account,
and say so only in the mailbox (issue #12, 6; sign-up's double submit, 11)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from compersion.celery import app as celery_app
from tests.accounts.support import GOOD_PASSWORD, signup_data
from tests.factories import TEST_PASSWORD

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/signup/confirm/[^/\s]+/[^/\s]+/")


def without_per_request_tokens(html: str) -> str:
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"', html)


class QueuedTasks:
    """What each request queues, recorded at the broker's door (the outside world)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, object]]] = []

    def __call__(
        self, sender: str | None = None, headers: dict | None = None, body=None, **_: object
    ) -> None:
        args, kwargs, _embed = body
        self.sent.append(((headers or {}).get("task", sender or ""), dict(kwargs)))


@pytest.fixture
def queued() -> Iterator[QueuedTasks]:
    from celery.signals import before_task_publish

    recorder = QueuedTasks()
    before_task_publish.connect(recorder, weak=False)
    always_eager = celery_app.conf.task_always_eager
    # Publish for real (to this helper's Redis db) so the task and its arguments are seen.
    celery_app.conf.task_always_eager = False
    yield recorder
    celery_app.conf.task_always_eager = always_eager
    before_task_publish.disconnect(recorder)


# --- sign-up --------------------------------------------------------------------------


@pytest.mark.django_db
def test_signing_up_with_a_taken_address_looks_exactly_like_signing_up_with_a_new_one(
    user: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        new = Client().post(reverse("accounts:signup"), signup_data(), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        taken = Client().post(reverse("accounts:signup"), signup_data(email="ME@example.com"), follow=True)

    assert new.status_code == taken.status_code == 200
    assert new.redirect_chain == taken.redirect_chain == [(reverse("accounts:signup_sent"), 302)]
    assert without_per_request_tokens(new.content.decode()) == without_per_request_tokens(
        taken.content.decode()
    )
    assert "There is already an account" not in taken.content.decode()
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_the_owner_of_a_taken_address_is_told_by_email_and_their_password_is_untouched(
    client: Client, user: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), signup_data(email=user.email))

    [message] = mail.outbox
    assert message.to == [user.email]
    assert "already have a Compersion journal" in str(message.body)
    assert settings.SITE_URL + reverse("accounts:password_reset") in str(message.body)
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    assert user.time_zone == "Europe/Berlin"


@pytest.mark.django_db
def test_a_new_account_waits_for_its_address_to_be_confirmed_then_signs_in_as_usual(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), signup_data(email="New.Person@Example.com"))
    sign_in = {"username": "new.person@example.com", "password": GOOD_PASSWORD}

    assert client.post(reverse("accounts:login"), sign_in).status_code == 200
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == ["new.person@example.com"]
    link = CONFIRM_LINK.search(str(message.body))
    assert link, message.body

    confirmed = client.get(link[0].removeprefix(settings.SITE_URL), follow=True)

    assert confirmed.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Your address is confirmed" in confirmed.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.post(reverse("accounts:login"), sign_in).status_code == 302
    created = User.objects.get()
    assert (created.email, created.time_zone, created.display_name) == (
        "new.person@example.com",
        "Pacific/Auckland",
        "Sam",
    )
    again = client.get(link[0].removeprefix(settings.SITE_URL), follow=True)
    assert "already been used or has expired" in again.content.decode()


@pytest.mark.django_db
def test_signing_up_again_before_confirming_takes_the_new_password(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    """Someone else may have signed up first with this address; only the mailbox's owner
    can confirm, and the password they confirm is the one they chose last."""
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            reverse("accounts:signup"),
            signup_data(password1="a stranger's own guess", password2="a stranger's own guess"),
        )
        client.post(reverse("accounts:signup"), signup_data())

    link = CONFIRM_LINK.search(str(mail.outbox[-1].body))
    assert link
    client.get(link[0].removeprefix(settings.SITE_URL))

    created = User.objects.get()
    assert created.is_active
    assert created.check_password(GOOD_PASSWORD)


@pytest.mark.django_db
def test_sign_up_queues_the_same_task_with_only_an_id_for_a_new_and_a_taken_address(
    user: User, queued: QueuedTasks, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("accounts:signup"), signup_data())
        Client().post(reverse("accounts:signup"), signup_data(email=user.email))

    created = User.objects.get(email="new.person@example.com")
    assert queued.sent == [
        ("accounts.tasks.signup_email_send", {"user_id": created.pk}),
        ("accounts.tasks.signup_email_send", {"user_id": user.pk}),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_identical_sign_ups_at_once_make_one_account_and_no_error() -> None:
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            client = Client(raise_request_exception=True)
            barrier.wait()
            statuses.append(client.post(reverse("accounts:signup"), signup_data()).status_code)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    assert statuses == [302, 302]
    assert User.objects.filter(email="new.person@example.com").count() == 1


# --- password reset ----------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_queues_the_same_task_for_known_and_unknown_addresses_without_a_link(
    user: User, queued: QueuedTasks, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("accounts:password_reset"), {"email": "Me@Example.com"})
        Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert queued.sent == [
        ("accounts.tasks.password_reset_email_send", {"user_id": user.pk}),
        ("accounts.tasks.password_reset_email_send", {"user_id": None}),
    ]
