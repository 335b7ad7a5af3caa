"""Reading everything a user owns, as export records: each app's ``export.py`` reads its own
records; this puts them together in the document's order (``schema.SECTIONS``).

Every query filters by the user. Histories are read with ``iterator(chunk_size=...)`` so an
export of years of entries never holds them all in memory at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from django.utils import timezone

from accounts.models import User
from compersion.lib.export import Record, iso
from people import export as people_export
from privacy import schema

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
