"""Changing a whole account: importing an export document, and deleting everything.

Import runs in one transaction (all or nothing), is idempotent (each record has a natural
key, and a record whose key is already in the account is skipped), relinks people through
the document's own keys, and recomputes derived rows (JournalDay, reminder schedules)
through the apps' own services rather than trusting the file. Each app's ``export.py``
checks and imports its own records; this runs them in the document's order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TypeVar, cast

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore
from django.contrib.sessions.models import Session
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from accounts import export as accounts_export
from accounts.models import User
from accounts.services import account_email_queue
from compersion.lib import clock
from compersion.lib.export import ImportProblems, ImportResult, Record, problems_grouped
from feelings.services import feelings_removed_purge
from journal.services import gratitude_items_purge
from kindness.services import kindness_acts_purge
from people import export as people_export
from privacy import schema, selectors
from privacy.importers.document import Choices, document_build
from privacy.importers.formats import DAILY_ITEMS, CheckInRow, GratitudeRow, Parsed, RowProblem
from privacy.models import IMPORT_STEPS, ImportPreview, ImportState

__all__ = [
    "ImportBusy",
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


def account_import(
    *,
    user: User,
    document: object,
    with_settings: bool = True,
    on_checked: Callable[[], None] | None = None,
) -> ImportResult:
    """Import an export document into ``user``'s account, all or nothing.

    Raises ``ImportProblems`` naming the bad records; nothing is written then. Without
    ``with_settings`` the account keeps its own preferences (a file from another app, whose
    ``settings`` are the account's own). ``on_checked`` is called once every check has passed,
    before anything is written (a background import reports its progress there).
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
    if on_checked is not None:
        on_checked()
    result = ImportResult()
    try:
        with transaction.atomic():
            for part in schema.SETTINGS_PARTS if with_settings else ():
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
    return (
        gratitude_items_purge(now=now)
        + kindness_acts_purge(now=now)
        + feelings_removed_purge(now=now)
        + import_previews_purge(now=now)
    )


# --- Importing from other apps ------------------------------------------------------------

# A preview is kept this long after it last changed, then purged with what it holds.
PREVIEW_KEPT = timedelta(hours=1)
# Files with more records than this are imported by a worker, the page showing its progress.
BACKGROUND_AT = 1000


class ImportBusy(Exception):
    """An import from another app is already running for this user."""


def _future_rows(*, user: User, parsed: Parsed, now: datetime) -> None:
    """Move rows the account cannot take into the problems: check-ins after the user's
    tomorrow, and gratitude on or after their today (imported days count as written later,
    which today's cannot be yet)."""
    today = clock.local_day(now, tz=user.tz, day_start_hour=user.day_start_hour)
    parsed.checkins = _rows_within(
        parsed.checkins, parsed, latest=today + timedelta(days=1), too_late="is after tomorrow"
    )
    parsed.gratitude = _rows_within(
        parsed.gratitude,
        parsed,
        latest=today - timedelta(days=1),
        too_late="is today or later: write today's on Today",
    )


RowT = TypeVar("RowT", CheckInRow, GratitudeRow)


def _rows_within(rows: list[RowT], parsed: Parsed, *, latest: date, too_late: str) -> list[RowT]:
    """The rows dated from 1900 to ``latest``; each of the others becomes a problem of ``parsed``."""
    kept = []
    for row in rows:
        local_date = date.fromisoformat(row.local_date)
        if local_date > latest:
            parsed.problems.append(RowProblem(row.row, f"{row.local_date} {too_late}"))
        elif local_date < clock.EARLIEST_DAY:
            parsed.problems.append(RowProblem(row.row, f"{row.local_date} is before 1900"))
        else:
            kept.append(row)
    return kept


def _full_days(*, user: User, parsed: Parsed) -> None:
    """Drop the items a day already holds, and move a day that would then hold more than five
    into the problems, rather than fail the whole import at confirmation."""
    existing = selectors.gratitude_texts_on(
        user=user, dates={date.fromisoformat(row.local_date) for row in parsed.gratitude}
    )
    kept = []
    for grateful in parsed.gratitude:
        there = existing.get(date.fromisoformat(grateful.local_date), [])
        new = [item for item in grateful.items if item not in there]
        if len(there) + len(new) > DAILY_ITEMS:
            parsed.problems.append(
                RowProblem(
                    grateful.row,
                    f"{grateful.local_date} already has {len(there)} items here, "
                    f"so only {DAILY_ITEMS - len(there)} of its {len(new)} new ones would fit",
                )
            )
        else:
            kept.append(grateful)
    parsed.gratitude = kept


def import_preview_create(*, user: User, parsed: Parsed, now: datetime | None = None) -> ImportPreview:
    """Keep ``parsed`` (encrypted) as the user's preview, replacing one that waits.

    Raises ``ImportBusy`` while an earlier import of theirs is running."""
    now = now or timezone.now()
    _future_rows(user=user, parsed=parsed, now=now)
    _full_days(user=user, parsed=parsed)
    parsed.problems.sort(key=lambda problem: problem.row)
    with transaction.atomic():
        previous = ImportPreview.objects.select_for_update().filter(owner=user).first()
        if previous is not None and previous.in_progress and previous.updated_at > now - PREVIEW_KEPT:
            raise ImportBusy
        ImportPreview.objects.filter(owner=user).delete()
        return ImportPreview.objects.create(
            owner=user,
            source=parsed.source,
            payload=json.dumps(parsed.as_json(), ensure_ascii=False),
            records=len(parsed.checkins) + sum(len(row.items) for row in parsed.gratitude),
            created_at=now,
            updated_at=now,
        )


def import_preview_discard(*, user: User) -> None:
    ImportPreview.objects.filter(owner=user).exclude(state__in=IMPORT_STEPS).delete()


def import_in_background(*, preview: ImportPreview) -> bool:
    return preview.records > BACKGROUND_AT


def import_preview_confirm(*, user: User, preview: ImportPreview, choices: Choices) -> bool:
    """Record the user's choices and mark the preview for import. False when it was already
    confirmed (a second click, another tab): only one confirmation imports."""
    # Two tabs may confirm at once; the state check in the UPDATE lets only one through.
    claimed = ImportPreview.objects.filter(pk=preview.pk, owner=user, state=ImportState.READY).update(
        state=ImportState.QUEUED,
        choices=json.dumps(choices.as_json(), ensure_ascii=False),
        updated_at=timezone.now(),
    )
    return claimed == 1


def _preview_state(preview_id: int, state: str, **fields: object) -> None:
    ImportPreview.objects.filter(pk=preview_id).update(state=state, updated_at=timezone.now(), **fields)


def import_preview_apply(*, preview_id: int) -> None:
    """Import a confirmed preview through ``account_import``; its rows are then forgotten and
    only the counts (or the reasons it failed) are kept. Idempotent: a preview already taken
    by another worker, or gone, is left alone."""
    # A task delivered twice, or a worker and the page at once: only the one that moves the
    # preview out of "queued" imports it.
    claimed = ImportPreview.objects.filter(pk=preview_id, state=ImportState.QUEUED).update(
        state=ImportState.CHECKING, updated_at=timezone.now()
    )
    if not claimed:
        return
    preview = ImportPreview.objects.select_related("owner").get(pk=preview_id)
    user = preview.owner
    now = timezone.now()
    keys = people_export.person_keys(user=user)
    document = document_build(
        parsed=Parsed.from_json(json.loads(preview.payload)),
        choices=Choices.from_json(json.loads(preview.choices)),
        people=list(people_export.people_records(user=user, keys=keys)),
        keys=keys,
        settings=selectors.settings_record(user=user),
        now=now,
    )
    try:
        result = account_import(
            user=user,
            document=document,
            with_settings=False,
            on_checked=lambda: _preview_state(preview_id, ImportState.WRITING),
        )
    except ImportProblems as error:
        _preview_failed(preview_id, problems_grouped(error.problems)[:20])
        return
    except Exception:
        # Nothing was written (one transaction); the page must not wait for an import that
        # will never finish, so it says so, and the error still reaches the logs.
        _preview_failed(preview_id, [UNEXPECTED])
        raise
    added = {section: count for section, count in result.added.items() if count}
    _preview_state(preview_id, ImportState.DONE, added=added, payload="", choices="")


UNEXPECTED = "Something went wrong on our side while importing; nothing was written. Please try again later."


def _preview_failed(preview_id: int, problems: list[str]) -> None:
    _preview_state(
        preview_id,
        ImportState.FAILED,
        problems=json.dumps(problems, ensure_ascii=False),
        payload="",
        choices="",
    )


def import_previews_purge(*, now: datetime | None = None) -> int:
    """Delete every preview an hour after it last changed, with the words it held."""
    now = now or timezone.now()
    deleted, _ = ImportPreview.objects.filter(updated_at__lt=now - PREVIEW_KEPT).delete()
    return deleted
