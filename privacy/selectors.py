"""Reading everything a user owns, as export records: each app's ``export.py`` reads its own
records; this puts them together in the document's order (``schema.SECTIONS``).

Every query filters by the user. Histories are read with ``iterator(chunk_size=...)`` so an
export of years of entries never holds them all in memory at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from accounts.models import User
from compersion.lib.export import Record, iso
from journal.models import GratitudeItem
from people import export as people_export
from privacy import schema
from privacy.importers.formats import Parsed
from privacy.models import ImportPreview

# Section name → its records, in the document's order. "settings" is one object, not a list.
EXPORTERS: dict[str, Callable[..., Iterator[Record]]] = {
    **people_export.EXPORTERS,
    **{name: rows for part in schema.RECORDS_PARTS for name, rows in part.EXPORTERS.items()},
}


def settings_record(*, user: User) -> Record:
    """The ``settings`` object: each app's preferences, in order."""
    return {
        name: value
        for part in schema.SETTINGS_PARTS
        for name, value in part.settings_record(user=user).items()
    }


def export_header(*, now: datetime | None = None) -> Record:
    return {
        "format": schema.FORMAT,
        "version": schema.SCHEMA_VERSION,
        "exported_at": iso(now or timezone.now()),
    }


def export_document(*, user: User, now: datetime | None = None) -> Record:
    """The whole export in memory: for tests and small accounts. Views stream ``export_json_chunks``."""
    keys = people_export.person_keys(user=user)
    document = export_header(now=now)
    document["settings"] = settings_record(user=user)
    for name, records in EXPORTERS.items():
        document[name] = list(records(user=user, keys=keys))
    return document


# --- Importing from other apps ------------------------------------------------------------


def import_preview_for(*, user: User) -> ImportPreview | None:
    """The user's file from another app, waiting, importing or done; None when there is none."""
    return ImportPreview.objects.filter(owner=user).first()


def gratitude_texts_on(*, user: User, dates: set[date]) -> dict[date, list[str]]:
    """The texts of the gratitude items already on each of ``dates``."""
    texts: dict[date, list[str]] = defaultdict(list)
    rows = GratitudeItem.objects.filter(owner=user, local_date__in=dates).values_list("local_date", "text")
    for local_date, text in rows:
        texts[local_date].append(text)
    return texts


@dataclass(frozen=True)
class MonthCount:
    month: date
    checkins: int
    gratitude_days: int
    gratitude_items: int


def import_months(parsed: Parsed) -> list[MonthCount]:
    """What the file holds, per month, oldest first."""
    checkins: Counter[date] = Counter()
    days: Counter[date] = Counter()
    items: Counter[date] = Counter()
    for row in parsed.checkins:
        checkins[date.fromisoformat(row.local_date).replace(day=1)] += 1
    for grateful in parsed.gratitude:
        month = date.fromisoformat(grateful.local_date).replace(day=1)
        days[month] += 1
        items[month] += len(grateful.items)
    return [
        MonthCount(month, checkins[month], days[month], items[month]) for month in sorted({*checkins, *days})
    ]
