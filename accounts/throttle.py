"""How many emails an address, or a client, may make us send: a count per hour in
PostgreSQL, so it holds across processes and needs no cleanup of its own between runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.utils.crypto import salted_hmac

from accounts.models import normalize_email

# Per hour: an address gets at most three account emails (sign-up and reset together)
# and three test reminders; one client (IP address) may ask for ten of each.
MAIL_LIMIT_PER_ADDRESS = 3
MAIL_LIMIT_PER_CLIENT = 10
MAIL_LIMIT_WINDOW = timedelta(hours=1)
# The kinds counted separately: sign-up and reset mail share one count per address.
ACCOUNT_MAIL = "account"
REMINDER_TEST_MAIL = "reminder-test"

_THROTTLE_SQL = """
INSERT INTO accounts_mailthrottle (key, window_started_at, count)
VALUES (%(address)s, %(now)s, 1), (%(client)s, %(now)s, 1)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN accounts_mailthrottle.window_started_at <= %(expired)s
        THEN 1 ELSE accounts_mailthrottle.count + 1 END,
    window_started_at = CASE WHEN accounts_mailthrottle.window_started_at <= %(expired)s
        THEN EXCLUDED.window_started_at ELSE accounts_mailthrottle.window_started_at END
RETURNING key, window_started_at, count
"""


def _throttle_key(*, kind: str, scope: str, value: str) -> str:
    return salted_hmac("accounts.mail_throttle", f"{kind}:{scope}:{value}", algorithm="sha256").hexdigest()


def mail_throttle_hit(*, kind: str, address: str, client: str | None, now: datetime) -> datetime | None:
    """Count one email of ``kind`` to ``address`` asked for by ``client``.

    None when it may be sent; past either limit, when the limit lifts. The address is
    counted whether or not it has an account, so the answer says nothing about that.
    One INSERT … ON CONFLICT counts both, so requests at the same moment each count.
    """
    keys = {
        "address": _throttle_key(kind=kind, scope="address", value=normalize_email(address)),
        "client": _throttle_key(kind=kind, scope="client", value=client or "unknown"),
    }
    limits = {keys["address"]: MAIL_LIMIT_PER_ADDRESS, keys["client"]: MAIL_LIMIT_PER_CLIENT}
    with connection.cursor() as cursor:
        cursor.execute(_THROTTLE_SQL, {**keys, "now": now, "expired": now - MAIL_LIMIT_WINDOW})
        rows = cursor.fetchall()
    over = [started + MAIL_LIMIT_WINDOW for key, started, count in rows if count > limits[key]]
    return max(over) if over else None
