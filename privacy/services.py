"""Changing a whole account: importing an export document, and deleting everything.

Import runs in one transaction (all or nothing), is idempotent (each record has a natural
key, and a record whose key is already in the account is skipped), relinks people through
the document's own keys, and recomputes derived rows (JournalDay, reminder schedules)
through the apps' own services rather than trusting the file.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import import_module
from typing import Any, cast

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import DataError, IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts import clock
from accounts.models import User
from accounts.services import (
    KindPreference,
    account_email_queue,
    reminder_preferences_update,
    user_idle_timeout_set,
    user_preferences_update,
)
from feelings.models import CheckIn, CheckInFeeling, Feeling, MetamourNote, Need, NeedsCheckIn, VicariousJoy
from feelings.services import needs_weekday_set
from journal import services as journal_services
from journal.models import DAILY_ITEMS, GratitudeItem
from kindness.models import KindnessAct, KindnessIdea
from kindness.services import kindness_target_set
from people.models import Person
from privacy import schema

Record = dict[str, Any]


class ImportProblems(Exception):
    """The document cannot be imported; ``problems`` are sentences naming the bad records."""

    def __init__(self, problems: list[str]) -> None:
        # A sentence may quote the file; whatever it quotes, the page must be able to encode it.
        problems = [p.encode("utf-8", "backslashreplace").decode() for p in problems]
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportResult:
    added: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


@dataclass
class _Import:
    user: User
    result: ImportResult
    people: dict[str, Person] = field(default_factory=dict)
    gratitude_dates: set[date] = field(default_factory=set)

    def person(self, key: str | None) -> Person | None:
        return self.people[key] if key else None


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _dt(value: str | None) -> datetime | None:
    return _moment(value) if value else None


def _day(value: str) -> date:
    return date.fromisoformat(value)


# --- Checks that need more than the schema --------------------------------------


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


def _label(section: str, index: int) -> str:
    return f"{schema.SECTIONS[section]['x-label']} {index + 1}"


def _cross_problems(document: Record) -> list[str]:
    problems: list[str] = []
    keys = [person["key"] for person in document["people"]]
    duplicates = {key for key, count in Counter(keys).items() if count > 1}
    problems += [f"person key {key} is used for more than one person" for key in sorted(duplicates)]
    known = set(keys)
    zones = [("settings", document["settings"]["time_zone"])]
    for section, records in document.items():
        if section not in schema.SECTIONS or section == "settings":
            continue
        for index, record in enumerate(records):
            refs = [record.get("person")] + list(record.get("people", []))
            problems += [
                f"{_label(section, index)}: person {ref} is not among the file's people"
                for ref in refs
                if ref and ref not in known
            ]
            if "time_zone" in record:
                zones.append((_label(section, index), record["time_zone"]))
    problems += [
        f"{where}: {zone!r} is not a time zone we know"
        for where, zone in zones
        if not clock.is_zone_name(zone)
    ]
    problems += _gratitude_problems(document["gratitude"])
    problems += _checkin_problems(document["checkins"])
    own_ideas = {idea["text"] for idea in document["kindness_ideas"]}
    problems += [
        f"{_label('kindness_acts', index)}: own idea {act['own_idea'][:40]!r} is not in the file's own ideas"
        for index, act in enumerate(document["kindness_acts"])
        if act["own_idea"] and act["own_idea"] not in own_ideas
    ]
    return problems


def _gratitude_problems(items: list[Record]) -> list[str]:
    problems: list[str] = []
    per_day: Counter[str] = Counter()
    slots: set[tuple[str, int]] = set()
    for index, item in enumerate(items):
        per_day[item["local_date"]] += 1
        if per_day[item["local_date"]] == DAILY_ITEMS + 1:
            problems.append(
                f"{_label('gratitude', index)}: {item['local_date']} has more than {DAILY_ITEMS} items"
            )
        slot = (item["local_date"], item["position"])
        if slot in slots:
            problems.append(
                f"{_label('gratitude', index)}: place {item['position']} on {item['local_date']} is doubled"
            )
        slots.add(slot)
    return problems


def _checkin_problems(checkins: list[Record]) -> list[str]:
    problems: list[str] = []
    for index, checkin in enumerate(checkins):
        names = [feeling["name"].strip().lower() for feeling in checkin["feelings"]]
        if not names:
            problems.append(f"{_label('checkins', index)}: holds no feelings")
        elif len(set(names)) < len(names):
            problems.append(f"{_label('checkins', index)}: names a feeling twice")
    return problems


# --- One importer per section ------------------------------------------------------


def _import_settings(ctx: _Import, settings: Record) -> None:
    user = ctx.user
    user_preferences_update(
        user=user,
        display_name=settings["display_name"],
        time_zone=settings["time_zone"],
        day_start_hour=settings["day_start_hour"],
        reminder_time=time.fromisoformat(settings["reminder_time"]),
        reminders_enabled=settings["reminders_enabled"],
    )
    user_idle_timeout_set(user=user, minutes=settings["idle_timeout_minutes"])
    kindness_target_set(user=user, weekly_target=settings["kindness_weekly_target"])
    needs_weekday_set(user=user, weekday=settings["needs_weekday"])
    # Recomputes every next fire time from the preferences just stored.
    reminder_preferences_update(
        user=user,
        preferences={
            r["kind"]: KindPreference(
                enabled=r["enabled"], hours_before_end=r["hours_before_end"], weekday=r["weekday"]
            )
            for r in settings["reminders"]
        },
    )


def _import_people(ctx: _Import, records: list[Record]) -> None:
    existing = {(p.name, p.kind, p.created_at): p for p in Person.objects.filter(owner=ctx.user)}
    for record in records:
        created_at = _moment(record["created_at"])
        person = existing.get((record["name"], record["kind"], created_at))
        if person is None:
            person = Person.objects.create(
                owner=ctx.user,
                name=record["name"],
                kind=record["kind"],
                kind_label=record["kind_label"],
                notes=record["notes"],
                archived_at=_dt(record["archived_at"]),
                created_at=created_at,
            )
            existing[(person.name, person.kind, created_at)] = person
            ctx.result.added["people"] += 1
        else:
            ctx.result.skipped["people"] += 1
        ctx.people[record["key"]] = person


def _import_own_feelings(ctx: _Import, records: list[Record]) -> None:
    existing = {
        name.lower() for name in Feeling.objects.filter(owner=ctx.user).values_list("name", flat=True)
    }
    new = list(_unseen(records, existing, key=lambda r: r["name"].strip().lower()))
    Feeling.objects.bulk_create(
        [
            Feeling(
                owner=ctx.user, name=r["name"].strip().lower(), group=r["group"], definition=r["definition"]
            )
            for r in new
        ]
    )
    _count(ctx, "feelings_own", added=len(new), total=len(records))


def _import_own_needs(ctx: _Import, records: list[Record]) -> None:
    existing = {name.lower() for name in Need.objects.filter(owner=ctx.user).values_list("name", flat=True)}
    new = list(_unseen(records, existing, key=lambda r: r["name"].strip().lower()))
    Need.objects.bulk_create(
        [Need(owner=ctx.user, name=r["name"].strip().lower(), definition=r["definition"]) for r in new]
    )
    _count(ctx, "needs_own", added=len(new), total=len(records))


def _import_kindness_ideas(ctx: _Import, records: list[Record]) -> None:
    existing = set(KindnessIdea.objects.filter(owner=ctx.user).values_list("text", flat=True))
    new = list(_unseen(records, existing, key=lambda r: r["text"]))
    KindnessIdea.objects.bulk_create(
        [
            KindnessIdea(
                owner=ctx.user,
                text=r["text"],
                category=r["category"],
                effort=r["effort"],
                cost=r["cost"],
                recipient_kind=r["recipient_kind"],
                setting=r["setting"],
                created_at=_moment(r["created_at"]),
            )
            for r in new
        ]
    )
    _count(ctx, "kindness_ideas", added=len(new), total=len(records))


def _import_gratitude(ctx: _Import, records: list[Record]) -> None:
    dates = {_day(r["local_date"]) for r in records}
    slots: dict[date, dict[int, str]] = defaultdict(dict)
    for local_date, position, text in GratitudeItem.objects.filter(
        owner=ctx.user, local_date__in=dates
    ).values_list("local_date", "position", "text"):
        slots[local_date][position] = text
    new: list[tuple[GratitudeItem, list[str]]] = []
    for index, r in enumerate(records):
        local_date = _day(r["local_date"])
        taken = slots[local_date]
        if r["text"] in taken.values():
            continue
        free = [slot for slot in range(1, DAILY_ITEMS + 1) if slot not in taken]
        if not free:
            raise ImportProblems(
                [f"{_label('gratitude', index)}: {local_date} already has {DAILY_ITEMS} items here"]
            )
        position = r["position"] if r["position"] in free else free[0]
        taken[position] = r["text"]
        item = GratitudeItem(
            owner=ctx.user,
            local_date=local_date,
            time_zone=r["time_zone"],
            text=r["text"],
            relational=r["relational"],
            position=position,
            created_at=_moment(r["created_at"]),
            updated_at=_moment(r["updated_at"]),
        )
        new.append((item, r["people"]))
    GratitudeItem.objects.bulk_create([item for item, _ in new], batch_size=500)
    Through = GratitudeItem.people.through
    Through.objects.bulk_create(
        [
            Through(gratitudeitem_id=item.pk, person_id=ctx.people[key].pk)
            for item, keys in new
            for key in dict.fromkeys(keys)
        ],
        batch_size=500,
    )
    ctx.gratitude_dates |= {item.local_date for item, _ in new}
    _count(ctx, "gratitude", added=len(new), total=len(records))


def _import_kindness_acts(ctx: _Import, records: list[Record]) -> None:
    existing = set(KindnessAct.objects.filter(owner=ctx.user).values_list("local_date", "text"))
    shared = {
        idea.key: idea
        for idea in KindnessIdea.objects.filter(owner=None, key__in={r["idea_key"] for r in records})
    }
    own = {idea.text: idea for idea in KindnessIdea.objects.filter(owner=ctx.user)}
    new = []
    for r in records:
        natural = (_day(r["local_date"]), r["text"])
        if natural in existing:
            continue
        existing.add(natural)
        new.append(
            KindnessAct(
                owner=ctx.user,
                text=r["text"],
                person=ctx.person(r["person"]),
                recipient_kind=r["recipient_kind"],
                category=r["category"],
                effort=r["effort"],
                local_date=natural[0],
                time_zone=r["time_zone"],
                reflection=r["reflection"],
                is_secret=r["is_secret"],
                told_at=_dt(r["told_at"]),
                idea=shared.get(r["idea_key"]) or (own.get(r["own_idea"]) if r["own_idea"] else None),
                created_at=_moment(r["created_at"]),
            )
        )
    KindnessAct.objects.bulk_create(new, batch_size=500)
    _count(ctx, "kindness_acts", added=len(new), total=len(records))


def _words(model: type[Feeling] | type[Need], user: User) -> dict[str, Any]:
    # The user's own word wins over the team's word of the same name.
    words = {w.name.lower(): w for w in model.objects.filter(owner=None)}
    words.update({w.name.lower(): w for w in model.objects.filter(owner=user)})
    return words


def _import_checkins(ctx: _Import, records: list[Record]) -> None:
    existing = set(CheckIn.objects.filter(owner=ctx.user).values_list("created_at", flat=True))
    feelings, needs = _words(Feeling, ctx.user), _words(Need, ctx.user)
    new: list[tuple[CheckIn, Record]] = []
    for r in records:
        created_at = _moment(r["created_at"])
        if created_at in existing:
            continue
        existing.add(created_at)
        for word in [f["name"] for f in r["feelings"]]:
            if word.strip().lower() not in feelings:
                feelings[word.strip().lower()] = Feeling.objects.create(
                    owner=ctx.user, name=word.strip().lower(), group="own"
                )
        need_name = (r["need"] or "").strip().lower()
        if need_name and need_name not in needs:
            needs[need_name] = Need.objects.create(owner=ctx.user, name=need_name)
        checkin = CheckIn(
            owner=ctx.user,
            created_at=created_at,
            local_date=_day(r["local_date"]),
            time_zone=r["time_zone"],
            what_happened=r["what_happened"],
            body=r["body"],
            sat_with_it=r["sat_with_it"],
            need=needs[need_name] if need_name else None,
            need_met=r["need_met"],
            action=r["action"],
        )
        new.append((checkin, r))
    CheckIn.objects.bulk_create([c for c, _ in new], batch_size=500)
    CheckInFeeling.objects.bulk_create(
        [
            CheckInFeeling(checkin=c, feeling=feelings[f["name"].strip().lower()], intensity=f["intensity"])
            for c, r in new
            for f in r["feelings"]
        ],
        batch_size=500,
    )
    Through = CheckIn.people.through
    Through.objects.bulk_create(
        [
            Through(checkin_id=c.pk, person_id=ctx.people[key].pk)
            for c, r in new
            for key in dict.fromkeys(r["people"])
        ],
        batch_size=500,
    )
    _count(ctx, "checkins", added=len(new), total=len(records))


def _import_vicarious_joys(ctx: _Import, records: list[Record]) -> None:
    existing = set(VicariousJoy.objects.filter(owner=ctx.user).values_list("created_at", flat=True))
    new = [
        VicariousJoy(
            owner=ctx.user,
            person=ctx.person(r["person"]),
            who=r["who"],
            area=r["area"],
            what_happened=r["what_happened"],
            joy=r["joy"],
            created_at=_moment(r["created_at"]),
            local_date=_day(r["local_date"]),
            time_zone=r["time_zone"],
        )
        for r in _unseen(records, existing, key=lambda r: _moment(r["created_at"]))
    ]
    VicariousJoy.objects.bulk_create(new, batch_size=500)
    _count(ctx, "vicarious_joys", added=len(new), total=len(records))


def _import_needs_checkins(ctx: _Import, records: list[Record]) -> None:
    rows = NeedsCheckIn.objects.filter(owner=ctx.user).values_list("person_id", "local_date", "created_at")
    # One answer per person per day: with a person, the day alone identifies the answer.
    existing: set[tuple[int | None, date, datetime | None]] = {
        (person_id, day, None if person_id else created_at) for person_id, day, created_at in rows
    }

    def natural(r: Record) -> tuple[int | None, date, datetime | None]:
        person = ctx.person(r["person"])
        return (
            (person.pk, _day(r["local_date"]), None)
            if person
            else (None, _day(r["local_date"]), _moment(r["created_at"]))
        )

    new = [
        NeedsCheckIn(
            owner=ctx.user,
            person=ctx.person(r["person"]),
            score=r["score"],
            note=r["note"],
            created_at=_moment(r["created_at"]),
            local_date=_day(r["local_date"]),
            time_zone=r["time_zone"],
        )
        for r in _unseen(records, existing, key=natural)
    ]
    NeedsCheckIn.objects.bulk_create(new, batch_size=500)
    _count(ctx, "needs_checkins", added=len(new), total=len(records))


def _import_metamour_notes(ctx: _Import, records: list[Record]) -> None:
    existing = set(MetamourNote.objects.filter(owner=ctx.user).values_list("created_at", "text"))
    new = [
        MetamourNote(
            owner=ctx.user,
            person=ctx.person(r["person"]),
            prompt=r["prompt"],
            text=r["text"],
            created_at=_moment(r["created_at"]),
            local_date=_day(r["local_date"]),
        )
        for r in _unseen(records, existing, key=lambda r: (_moment(r["created_at"]), r["text"]))
    ]
    MetamourNote.objects.bulk_create(new, batch_size=500)
    _count(ctx, "metamour_notes", added=len(new), total=len(records))


def _unseen(records: Iterable[Record], seen: set[Any], *, key: Callable[[Record], Any]) -> Iterable[Record]:
    """The records whose natural key is neither in the account nor earlier in the file."""
    for record in records:
        natural = key(record)
        if natural not in seen:
            seen.add(natural)
            yield record


def _count(ctx: _Import, section: str, *, added: int, total: int) -> None:
    ctx.result.added[section] += added
    ctx.result.skipped[section] += total - added


IMPORTERS: dict[str, Callable[[_Import, Any], None]] = {
    "settings": _import_settings,
    "people": _import_people,
    "feelings_own": _import_own_feelings,
    "needs_own": _import_own_needs,
    "kindness_ideas": _import_kindness_ideas,
    "gratitude": _import_gratitude,
    "kindness_acts": _import_kindness_acts,
    "checkins": _import_checkins,
    "vicarious_joys": _import_vicarious_joys,
    "needs_checkins": _import_needs_checkins,
    "metamour_notes": _import_metamour_notes,
}


def _journal_days_recompute(ctx: _Import) -> None:
    """Rebuild each touched day's summary with the journal's own bookkeeping (the rule that
    decides counts and completion), as if each day's last item had just been written at the
    moment it was first written."""
    dates = sorted(ctx.gratitude_dates)
    last_written: dict[date, datetime] = {}
    for start in range(0, len(dates), journal_services.RECOUNT_BATCH):
        last_written.update(
            GratitudeItem.objects.filter(
                owner=ctx.user, local_date__in=dates[start : start + journal_services.RECOUNT_BATCH]
            )
            .values("local_date")
            .annotate(last=Max("created_at"))
            .values_list("local_date", "last")
        )
    journal_services.journal_days_recount(user=ctx.user, last_written=last_written)


def account_import(*, user: User, document: object) -> ImportResult:
    """Import an export document into ``user``'s account, all or nothing.

    Raises ``ImportProblems`` naming the bad records; nothing is written then.
    """
    problems = schema.validate(document, bounds=_bounds(user=user, document=document, now=timezone.now()))
    if problems:
        raise ImportProblems(problems)
    document = cast(Record, document)
    problems = _cross_problems(document)
    if problems:
        raise ImportProblems(problems[:20])
    ctx = _Import(user=user, result=ImportResult())
    try:
        with transaction.atomic():
            for section, importer in IMPORTERS.items():
                importer(ctx, document[section])
            _journal_days_recompute(ctx)
    except (IntegrityError, DataError) as error:
        # The checks above should catch every clash; if one slips through, it is still all
        # or nothing, and the user gets a sentence rather than a server error.
        raise ImportProblems(
            ["Part of this file clashes with itself or with this account; nothing was imported."]
        ) from error
    return ctx.result


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
    # Through the session engine, not only the table: with cached_db (REDIS_URL set) each
    # session also has a copy in the cache, which must not outlive the account.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()
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
