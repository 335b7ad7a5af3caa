"""The gratitude journal in an export: the ``gratitude`` section. The day summaries (streaks,
heatmap) are derived rows: never in the file, rebuilt on import by the journal's own rule.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.db.models import Max

from accounts.export import ZONE, zone_problems
from accounts.models import User
from compersion.lib.export import (
    BOOLEAN,
    CHUNK,
    DATE,
    DATETIME,
    ImportProblems,
    ImportResult,
    Record,
    batches,
    day,
    integer,
    iso,
    label,
    moment,
    record,
    records,
    text,
)
from journal import services
from journal.models import DAILY_ITEMS, ITEM_MAX_LENGTH, GratitudeItem
from people.export import PERSON_REFS, PersonKeys, PersonMap, person_links, reference_problems

GRATITUDE = records(
    record(
        {
            "local_date": DATE,
            "time_zone": ZONE,
            "position": integer(1, DAILY_ITEMS),
            "text": text(ITEM_MAX_LENGTH, min_length=1),
            "relational": BOOLEAN,
            "people": PERSON_REFS,
            "created_at": DATETIME,
            "updated_at": DATETIME,
        },
        "One of the five gratitude items of a local day.",
    ),
    "journal item",
)

SECTIONS: dict[str, dict[str, Any]] = {"gratitude": GRATITUDE}


def gratitude_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    fields = ("id", "local_date", "time_zone", "position", "text", "relational", "created_at", "updated_at")
    rows = GratitudeItem.objects.filter(owner=user).order_by("local_date", "position", "id").values(*fields)
    for batch in batches(rows.iterator(chunk_size=CHUNK)):
        links = person_links(
            GratitudeItem.people.through,
            owner_field="gratitudeitem_id",
            ids=[r["id"] for r in batch],
            keys=keys,
        )
        for row in batch:
            yield {
                "local_date": iso(row["local_date"]),
                "time_zone": row["time_zone"],
                "position": row["position"],
                "text": row["text"],
                "relational": row["relational"],
                "people": links.get(row["id"], []),
                "created_at": iso(row["created_at"]),
                "updated_at": iso(row["updated_at"]),
            }


EXPORTERS = {"gratitude": gratitude_records}


def problems(*, document: Record, known: set[str]) -> list[str]:
    """Unknown people and zones, more than five items on a day, and a place taken twice."""
    items: list[Record] = document["gratitude"]
    found = reference_problems(GRATITUDE, items, known=known) + zone_problems(GRATITUDE, items)
    per_day: Counter[str] = Counter()
    slots: set[tuple[str, int]] = set()
    for index, item in enumerate(items):
        per_day[item["local_date"]] += 1
        if per_day[item["local_date"]] == DAILY_ITEMS + 1:
            found.append(f"{label(GRATITUDE, index)}: {item['local_date']} has more than {DAILY_ITEMS} items")
        slot = (item["local_date"], item["position"])
        if slot in slots:
            found.append(
                f"{label(GRATITUDE, index)}: place {item['position']} on {item['local_date']} is doubled"
            )
        slots.add(slot)
    return found


def records_import(*, user: User, document: Record, people: PersonMap, result: ImportResult) -> None:
    """Add the file's items that their day lacks (by text), at their place if it is free, then
    rebuild the summaries of the days touched."""
    items: list[Record] = document["gratitude"]
    dates = {day(r["local_date"]) for r in items}
    slots: dict[date, dict[int, str]] = defaultdict(dict)
    for local_date, position, words in GratitudeItem.objects.filter(
        owner=user, local_date__in=dates
    ).values_list("local_date", "position", "text"):
        slots[local_date][position] = words
    new: list[tuple[GratitudeItem, list[str]]] = []
    for index, r in enumerate(items):
        local_date = day(r["local_date"])
        taken = slots[local_date]
        if r["text"] in taken.values():
            continue
        free = [slot for slot in range(1, DAILY_ITEMS + 1) if slot not in taken]
        if not free:
            raise ImportProblems(
                [f"{label(GRATITUDE, index)}: {local_date} already has {DAILY_ITEMS} items here"]
            )
        position = r["position"] if r["position"] in free else free[0]
        taken[position] = r["text"]
        item = GratitudeItem(
            owner=user,
            local_date=local_date,
            time_zone=r["time_zone"],
            text=r["text"],
            relational=r["relational"],
            position=position,
            created_at=moment(r["created_at"]),
            updated_at=moment(r["updated_at"]),
        )
        new.append((item, r["people"]))
    GratitudeItem.objects.bulk_create([item for item, _ in new], batch_size=500)
    Through = GratitudeItem.people.through
    Through.objects.bulk_create(
        [
            Through(gratitudeitem_id=item.pk, person_id=people[key].pk)
            for item, keys in new
            for key in dict.fromkeys(keys)
        ],
        batch_size=500,
    )
    _days_recount(user=user, dates={item.local_date for item, _ in new})
    result.count("gratitude", added=len(new), total=len(items))


def _days_recount(*, user: User, dates: set[date]) -> None:
    """Rebuild each touched day's summary with the journal's own bookkeeping (the rule that
    decides counts and completion), as if each day's last item had just been written at the
    moment it was first written."""
    ordered = sorted(dates)
    last_written: dict[date, datetime] = {}
    for start in range(0, len(ordered), services.RECOUNT_BATCH):
        last_written.update(
            GratitudeItem.objects.filter(
                owner=user, local_date__in=ordered[start : start + services.RECOUNT_BATCH]
            )
            .values("local_date")
            .annotate(last=Max("created_at"))
            .values_list("local_date", "last")
        )
    services.journal_days_recount(user=user, last_written=last_written)
