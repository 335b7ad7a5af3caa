"""The WHO-5 answers in an export (``wellbeing_checkins``, from version 2 of the format): one
record per month answered. A version 1 file has no such section and imports as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accounts.export import ZONE, zone_problems
from accounts.models import User
from compersion.lib.export import (
    CHUNK,
    DATE,
    DATETIME,
    ImportResult,
    Record,
    day,
    integer,
    iso,
    moment,
    record,
    records,
    unseen,
)
from insights.models import WellbeingCheckIn
from insights.services import ANSWER_FIELDS
from insights.stats import month_start
from people.export import PersonKeys, PersonMap

CHECKINS = records(
    record(
        {
            "local_date": DATE,
            "time_zone": ZONE,
            **{name: integer(0, 5) for name in ANSWER_FIELDS},
            "created_at": DATETIME,
        },
        "A month's WHO-5 Well-Being Index answers, 0 (at no time) to 5 (all of the time), one "
        "per statement; the month is the one `local_date` falls in. A file may hold one per month.",
    ),
    "wellbeing check-in",
)

SECTIONS: dict[str, dict[str, Any]] = {"wellbeing_checkins": CHECKINS}
# Sections a file of an earlier version does not have; importing one leaves them as they are.
OPTIONAL_SECTIONS = frozenset(SECTIONS)


def checkin_records(*, user: User, keys: PersonKeys) -> Iterator[Record]:
    for checkin in WellbeingCheckIn.objects.filter(owner=user).order_by("month").iterator(chunk_size=CHUNK):
        yield {
            "local_date": iso(checkin.local_date),
            "time_zone": checkin.time_zone,
            **{name: getattr(checkin, name) for name in ANSWER_FIELDS},
            "created_at": iso(checkin.created_at),
        }


EXPORTERS = {"wellbeing_checkins": checkin_records}


def problems(*, document: Record, known: set[str]) -> list[str]:
    items: list[Record] = document.get("wellbeing_checkins", [])
    return zone_problems(CHECKINS, items)


def records_import(*, user: User, document: Record, people: PersonMap, result: ImportResult) -> None:
    items: list[Record] = document.get("wellbeing_checkins", [])
    existing = set(WellbeingCheckIn.objects.filter(owner=user).values_list("month", flat=True))
    # One per month: a month the account has already answered keeps its answers, and of two
    # records for one month in the file the first is taken.
    new = list(unseen(items, existing, key=lambda r: month_start(day(r["local_date"]))))
    WellbeingCheckIn.objects.bulk_create(
        [
            WellbeingCheckIn(
                owner=user,
                month=month_start(day(r["local_date"])),
                local_date=day(r["local_date"]),
                time_zone=r["time_zone"],
                **{name: r[name] for name in ANSWER_FIELDS},
                created_at=moment(r["created_at"]),
            )
            for r in new
        ]
    )
    result.count("wellbeing_checkins", added=len(new), total=len(items))
