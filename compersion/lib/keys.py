"""The encryption and VAPID keys' plumbing, read by settings before Django is set up: no Django imports
but its ImproperlyConfigured, and no app's."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
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


# --- Web Push (VAPID, RFC 8292) ------------------------------------------------------------

VAPID_RECIPE = "python manage.py vapid_keys_create --print"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid_pair_new() -> tuple[str, str]:
    """A fresh P-256 pair as the Push API spells it: the 32-byte private scalar and the
    65-byte uncompressed public point (the page's applicationServerKey), base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    return _b64url(key.private_numbers().private_value.to_bytes(32, "big")), vapid_public_for(key)


def vapid_public_for(key: ec.EllipticCurvePrivateKey) -> str:
    return _b64url(key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def vapid_keys(private: str, public: str, *, name: str) -> tuple[str, str] | None:
    """The (private, public) VAPID pair from the environment; None when no private key is set.

    The public key follows from the private one; when it is given as well it must match, so a
    pair pasted half from one key and half from another stops start-up instead of every push
    being refused by the push services. The message never shows a key.
    """
    private, public = private.strip(), public.strip()
    if not private:
        if public:
            raise ImproperlyConfigured(f"{name}: VAPID_PUBLIC_KEY is set without VAPID_PRIVATE_KEY.")
        return None
    try:
        raw = _b64url_decode(private)
        if len(raw) != 32:
            raise ValueError
        key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            f"{name}: VAPID_PRIVATE_KEY is not a P-256 private key (32 bytes, url-safe base64). "
            f"Make a pair with: {VAPID_RECIPE}"
        ) from None
    derived = vapid_public_for(key)
    if public and public != derived:
        raise ImproperlyConfigured(f"{name}: VAPID_PUBLIC_KEY is not the public half of VAPID_PRIVATE_KEY.")
    return private, derived


def local_vapid_file(path: Path) -> tuple[str, str]:
    """The development VAPID pair in ``path`` (private key, then public), made (0600) on first
    use and never overwritten: a new pair would silently orphan every device subscribed."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it a moment ago; read theirs
        else:
            with os.fdopen(fd, "w") as file:
                file.write("\n".join(vapid_pair_new()) + "\n")
    lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    pair = vapid_keys(lines[0] if lines else "", lines[1] if len(lines) > 1 else "", name=str(path))
    if pair is None:
        raise ImproperlyConfigured(f"{path} holds no VAPID key; delete it and it is made again.")
    return pair
