"""Privacy's background work: removed records are deleted for good once Undo can no longer
bring them back, and a large file from another app is imported. Thin: services do the work."""

from __future__ import annotations

from celery import shared_task

from privacy.services import import_preview_apply, removed_purge


@shared_task(acks_late=True, reject_on_worker_lost=True)
def removed_purge_task() -> int:
    return removed_purge()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_preview_apply_task(preview_id: int) -> None:
    # Only the preview's id travels through the broker; its rows stay encrypted in the database.
    import_preview_apply(preview_id=preview_id)
