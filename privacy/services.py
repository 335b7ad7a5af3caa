"""Changing a whole account: importing an export document, and deleting everything.

Import runs in one transaction (all or nothing), is idempotent (each record has a natural
key, and a record whose key is already in the account is skipped), relinks people through
the document's own keys, and recomputes derived rows (JournalDay, reminder schedules)
through the apps' own services rather than trusting the file. Each app's ``export.py``
checks and imports its own records; this runs them in the document's order.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore
from django.contrib.sessions.models import Session
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from accounts import export as accounts_export
from accounts.models import User
from accounts.services import account_email_queue
from compersion.lib import clock
from compersion.lib.export import ImportProblems, ImportResult, Record
from feelings.services import feelings_removed_purge
from journal.services import gratitude_items_purge
from kindness.services import kindness_acts_purge
from people import export as people_export
from privacy import schema

__all__ = [
    "ImportProblems",
    "ImportResult",
    "account_delete",
    "account_import",
    "removed_purge",
    "sessions_end_all",
]


# How many problems an import reads before it stops looking: plenty to group them by kind.
PROBLEMS_READ = 500


def _bounds(*, user: User, document: object, now: datetime) -> schema.Bounds:
    """The user's tomorrow, as the account will count days once the import is done: in the
    file's time zone and day-start hour when those are good (the import takes them), else
    the account's own."""
    zone_name, start = user.time_zone, user.day_start_hour
    chosen = document.get("settings") if isinstance(document, dict) else None
    if isinstance(chosen, dict):
        if isinstance(chosen.get("time_zone"), str) and clock.is_zone_name(chosen["time_zone"]):
            zone_name = chosen["time_zone"]
        hour = chosen.get("day_start_hour")
        if type(hour) is int and hour in clock.DAY_START_HOURS:
            start = hour
    tz = clock.zone(zone_name)
    tomorrow = clock.local_day(now, tz=tz, day_start_hour=start) + timedelta(days=1)
    _, end = clock.day_bounds(tomorrow, tz=tz, day_start_hour=start)
    return schema.Bounds(latest_day=tomorrow, latest_moment=end - timedelta(microseconds=1))


def _problems(document: Record) -> list[str]:
    """What the schema cannot say: each app's checks of its own records, which may look
    across records (a person key used twice, an act naming an idea the file lacks)."""
    known = {person["key"] for person in document["people"]}
    problems = accounts_export.settings_problems(settings=document["settings"])
    problems += people_export.problems(document=document)
    for part in schema.RECORDS_PARTS:
        problems += part.problems(document=document, known=known)
    return problems


def account_import(*, user: User, document: object) -> ImportResult:
    """Import an export document into ``user``'s account, all or nothing.

    Raises ``ImportProblems`` naming the bad records; nothing is written then.
    """
    # Enough sentences that the page can say how many records share a problem (it groups them).
    bounds = _bounds(user=user, document=document, now=timezone.now())
    problems = schema.validate(document, bounds=bounds, limit=PROBLEMS_READ)
    if problems:
        raise ImportProblems(problems)
    document = cast(Record, document)
    problems = _problems(document)
    if problems:
        raise ImportProblems(problems[:PROBLEMS_READ])
    result = ImportResult()
    try:
        with transaction.atomic():
            for part in schema.SETTINGS_PARTS:
                part.settings_import(user=user, settings=document["settings"])
            people = people_export.people_import(user=user, records=document["people"], result=result)
            for records in schema.RECORDS_PARTS:
                records.records_import(user=user, document=document, people=people, result=result)
    except (IntegrityError, DataError) as error:
        # The checks above should catch every clash; if one slips through, it is still all
        # or nothing, and the user gets a sentence rather than a server error.
        raise ImportProblems(
            ["Part of this file clashes with itself or with this account; nothing was imported."]
        ) from error
    return result


# --- Deleting everything -------------------------------------------------------------


def sessions_end_all(*, user: User) -> int:
    """End every signed-in session of ``user``, on every device. Returns how many."""
    # Sessions are signed blobs with no user column, so each live one is decoded; this runs
    # only when an account is deleted, never on a page view.
    user_id = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=2000)
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    # Through cached_db's store, not only the table: with REDIS_URL set (SESSION_ENGINE is then
    # cached_db) each session also has a copy in the cache, which must not outlive the account.
    # Its delete() removes the row and the cached copy, so it is right for the db engine too.
    for key in keys:
        CachedDbSessionStore(session_key=key).delete()
    return len(keys)


DELETED_EMAIL_SUBJECT = "Your Compersion account is deleted"
DELETED_EMAIL_TEXT = """Hello,

Your Compersion account and everything in it are deleted: your journal, your kindness
log, your feelings, your people and your settings. Every device that was signed in has
been signed out.

If you did not ask for this, please reply to this message.

Thank you for practising with us. Take good care.
"""


def account_delete(*, user: User) -> None:
    """Delete ``user`` and every row that belongs to them, end all their sessions, and
    confirm by email once the deletion has committed."""
    email = user.email
    with transaction.atomic():
        sessions_end_all(user=user)
        # Sign-in records hold the address itself rather than a link to the user.
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=email).delete()
        # Every model that belongs to a user cascades from it (tests/privacy/test_delete.py proves it).
        user.delete()
        account_email_queue(to=email, subject=DELETED_EMAIL_SUBJECT, text=DELETED_EMAIL_TEXT)


def removed_purge(*, now: datetime | None = None) -> int:
    """Delete for good, in every account, what was removed longer ago than the undo window
    (compersion.lib.removal): each app purges its own. Idempotent, so a second beat running
    it too deletes nothing twice. How many rows went."""
    now = now or timezone.now()
    return gratitude_items_purge(now=now) + kindness_acts_purge(now=now) + feelings_removed_purge(now=now)
