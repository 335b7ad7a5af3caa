"""The account's part of an export: its preferences in ``settings`` (never the email address,
password or two-factor secrets, so a file can go into any account and never carries a way in).
"""

from __future__ import annotations

from datetime import time
from typing import Any

from accounts.models import IdleTimeout, ReminderChannel, ReminderKind, ReminderSchedule, User
from accounts.services import (
    KindPreference,
    reminder_preferences_update,
    user_idle_timeout_set,
    user_preferences_update,
)
from compersion.lib import clock
from compersion.lib.export import BOOLEAN, Record, choice, integer, label, record, text

# An IANA zone name; the checks below hold it to the zones the settings page offers.
ZONE = text(64, min_length=1)

SETTINGS: dict[str, Any] = {
    "display_name": text(80),
    "time_zone": ZONE,
    "day_start_hour": integer(min(clock.DAY_START_HOURS), max(clock.DAY_START_HOURS)),
    "reminder_time": {"type": "string", "format": "time"},
    "reminders_enabled": BOOLEAN,
    # From version 2. Push goes to this server's devices, which are never in a file: an account
    # on push with no device here gets its reminders by email until a device subscribes.
    "reminder_channel": choice(ReminderChannel.values),
    "idle_timeout_minutes": {"type": "integer", "enum": IdleTimeout.values},
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
# Settings that files of an earlier version lack; importing one leaves them as they are.
OPTIONAL_SETTINGS = frozenset({"reminder_channel"})


def settings_record(*, user: User) -> Record:
    return {
        "display_name": user.display_name,
        "time_zone": user.time_zone,
        "day_start_hour": user.day_start_hour,
        "reminder_time": user.reminder_time.strftime("%H:%M"),
        "reminders_enabled": user.reminders_enabled,
        "reminder_channel": user.reminder_channel,
        "idle_timeout_minutes": user.idle_timeout_minutes,
        # The schedule's next fire times are derived rows: never in the file, recomputed on import.
        "reminders": [
            {
                "kind": r.kind,
                "enabled": r.enabled,
                "hours_before_end": r.hours_before_end,
                "weekday": r.weekday,
            }
            for r in ReminderSchedule.objects.filter(user=user).order_by("kind")
        ],
    }


def settings_problems(*, settings: Record) -> list[str]:
    """What the schema cannot say about the account's part of ``settings``."""
    zone = settings["time_zone"]
    return [] if clock.is_zone_name(zone) else [f"settings: {zone!r} is not a time zone we know"]


def zone_problems(section: dict[str, Any], records: list[Record]) -> list[str]:
    """A sentence for each record of ``section`` whose ``time_zone`` is not one the settings
    page offers."""
    return [
        f"{label(section, index)}: {item['time_zone']!r} is not a time zone we know"
        for index, item in enumerate(records)
        if not clock.is_zone_name(item["time_zone"])
    ]


def settings_import(*, user: User, settings: Record) -> None:
    user_preferences_update(
        user=user,
        display_name=settings["display_name"],
        time_zone=settings["time_zone"],
        day_start_hour=settings["day_start_hour"],
        reminder_time=time.fromisoformat(settings["reminder_time"]),
        reminders_enabled=settings["reminders_enabled"],
        reminder_channel=settings.get("reminder_channel"),
    )
    user_idle_timeout_set(user=user, minutes=settings["idle_timeout_minutes"])
    # After the zone and day start above: every next fire time is recomputed from them.
    reminder_preferences_update(
        user=user,
        preferences={
            r["kind"]: KindPreference(
                enabled=r["enabled"], hours_before_end=r["hours_before_end"], weekday=r["weekday"]
            )
            for r in settings["reminders"]
        },
    )
