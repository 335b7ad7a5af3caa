"""Re-encrypt every encrypted column with the newest key in ENCRYPTION_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from compersion.lib.encryption import BATCH_SIZE, encrypted_fields, token_to_newest, transform_columns


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the first (newest) key in ENCRYPTION_KEYS, in batches, "
        "one transaction per batch. Values already under the newest key are left alone, so it is safe "
        "to run again or to resume after an interruption. Afterwards the older keys can be removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model, fields in encrypted_fields():
            changed = transform_columns(
                connection=connection,
                model=model,
                fields=fields,
                change=token_to_newest,
                batch_size=options["batch_size"],
            )
            total += changed
            self.stdout.write(f"{model._meta.label}: {changed} rows re-encrypted ({', '.join(fields)})")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows re-encrypted with the newest key."))
