"""Pure helpers for two-factor sign-in: TOTP codes, recovery codes and the QR picture.

Nothing here touches the database; services.py decides what a match means for an account.
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import datetime

import pyotp
import segno
from django.utils.crypto import salted_hmac

ISSUER = "Compersion"
RECOVERY_CODE_COUNT = 10
# Lower-case letters and digits without the look-alikes (0/o, 1/l/i), easy to copy from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# ASCII only: str.isdigit() and \d also accept fullwidth, superscript and other scripts'
# digits, which pyotp's comparison then cannot handle.
_APP_CODE = re.compile(r"[0-9]{6}", re.ASCII)
_RECOVERY_CODE = re.compile(r"[a-z0-9]{10}", re.ASCII)
_SEPARATORS = re.compile(r"[ \t-]")


def app_code_digits(code: str) -> str | None:
    """The six ASCII digits of an app code as typed (spaces allowed), or None."""
    digits = _SEPARATORS.sub("", code)
    return digits if _APP_CODE.fullmatch(digits) else None


def totp_secret_new() -> str:
    return pyotp.random_base32()


def totp_provisioning_uri(*, secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def totp_matching_step(*, secret: str, code: str, now: datetime) -> int | None:
    """The 30-second step whose code is ``code``: now, or one step either side for clock
    drift between the phone and the server. None when no step matches."""
    digits = app_code_digits(code)
    if digits is None:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def totp_code_at(*, secret: str, now: datetime) -> str:
    """The code an authenticator app shows at ``now`` (for tests and nothing else)."""
    return pyotp.TOTP(secret).at(now)


def recovery_codes_new() -> list[str]:
    return [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5))
        + "-"
        + "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def recovery_code_normalize(code: str) -> str:
    """The code as stored (ten ASCII letters and digits), or "" for anything else."""
    bare = _SEPARATORS.sub("", code.lower())
    return bare if _RECOVERY_CODE.fullmatch(bare) else ""


def recovery_code_hash(*, user_id: int, code: str) -> str:
    # Codes carry 50 random bits, so a keyed hash is enough (no slow password hash) and
    # lets a code be found with one indexed lookup.
    return salted_hmac(
        "accounts.recovery_code", f"{user_id}:{recovery_code_normalize(code)}", algorithm="sha256"
    ).hexdigest()


def qr_svg(data: str) -> str:
    """An inline SVG QR code, drawn here: the secret never goes to a third party."""
    return segno.make(data, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", border=4, title="QR code for your authenticator app"
    )
