"""Make the local encryption key file for ``make run``, or print a new key for production."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from compersion.lib.keys import local_key_file


class Command(BaseCommand):
    help = (
        "Ensure the development key file (COMPERSION_VAR_DIR/encryption.key, mode 0600) exists; "
        "it is never overwritten. With --print, print a fresh key for ENCRYPTION_KEYS instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print", action="store_true", help="Print a new Fernet key and write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["print"]:
            self.stdout.write(Fernet.generate_key().decode())
            return
        path = settings.ENCRYPTION_KEY_FILE
        # With DEBUG on and no ENCRYPTION_KEYS, loading the settings has already made it.
        local_key_file(path)
        self.stdout.write(f"Encryption key file: {path} (owner-only; never overwritten)")
