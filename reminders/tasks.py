"""Thin Celery tasks (they take ids, and the services re-read everything), and the few
functions that queue them: services change state and return what is to be sent; only
this module talks to the broker, so services never import tasks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import shared_task
from django.utils import timezone

from accounts.models import User
from accounts.throttle import REMINDER_TEST_MAIL, mail_throttle_hit
from reminders.services import (
    CLAIM_BATCH,
    STUCK_AFTER,
    reminder_deliveries_send,
    reminder_deliveries_unstick,
    reminder_test_deliver,
    reminders_claim_batch,
)

SEND_BATCH = 500


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reminders_dispatch_task() -> dict[str, int]:
    result = reminders_dispatch()
    return {"claimed": result.claimed, "messages": result.messages, "requeued": result.requeued}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reminders_send_task(*, delivery_ids: list[int]) -> dict[str, int]:
    return reminder_deliveries_send(delivery_ids=delivery_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reminder_test_send_task(*, user_id: int) -> bool:
    return reminder_test_deliver(user_id=user_id)


def reminder_sends_queue(ids: Sequence[int], *, send_batch: int = SEND_BATCH) -> int:
    """Queue one send task per ``send_batch`` ledger ids (once any open transaction commits)."""
    messages = 0
    for start in range(0, len(ids), send_batch):
        chunk = list(ids[start : start + send_batch])
        # celery-types predates Celery 5.4's DjangoTask.delay_on_commit.
        reminders_send_task.delay_on_commit(delivery_ids=chunk)  # type: ignore[attr-defined]
        messages += 1
    return messages


@dataclass
class DispatchResult:
    claimed: int = 0
    messages: int = 0
    requeued: int = 0


def reminders_dispatch(
    *,
    now: datetime | None = None,
    claim_batch: int | None = None,
    send_batch: int = SEND_BATCH,
    max_batches: int | None = None,
) -> DispatchResult:
    """One dispatch pass: claim everything due batch by batch, queue each batch's sends as
    soon as it is committed, then sweep. Safe to run concurrently (see reminders_claim_batch)."""
    now = now or timezone.now()
    result = DispatchResult()
    batches = 0
    while max_batches is None or batches < max_batches:
        read, ids = reminders_claim_batch(now=now, limit=claim_batch or CLAIM_BATCH)
        result.messages += reminder_sends_queue(ids, send_batch=send_batch)
        result.claimed += len(ids)
        batches += 1
        if not read:
            break
    result.requeued = reminder_deliveries_requeue(now=now, send_batch=send_batch)
    return result


def reminder_deliveries_requeue(
    *, now: datetime | None = None, stuck_after: timedelta = STUCK_AFTER, send_batch: int = SEND_BATCH
) -> int:
    """Queue again what the sweeper finds lost or stuck; how many rows."""
    ids = reminder_deliveries_unstick(now=now or timezone.now(), stuck_after=stuck_after)
    reminder_sends_queue(ids, send_batch=send_batch)
    return len(ids)


def reminder_test_send(*, user: User, client: str | None, now: datetime) -> datetime | None:
    """Queue a test reminder to the user's own address; past the hourly limit (per address
    and per client), nothing is queued and the answer is when the limit lifts."""
    retry_at = mail_throttle_hit(kind=REMINDER_TEST_MAIL, address=user.email, client=client, now=now)
    if retry_at is None:
        reminder_test_send_task.delay_on_commit(user_id=user.pk)  # type: ignore[attr-defined]
    return retry_at
