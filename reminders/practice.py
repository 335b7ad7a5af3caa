"""The one place reminders touch the practices (journal, kindness, feelings).

Imports are lazy and tolerant: the practices are built alongside reminders, and
until one lands its reminder falls back to the cautious answer (send the daily
reminder, skip nudges we cannot judge) instead of failing the whole batch.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps

from accounts.models import User

DEFAULT_PROMPT = "Who made your day a little lighter today, and how?"


def _function(module: str, name: str) -> Any | None:
    if not apps.is_installed(module.split(".", 1)[0]):
        return None
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def day_complete(*, user: User, local_date: date) -> bool:
    """Are the day's five gratitude items done? Unknown counts as not done."""
    check = _function("journal.selectors", "day_complete")
    if check is not None:
        return bool(check(user=user, local_date=local_date))
    # Until journal offers day_complete: the streak summary knows the day's status.
    summary_for = _function("journal.selectors", "streak_summary_for")
    if summary_for is None:
        return False
    status = summary_for(user=user, today=local_date).today_status
    return str(status) in {"on_time", "late"}


@dataclass(frozen=True)
class JournalDay:
    complete: bool
    streak: int | None  # the current perfect run; None while the journal cannot tell


def journal_day(*, user: User, local_date: date) -> JournalDay:
    """The day's completion and the current streak, from one streak summary."""
    summary_for = _function("journal.selectors", "streak_summary_for")
    check = _function("journal.selectors", "day_complete")
    if summary_for is None:
        complete = bool(check(user=user, local_date=local_date)) if check else False
        return JournalDay(complete=complete, streak=None)
    summary = summary_for(user=user, today=local_date)
    if check is not None:
        complete = bool(check(user=user, local_date=local_date))
    else:
        complete = str(summary.today_status) in {"on_time", "late"}
    return JournalDay(complete=complete, streak=int(summary.current))


def streak_current(*, user: User, today: date) -> int | None:
    """The current perfect streak in days, or None while the journal cannot tell."""
    summary_for = _function("journal.selectors", "streak_summary_for")
    if summary_for is None:
        return None
    return int(summary_for(user=user, today=today).current)


def prompt_for(*, user: User, local_date: date) -> str:
    prompt = _function("journal.prompts", "prompt_for")
    return str(prompt(user_id=user.pk, local_date=local_date)) if prompt else DEFAULT_PROMPT


def kindness_target_met(*, user: User, local_date: date) -> bool | None:
    """Has this week's kindness target been met? None while kindness cannot tell."""
    progress_for = _function("kindness.selectors", "week_progress")
    if progress_for is None:
        return None
    done, target = progress_for(user=user, local_date=local_date)
    return bool(done >= target)


def needs_checkin_due(*, user: User, local_date: date) -> bool | None:
    """Is a needs check-in still due on this day? None while feelings cannot tell."""
    check = _function("feelings.selectors", "needs_checkin_due")
    return bool(check(user=user, local_date=local_date)) if check else None


def needs_weekday(*, user: User) -> int | None:
    """The weekday feelings keeps for the needs check-in; it owns that choice when present."""
    weekday = _function("feelings.selectors", "needs_weekday")
    return int(weekday(user=user)) if weekday else None


def needs_weekday_owned_by_feelings() -> bool:
    return _function("feelings.selectors", "needs_weekday") is not None
