"""Reminders in an export: each kind's preference in ``settings``. The next fire times and the
delivery ledger are derived rows: never in the file, recomputed on import.
"""

from __future__ import annotations

from typing import Any

from accounts.models import User
from compersion.lib.export import BOOLEAN, Record, choice, integer, record
from reminders.models import ReminderKind, ReminderSchedule
from reminders.services import KindPreference, reminder_preferences_update

SETTINGS: dict[str, Any] = {
    "reminders": {
        "type": "array",
        "x-label": "reminder",
        "items": record(
            {
                "kind": choice(ReminderKind.values),
                "enabled": BOOLEAN,
                "hours_before_end": integer(1, 12),
                "weekday": integer(0, 6),
            },
            "One reminder preference; the next fire time is recomputed on import.",
        ),
    },
}


def settings_record(*, user: User) -> Record:
    schedules = ReminderSchedule.objects.filter(user=user).order_by("kind")
    return {
        "reminders": [
            {
                "kind": r.kind,
                "enabled": r.enabled,
                "hours_before_end": r.hours_before_end,
                "weekday": r.weekday,
            }
            for r in schedules
        ]
    }


def settings_import(*, user: User, settings: Record) -> None:
    # Recomputes every next fire time from the preferences just stored (the account's zone
    # and day start included, so this runs after the account's own settings).
    reminder_preferences_update(
        user=user,
        preferences={
            r["kind"]: KindPreference(
                enabled=r["enabled"], hours_before_end=r["hours_before_end"], weekday=r["weekday"]
            )
            for r in settings["reminders"]
        },
    )
