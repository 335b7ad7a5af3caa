"""Push reminders through real parts: Celery worker processes, Redis, PostgreSQL, and a push
service (RFC 8030) running in this process, which verifies each message's VAPID signature and
decrypts it with the subscription's private key (tests/push_service.py).

The promise, checked from the push service's side: exactly one decrypted notification per
user, holding nothing the user wrote, whatever was killed on the way. (A 410 deleting the
subscription is tests/reminders/test_push.py's, against the same push service, without a worker.)
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import PushSubscription, ReminderChannel, ReminderKind, ReminderSchedule, User
from reminders.models import Channel, DeliveryStatus, ReminderDelivery
from reminders.tasks import reminder_deliveries_requeue, reminders_dispatch
from tests.push_service import LocalPushService, run_push_service

pytestmark = pytest.mark.integration

PRIVATE = "SECRET-NAME-{n}"


@pytest.fixture
def push_service() -> Iterator[LocalPushService]:
    yield from run_push_service(settings.VAPID_PUBLIC_KEY)


@pytest.fixture
def stalling_push_service() -> Iterator[LocalPushService]:
    yield from run_push_service(settings.VAPID_PUBLIC_KEY, stall_on=30)


def users_due_with_push(count: int, service: LocalPushService) -> dict[str, str]:
    """``count`` users with push on one device each, their daily reminder due a minute ago;
    which user each subscription's token belongs to."""
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                email=f"push{n}@example.com",
                password="!",  # noqa: S106
                time_zone="Europe/Berlin",
                display_name=PRIVATE.format(n=n),
                reminder_channel=ReminderChannel.PUSH,
            )
            for n in range(count)
        ]
    )
    ReminderSchedule.objects.bulk_create(
        [
            ReminderSchedule(
                user=user,
                kind=ReminderKind.DAILY,
                enabled=True,
                next_fire_at=now - timedelta(minutes=1),
                next_local_date=now.date(),
            )
            for user in users
        ]
    )
    owners, devices = {}, []
    for user in users:
        device = service.subscribe()
        owners[device.token] = user.email
        devices.append(
            PushSubscription(
                user=user,
                endpoint=device.endpoint,
                endpoint_digest=device.token,
                p256dh=device.p256dh,
                auth=device.auth,
                browser="Firefox on Android",
            )
        )
    PushSubscription.objects.bulk_create(devices)
    return owners


def assert_exactly_one_each(service: LocalPushService, owners: dict[str, str]) -> None:
    assert service.errors == []
    received = service.per_token()
    assert sorted(received) == sorted(owners)
    assert set(received.values()) == {1}
    for message in service.received:
        text = json.dumps(message.payload)
        assert message.payload["title"] == "Time for today's five"
        assert "SECRET-NAME" not in text and "@example.com" not in text
    sent = ReminderDelivery.objects.filter(status=DeliveryStatus.SENT, channel=Channel.PUSH)
    assert sent.count() == len(owners)


def start_pushing_worker(start_worker: Any, *extra: str) -> Any:
    # A worker sends at most a batch's worth of pushes per task; the service is on loopback.
    return start_worker(*extra)


def test_five_hundred_users_due_at_once_get_exactly_one_decrypted_notification_each(
    transactional_db, start_worker, push_service
):
    start_pushing_worker(start_worker, "--concurrency=2")  # it starts while the users are made
    owners = users_due_with_push(500, push_service)

    result = reminders_dispatch(send_batch=125)  # four messages, so both task processes push

    assert (result.claimed, result.messages) == (500, 4)
    assert push_service.wait_until_quiet(expect=500, quiet=0.3) == 500
    assert_exactly_one_each(push_service, owners)
    assert not ReminderDelivery.objects.filter(channel=Channel.EMAIL).exists()


def test_a_worker_killed_mid_batch_and_restarted_still_pushes_one_each(
    transactional_db, start_worker, stalling_push_service
):
    service = stalling_push_service
    worker = start_pushing_worker(start_worker, "--pool=solo")
    owners = users_due_with_push(100, service)
    reminders_dispatch()

    assert service.stalled.wait(timeout=40), "the worker never reached the 30th push"
    os.killpg(worker.pid, signal.SIGKILL)  # mid-batch, waiting for the push service's answer
    worker.wait(timeout=10)
    assert service.wait_until_quiet(expect=29, quiet=0.3) == 29
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.SENDING).count() == 1

    start_pushing_worker(start_worker, "--pool=solo")
    # The sweeper (every dispatch pass; after ten minutes in production) finds the row left
    # "sending" and the rows whose message died with the worker.
    assert reminder_deliveries_requeue(stuck_after=timedelta(0)) == 71

    assert service.wait_until_quiet(expect=100, quiet=0.3) == 100
    assert_exactly_one_each(service, owners)
