"""Secret kindness in an export: the weekly target in ``settings``, the user's own ideas
(``kindness_ideas``; the shared idea store is not exported) and the acts (``kindness_acts``).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from accounts.export import ZONE, zone_problems
from accounts.models import User
from compersion.lib.export import (
    BOOLEAN,
    CHUNK,
    DATE,
    DATETIME,
    OPTIONAL_DATETIME,
    ImportResult,
    Record,
    choice,
    day,
    integer,
    iso,
    label,
    max_length,
    moment,
    optional_moment,
    record,
    records,
    text,
    unseen,
)
from kindness.models import (
    DEFAULT_WEEKLY_TARGET,
    WEEKLY_TARGET_MAX,
    WEEKLY_TARGET_MIN,
    Category,
    Cost,
    Effort,
    KindnessAct,
    KindnessIdea,
    KindnessPreference,
    RecipientKind,
    Setting,
)
from kindness.services import kindness_target_set
from people.export import PERSON_REF, PersonKeys, PersonMap, person, reference_problems

SETTINGS: dict[str, Any] = {"kindness_weekly_target": integer(WEEKLY_TARGET_MIN, WEEKLY_TARGET_MAX)}

IDEAS = records(
    record(
        {
            "text": text(max_length(KindnessIdea, "text"), min_length=1),
            "category": choice(Category.values),
            "effort": choice(Effort.values),
            "cost": choice(Cost.values),
            "recipient_kind": choice(RecipientKind.values),
            "setting": choice(Setting.values),
            "created_at": DATETIME,
        },
        "An idea for an act that the user wrote themself (the shared idea store is not exported).",
    ),
    "kindness idea",
)

ACTS = records(
    record(
        {
            "local_date": DATE,
            "time_zone": ZONE,
            "text": text(max_length(KindnessAct, "text"), min_length=1),
            "person": PERSON_REF,
            "recipient_kind": choice(RecipientKind.values),
            "category": choice(Category.values),
            "effort": choice(Effort.values),
            "reflection": text(max_length(KindnessAct, "reflection")),
            "is_secret": BOOLEAN,
            "told_at": OPTIONAL_DATETIME,
            "idea_key": {"type": ["string", "null"], "maxLength": 60},
            "own_idea": {"type": ["string", "null"], "maxLength": max_length(KindnessIdea, "text")},
            "created_at": DATETIME,
        },
        "A secret act of kindness. `idea_key` names an idea from the shared store; "
        "`own_idea` is the text of one of the user's own ideas.",
    ),
    "kindness act",
)

# Ideas first: an act may name one of them.
SECTIONS: dict[str, dict[str, Any]] = {"kindness_ideas": IDEAS, "kindness_acts": ACTS}


# --- Export -------------------------------------------------------------------------


def settings_record(*, user: User) -> Record:
    preference = KindnessPreference.objects.filter(user=user).first()
    return {"kindness_weekly_target": preference.weekly_target if preference else DEFAULT_WEEKLY_TARGET}


def idea_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    # A user's own ideas are few; the text is encrypted, so its tie-break sort happens here.
    ideas = sorted(KindnessIdea.objects.filter(owner=user), key=lambda i: (i.created_at, i.text, i.pk))
    for idea in ideas:
        yield {
            "text": idea.text,
            "category": idea.category,
            "effort": idea.effort,
            "cost": idea.cost,
            "recipient_kind": idea.recipient_kind,
            "setting": idea.setting,
            "created_at": iso(idea.created_at),
        }


def act_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    acts = (
        KindnessAct.objects.filter(owner=user)
        .select_related("idea")
        .order_by("local_date", "created_at", "id")
    )
    # Acts made at the same moment are ordered by their text, which is encrypted, so that
    # tie-break happens here, one moment's (tiny) group at a time, still streaming.
    moments = groupby(acts.iterator(chunk_size=CHUNK), key=lambda a: (a.local_date, a.created_at))
    for act in (a for _, group in moments for a in sorted(group, key=lambda a: (a.text, a.pk))):
        idea = act.idea
        yield {
            "local_date": iso(act.local_date),
            "time_zone": act.time_zone,
            "text": act.text,
            "person": keys.get(act.person_id) if act.person_id else None,
            "recipient_kind": act.recipient_kind,
            "category": act.category,
            "effort": act.effort,
            "reflection": act.reflection,
            "is_secret": act.is_secret,
            "told_at": iso(act.told_at),
            "idea_key": idea.key if idea is not None and idea.owner_id is None else None,
            "own_idea": idea.text if idea is not None and idea.owner_id is not None else None,
            "created_at": iso(act.created_at),
        }


EXPORTERS = {"kindness_ideas": idea_records, "kindness_acts": act_records}


# --- Checks and import ----------------------------------------------------------------


def problems(*, document: Record, known: set[str]) -> list[str]:
    """Unknown people and zones, and an act naming an own idea the file does not hold."""
    acts: list[Record] = document["kindness_acts"]
    own_ideas = {idea["text"] for idea in document["kindness_ideas"]}
    return (
        reference_problems(ACTS, acts, known=known)
        + zone_problems(ACTS, acts)
        + [
            f"{label(ACTS, index)}: own idea {act['own_idea'][:40]!r} is not in the file's own ideas"
            for index, act in enumerate(acts)
            if act["own_idea"] and act["own_idea"] not in own_ideas
        ]
    )


def settings_import(*, user: User, settings: Record) -> None:
    kindness_target_set(user=user, weekly_target=settings["kindness_weekly_target"])


def records_import(*, user: User, document: Record, people: PersonMap, result: ImportResult) -> None:
    _ideas_import(user=user, items=document["kindness_ideas"], result=result)
    _acts_import(user=user, items=document["kindness_acts"], people=people, result=result)


def _ideas_import(*, user: User, items: list[Record], result: ImportResult) -> None:
    existing = set(KindnessIdea.objects.filter(owner=user).values_list("text", flat=True))
    new = list(unseen(items, existing, key=lambda r: r["text"]))
    KindnessIdea.objects.bulk_create(
        [
            KindnessIdea(
                owner=user,
                text=r["text"],
                category=r["category"],
                effort=r["effort"],
                cost=r["cost"],
                recipient_kind=r["recipient_kind"],
                setting=r["setting"],
                created_at=moment(r["created_at"]),
            )
            for r in new
        ]
    )
    result.count("kindness_ideas", added=len(new), total=len(items))


def _acts_import(*, user: User, items: list[Record], people: PersonMap, result: ImportResult) -> None:
    existing = set(KindnessAct.objects.filter(owner=user).values_list("local_date", "text"))
    shared = {
        idea.key: idea
        for idea in KindnessIdea.objects.filter(owner=None, key__in={r["idea_key"] for r in items})
    }
    own = {idea.text: idea for idea in KindnessIdea.objects.filter(owner=user)}
    new = []
    for r in items:
        natural = (day(r["local_date"]), r["text"])
        if natural in existing:
            continue
        existing.add(natural)
        new.append(
            KindnessAct(
                owner=user,
                text=r["text"],
                person=person(people, r["person"]),
                recipient_kind=r["recipient_kind"],
                category=r["category"],
                effort=r["effort"],
                local_date=natural[0],
                time_zone=r["time_zone"],
                reflection=r["reflection"],
                is_secret=r["is_secret"],
                told_at=optional_moment(r["told_at"]),
                idea=shared.get(r["idea_key"]) or (own.get(r["own_idea"]) if r["own_idea"] else None),
                created_at=moment(r["created_at"]),
            )
        )
    KindnessAct.objects.bulk_create(new, batch_size=500)
    result.count("kindness_acts", added=len(new), total=len(items))
