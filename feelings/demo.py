"""Demo feelings history for ``seed_demo``: check-ins, vicarious joys, needs answers, metamour notes.

Over the weeks compersion drifts up and jealousy drifts down, never in a straight line,
and the two often share a check-in. Users who already have check-ins are left alone,
so the command can run again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from compersion.lib import clock
from compersion.lib.demo_rows import (
    DEMO_RUN_DAYS,
    demo_first_note,
    demo_run_start,
    ids_reserve,
    rows_write,
    utc_text,
)
from compersion.lib.encryption import encrypt
from feelings.models import (
    CheckIn,
    CheckInFeeling,
    Feeling,
    LifeArea,
    MetamourNote,
    Need,
    NeedsCheckIn,
    VicariousJoy,
)
from feelings.services import vocabulary_seed
from feelings.vocabulary import METAMOUR_PROMPTS
from people.models import Person, PersonKind

ALSO_PRESENT = [
    "insecurity",
    "fear",
    "envy",
    "tenderness",
    "curiosity",
    "relief",
    "loneliness",
    "pride",
    "overwhelm",
    "joy",
    "possessiveness",
    "calm",
    "pettiness",
    "gratitude",
    "sadness",
]
HAPPENINGS = [
    "{p} is away with {m} for the weekend.",
    "{p} told me about a lovely date with {m}.",
    "Saw photos of {p} and {m} at the lake.",
    "{p} came home glowing after seeing {m}.",
    "{p} and {m} planned a trip together.",
    "Had dinner with {p} and {m}; it was easier than I expected.",
]
BODY = ["tight chest", "warm face", "knot in my stomach", "shoulders up by my ears", "soft belly", ""]
ACTIONS = [
    "Ask {p} for a call tomorrow evening",
    "Plan a date night with {p}",
    "Take a long walk alone",
    "Tell {p} what I appreciated about the weekend",
    "Write it down and sleep on it",
    "",
]
JOYS = [
    ("work", "A colleague got the promotion they had worked towards all year"),
    ("sport", "My friend finished her first half marathon"),
    ("family", "My cousin's baby arrived safely"),
    ("study", "An old classmate defended their thesis"),
    ("creative", "A friend's band released their first EP"),
    ("health", "My neighbour is walking without crutches again"),
    ("home", "Friends finally got the keys to their flat"),
    ("other", "My sister's allotment won a prize for its pumpkins"),
]
LEARNED = [
    "Grew up by the sea",
    "Makes excellent dumplings",
    "Is learning Portuguese",
    "Volunteers at the animal shelter",
    "Loves old maps",
    "Also hates early mornings",
]

BATCH = 5000


def _instant(day: date, hour: int, minute: int, user: User) -> datetime:
    # Wall-clock time on the user's local day; day_start_hour is under 7, so 9:00+ is that day.
    return clock.wall_to_instant(datetime.combine(day, time(hour, minute)), tz=user.tz)


def _clamp(value: float) -> int:
    return max(1, min(10, round(value)))


@dataclass
class _Rows:
    """Everything the seed writes, gathered over all users and then written in a few big
    inserts (one user at a time with the ORM took minutes for a thousand users)."""

    checkins: list[CheckIn] = field(default_factory=list)
    chosen: list[dict[str, int]] = field(default_factory=list)
    about: list[list[Person]] = field(default_factory=list)
    needs: list[list[Need]] = field(default_factory=list)
    joys: list[VicariousJoy] = field(default_factory=list)
    answers: list[NeedsCheckIn] = field(default_factory=list)
    notes: list[MetamourNote] = field(default_factory=list)


def demo_feelings_seed(
    *, users: list[User], days: int, rng: random.Random, now: datetime | None = None
) -> int:
    """Give each demo user without check-ins ``days`` of history; returns check-ins created."""
    now = now or timezone.now()
    vocabulary_seed()
    feelings = {f.name: f for f in Feeling.objects.filter(owner=None)}
    needs = list(Need.objects.filter(owner=None))
    done = set(CheckIn.objects.filter(owner__in=users).values_list("owner_id", flat=True).distinct())
    people: dict[int, list[Person]] = {}
    for person in Person.objects.filter(owner__in=users, archived_at=None):
        people.setdefault(person.owner_id, []).append(person)
    rows = _Rows()
    for user in users:
        if user.pk in done:
            continue
        _plan_user(rows, user, people.get(user.pk, []), needs, days=days, rng=rng, now=now)
    _rows_write(rows, feelings)
    return len(rows.checkins)


def _sealed(text: str) -> str:
    # What EncryptedTextField stores: a token, or "" for no text.
    return encrypt(text) if text else ""


def _rows_write(rows: _Rows, feelings: dict[str, Feeling]) -> None:
    """COPY for the big tables: the ORM's bulk_create spent most of the seed preparing values
    one field at a time. Check-in ids are reserved up front so their feelings and people can
    point at them."""
    first = ids_reserve(CheckIn._meta.db_table, len(rows.checkins))
    for offset, checkin in enumerate(rows.checkins):
        checkin.pk = first + offset
    rows_write(
        CheckIn._meta.db_table,
        CHECKIN_COLUMNS,
        [
            (
                c.pk,
                c.owner_id,
                utc_text(c.created_at),
                c.local_date,
                c.time_zone,
                _sealed(c.what_happened),
                _sealed(c.body),
                c.sat_with_it,
                c.need_met,
                _sealed(c.action),
            )
            for c in rows.checkins
        ],
    )
    rows_write(
        CheckInFeeling._meta.db_table,
        ("checkin_id", "feeling_id", "intensity"),
        [
            (c.pk, feelings[name].pk, value)
            for c, present in zip(rows.checkins, rows.chosen, strict=True)
            for name, value in present.items()
        ],
    )
    rows_write(
        CheckIn.people.through._meta.db_table,
        ("checkin_id", "person_id"),
        [(c.pk, p.pk) for c, ps in zip(rows.checkins, rows.about, strict=True) for p in ps],
    )
    rows_write(
        CheckIn.needs.through._meta.db_table,
        ("checkin_id", "need_id"),
        [(c.pk, n.pk) for c, ns in zip(rows.checkins, rows.needs, strict=True) for n in ns],
    )
    rows_write(
        VicariousJoy._meta.db_table,
        JOY_COLUMNS,
        [
            (
                j.owner_id,
                j.person_id,
                _sealed(j.who),
                j.area,
                _sealed(j.what_happened),
                j.joy,
                utc_text(j.created_at),
                j.local_date,
                j.time_zone,
            )
            for j in rows.joys
        ],
    )
    # Smaller, and answers may meet the once-a-day constraint: the ORM is fine here.
    NeedsCheckIn.objects.bulk_create(rows.answers, batch_size=BATCH, ignore_conflicts=True)
    MetamourNote.objects.bulk_create(rows.notes, batch_size=BATCH)


CHECKIN_COLUMNS = (
    "id",
    "owner_id",
    "created_at",
    "local_date",
    "time_zone",
    "what_happened",
    "body",
    "sat_with_it",
    "need_met",
    "action",
)
JOY_COLUMNS = (
    "owner_id",
    "person_id",
    "who",
    "area",
    "what_happened",
    "joy",
    "created_at",
    "local_date",
    "time_zone",
)


def _near(day: date, run_start: date | None, after_run: date | None, first_note: date | None) -> bool:
    """Within four weeks of the planted run or of the first metamour note: the demo checks in
    more often there, so insights has enough on each side to compare."""
    window = timedelta(days=28)
    near_run = (
        run_start is not None and after_run is not None and run_start - window <= day < after_run + window
    )
    return near_run or (first_note is not None and first_note - window <= day < first_note + window)


def _plan_user(
    rows: _Rows,
    user: User,
    circle: list[Person],
    needs: list[Need],
    *,
    days: int,
    rng: random.Random,
    now: datetime,
) -> None:
    today = clock.local_day(now, tz=user.tz, day_start_hour=user.day_start_hour)
    partners = [p for p in circle if p.kind in {PersonKind.PARTNER, PersonKind.NESTING_PARTNER}]
    metamours = [p for p in circle if p.kind == PersonKind.METAMOUR]
    others = [p for p in circle if p not in partners and p not in metamours]
    checkins, chosen, about, joys, answers = rows.checkins, rows.chosen, rows.about, rows.joys, rows.answers
    # After the planted 22-day run, and about a metamour once the user notes what they learned,
    # compersion steps up and jealousy down: the change insights (issue #16) should show.
    run_start = demo_run_start(today=today, days=days)
    after_run = run_start + timedelta(days=DEMO_RUN_DAYS) if run_start else None
    first_note = demo_first_note(today=today, days=days)
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        progress = 1 - offset / max(days, 1)  # 0 long ago, 1 today
        if rng.random() < (0.6 if _near(day, run_start, after_run, first_note) else 0.35):
            partner = rng.choice(partners) if partners else None
            metamour = rng.choice(metamours) if metamours else None
            step = 1.5 if after_run and day >= after_run else 0.0
            if metamour is not None and first_note and day >= first_note:
                step += 1.5
            present = {
                "compersion": _clamp(3 + 3 * progress + step + rng.gauss(0, 1.2)),
                "jealousy": _clamp(7 - 3 * progress - step + rng.gauss(0, 1.2)),
            }
            for name in rng.sample(ALSO_PRESENT, k=rng.randint(0, 3)):
                present[name] = rng.randint(1, 9)
            if rng.random() < 0.15:
                present.pop("jealousy")
            when = _instant(day, rng.randint(9, 22), rng.choice([0, 10, 25, 40, 55]), user)
            text = rng.choice(HAPPENINGS).format(
                p=partner.name if partner else "My partner", m=metamour.name if metamour else "their date"
            )
            # Drawn in the order the one-need seed drew them, so the same seed gives the same history.
            body, sat_with_it = rng.choice(BODY), rng.random() < 0.6
            rows.needs.append([rng.choice(needs)] if rng.random() < 0.7 else [])
            checkins.append(
                CheckIn(
                    owner=user,
                    created_at=when,
                    local_date=day,
                    time_zone=user.time_zone,
                    what_happened=text,
                    body=body,
                    sat_with_it=sat_with_it,
                    need_met=rng.choice(["yes", "partly", "partly", "no"]),
                    action=rng.choice(ACTIONS).format(p=partner.name if partner else "my partner"),
                )
            )
            chosen.append(present)
            about.append([p for p in (partner, metamour) if p is not None])
        if rng.random() < 0.3:
            area, text = rng.choice(JOYS)
            person = rng.choice(others) if others and rng.random() < 0.5 else None
            joys.append(
                VicariousJoy(
                    owner=user,
                    person=person,
                    who="" if person else "A friend",
                    area=LifeArea(area),
                    what_happened=text,
                    joy=rng.randint(4, 10),
                    local_date=day,
                    time_zone=user.time_zone,
                    created_at=_instant(day, rng.randint(8, 21), 5, user),
                )
            )
        if day.weekday() == 6:
            answers += [
                NeedsCheckIn(
                    owner=user,
                    person=p,
                    score=max(1, min(5, round(2.5 + 2 * progress + rng.gauss(0, 0.8)))),
                    note="",
                    local_date=day,
                    time_zone=user.time_zone,
                    created_at=_instant(day, 19, 30, user),
                )
                for p in partners
            ]
    rows.notes += [
        MetamourNote(
            owner=user,
            person=m,
            prompt=rng.choice(METAMOUR_PROMPTS + [""]),
            text=rng.choice(LEARNED),
            # The first note on the planted day, the others on random days after it.
            local_date=first_note + timedelta(days=rng.randint(1, max((today - first_note).days, 1)))
            if first_note and n
            else first_note or today - timedelta(days=rng.randint(0, max(days - 1, 0))),
        )
        for m in metamours
        for n in range(rng.randint(1, 3))
    ]
