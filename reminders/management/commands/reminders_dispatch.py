from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reminders.tasks import SEND_BATCH, reminder_deliveries_requeue, reminders_dispatch


class Command(BaseCommand):
    help = "Run one reminder dispatch pass now (what the beat entry runs every 30 seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sweep-only", action="store_true", help="Only re-queue stuck deliveries.")
        parser.add_argument("--claim-batch", type=int, default=None, help="Schedules per transaction.")
        parser.add_argument("--send-batch", type=int, default=SEND_BATCH, help="Reminders per send task.")
        parser.add_argument(
            "--stuck-after", type=float, default=600.0, help="Seconds before a delivery counts as stuck."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stuck_after = timedelta(seconds=options["stuck_after"])
        if options["sweep_only"]:
            requeued = reminder_deliveries_requeue(stuck_after=stuck_after, send_batch=options["send_batch"])
            self.stdout.write(f"requeued={requeued}")
            return
        result = reminders_dispatch(claim_batch=options["claim_batch"], send_batch=options["send_batch"])
        self.stdout.write(f"claimed={result.claimed} messages={result.messages} requeued={result.requeued}")
