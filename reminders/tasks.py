"""Thin Celery tasks: they take ids, and the services re-read everything."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reminders_dispatch_task() -> dict[str, int]:
    from reminders.services import reminders_dispatch

    result = reminders_dispatch()
    return {"claimed": result.claimed, "messages": result.messages, "requeued": result.requeued}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reminders_send_task(*, delivery_ids: list[int]) -> dict[str, int]:
    from reminders.services import reminder_deliveries_send

    return reminder_deliveries_send(delivery_ids=delivery_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reminder_test_send_task(*, user_id: int) -> bool:
    from reminders.services import reminder_test_deliver

    return reminder_test_deliver(user_id=user_id)
