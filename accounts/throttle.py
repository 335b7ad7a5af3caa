"""How many emails an address, or a client, may make us send: a count per hour in
PostgreSQL, so it holds across processes and needs no cleanup of its own between runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from accounts.models import MailThrottle, normalize_email

# Per hour: an address gets at most three account emails (sign-up and reset together)
# and three test reminders; one client (IP address) may ask for ten of each.
MAIL_LIMIT_PER_ADDRESS = 3
MAIL_LIMIT_PER_CLIENT = 10
MAIL_LIMIT_WINDOW = timedelta(hours=1)
# The kinds counted separately: sign-up and reset mail share one count per address.
ACCOUNT_MAIL = "account"
REMINDER_TEST_MAIL = "reminder-test"


def _throttle_key(*, kind: str, scope: str, value: str) -> str:
    return salted_hmac("accounts.mail_throttle", f"{kind}:{scope}:{value}", algorithm="sha256").hexdigest()


def mail_throttle_hit(*, kind: str, address: str, client: str | None, now: datetime) -> datetime | None:
    """Count one email of ``kind`` to ``address`` asked for by ``client``.

    None when it may be sent; past either limit, when the limit lifts. The address is
    counted whether or not it has an account, so the answer says nothing about that.
    Both are counted in one transaction, so requests at the same moment each count.
    """
    keys = {
        "address": _throttle_key(kind=kind, scope="address", value=normalize_email(address)),
        "client": _throttle_key(kind=kind, scope="client", value=client or "unknown"),
    }
    limits = {keys["address"]: MAIL_LIMIT_PER_ADDRESS, keys["client"]: MAIL_LIMIT_PER_CLIENT}
    counted = MailThrottle.objects.filter(key__in=limits)
    with transaction.atomic():
        # Another request may make the same rows at the same moment: the unique key keeps one.
        MailThrottle.objects.bulk_create(
            [MailThrottle(key=key, window_started_at=now, count=0) for key in limits], ignore_conflicts=True
        )
        # A window that has run out starts again; two requests doing this at once both then count.
        counted.filter(window_started_at__lte=now - MAIL_LIMIT_WINDOW).update(window_started_at=now, count=0)
        # One UPDATE adds to the count under the row lock, so requests at the same moment each count.
        counted.update(count=F("count") + 1)
        rows = list(counted.values_list("key", "window_started_at", "count"))
    over = [started + MAIL_LIMIT_WINDOW for key, started, count in rows if count > limits[key]]
    return max(over) if over else None
