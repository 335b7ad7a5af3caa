"""The encryption keys' plumbing, read by settings before Django is set up: no Django imports
but its ImproperlyConfigured, and no app's."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

# Needs nothing but Python, so it works before the app can start (manage.py needs the keys).
KEY_RECIPE = "python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'"


def fernet_keys(raw: str, *, name: str) -> list[str] | None:
    """Comma-separated Fernet keys, newest first; None when blank. A malformed key stops
    start-up with a message naming the variable and the key's position, never the key."""
    if not raw.strip():
        return None
    keys = [part.strip() for part in raw.split(",") if part.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"Key {position} in {name} is not a Fernet key (32 url-safe base64-encoded bytes). "
                f"Make one with: {KEY_RECIPE}"
            ) from None
    return keys


def local_key_file(path: Path) -> list[str]:
    """The development key in ``path``, made (owner-only, 0600) on first use, never overwritten."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process (web, worker, beat) made it a moment ago; read theirs
        else:
            with os.fdopen(fd, "w") as file:
                file.write(Fernet.generate_key().decode() + "\n")
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]
