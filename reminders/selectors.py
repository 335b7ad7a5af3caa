from __future__ import annotations

from django.core import signing
from django.http import Http404

from accounts.models import User
from reminders.models import ReminderKind, ReminderSchedule

UNSUBSCRIBE_SALT = "reminders.unsubscribe"


def reminder_schedules_for(*, user: User) -> dict[str, ReminderSchedule]:
    """The user's schedule rows by kind; kinds without a row yet get unsaved defaults."""
    rows = {row.kind: row for row in ReminderSchedule.objects.filter(user=user)}
    for kind in ReminderKind.values:
        rows.setdefault(kind, ReminderSchedule(user=user, kind=kind, enabled=kind == ReminderKind.DAILY))
    return rows


def unsubscribe_token_for(*, user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_unsubscribe_token(*, token: str) -> User:
    """The user a signed unsubscribe link names; 404 for anything forged, stale or gone."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise Http404("This unsubscribe link is not valid.") from error
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None:
        raise Http404("This unsubscribe link is not valid.")
    return user
