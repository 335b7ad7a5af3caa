"""Fast row writing for the demo seeders (``seed_demo``): PostgreSQL ``COPY``.

Rows go straight to the tables, below the model fields, so a seeder must hand over what the
fields would have stored: encrypted text (``compersion.lib.encryption.encrypt``), naive-UTC
instants as text, ids it reserved with ``ids_reserve``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection


def utc_text(instant: datetime) -> str:
    """An instant as PostgreSQL reads it; formatting once beats the adapters' per-row work."""
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def ids_reserve(table: str, count: int) -> int:
    """The first of ``count`` consecutive ids in ``table`` nobody else can take (inside a transaction)."""
    with connection.cursor() as cursor:
        # Another writer could take ids between nextval and setval; the lock makes
        # them wait until this transaction ends, so the whole range is ours.
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")  # noqa: S608
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s)",
            [table, table, max(count - 1, 0)],
        )
        last = cursor.fetchone()[0]
        return int(last) - max(count - 1, 0)


def rows_write(table: str, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        names = ", ".join(columns)
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


# Where the demo histories plant what insights (issue #16) has to find: a first 22-day perfect
# run with a change in feelings after it, and a first note about each metamour. The journal and
# feelings seeders both ask here, so the two practices' histories agree.
DEMO_RUN_DAYS = 22


def demo_run_start(*, today: date, days: int) -> date | None:
    """The first day of the demo's planted 22-day perfect run, or None for a short history."""
    return today - timedelta(days=days // 2) if days >= 50 else None


def demo_first_note(*, today: date, days: int) -> date | None:
    """The day the demo user first notes something learned about each metamour."""
    return today - timedelta(days=days // 4) if days >= 60 else None
