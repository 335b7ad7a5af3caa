"""Make the local VAPID key file for ``make run``, or print a new pair for production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from compersion.lib.keys import local_vapid_file, vapid_pair_new


class Command(BaseCommand):
    help = (
        "Ensure the development VAPID key file (COMPERSION_VAR_DIR/vapid.key, mode 0600) exists; "
        "it is never overwritten. With --print, print a fresh pair for VAPID_PRIVATE_KEY and "
        "VAPID_PUBLIC_KEY instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print", action="store_true", help="Print a new key pair and write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["print"]:
            private, public = vapid_pair_new()
            self.stdout.write(f"VAPID_PRIVATE_KEY={private}\nVAPID_PUBLIC_KEY={public}")
            return
        path = settings.VAPID_KEY_FILE
        # With DEBUG on and no VAPID_PRIVATE_KEY, loading the settings has already made it.
        local_vapid_file(path)
        self.stdout.write(f"VAPID key file: {path} (owner-only; never overwritten)")
