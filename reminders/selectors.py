from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import User
from reminders.models import UnsubscribeLinksRevoked

UNSUBSCRIBE_SALT = "reminders.unsubscribe"
# Long enough for a reminder read late, short enough that a forwarded or leaked old
# email stops being a handle on the account.
UNSUBSCRIBE_LINK_LIFETIME = timedelta(days=60)


def _link_keys() -> MultiFernet:
    """Keys for unsubscribe links only, derived from SECRET_KEY (and its fallbacks, so a
    secret rotation leaves recent links working); never the keys that encrypt the diary."""
    return _link_key_ring((settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])))


@lru_cache(maxsize=4)
def _link_key_ring(secrets: tuple[str, ...]) -> MultiFernet:
    def key(secret: str) -> Fernet:
        digest = salted_hmac(UNSUBSCRIBE_SALT, "key", secret=secret, algorithm="sha256").digest()
        return Fernet(base64.urlsafe_b64encode(digest))

    return MultiFernet([key(secret) for secret in secrets])


def _address_tag(user: User) -> str:
    # A link is for one address: once the account's email changes, links sent before stop working.
    return salted_hmac(UNSUBSCRIBE_SALT + ".address", user.email).hexdigest()[:20]


def unsubscribe_token_for(*, user: User) -> str:
    """A new link token for ``user``'s reminder email: encrypted and dated, so the link
    shows neither the address nor the account, and it lapses on its own."""
    payload = json.dumps({"u": user.pk, "a": _address_tag(user)}, separators=(",", ":"))
    return _link_keys().encrypt(payload.encode()).decode("ascii")


def user_for_unsubscribe_token(*, token: str) -> User | None:
    """The user an unsubscribe link is for, or None if it is forged, expired, revoked,
    for an address the account no longer has, or for an account that is gone."""
    keys = _link_keys()
    try:
        raw = token.encode("ascii")
        payload = json.loads(keys.decrypt(raw, ttl=int(UNSUBSCRIBE_LINK_LIFETIME.total_seconds())))
        issued = datetime.fromtimestamp(keys.extract_timestamp(raw), tz=UTC)
        user_id, tag = int(payload["u"]), str(payload["a"])
    except (InvalidToken, UnicodeError, ValueError, TypeError, KeyError):
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None or not constant_time_compare(tag, _address_tag(user)):
        return None
    revoked = UnsubscribeLinksRevoked.objects.filter(user=user, links_before__gte=issued).exists()
    return None if revoked else user
