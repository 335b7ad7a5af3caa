"""Privacy's background work: removed records are deleted for good once Undo can no longer
bring them back. Thin: the service does the work."""

from __future__ import annotations

from celery import shared_task

from privacy.services import removed_purge


@shared_task(acks_late=True, reject_on_worker_lost=True)
def removed_purge_task() -> int:
    return removed_purge()
