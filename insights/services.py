"""Changing insights' own state: the monthly WHO-5 answers."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_local_today
from insights.models import WellbeingCheckIn
from insights.stats import month_start

ANSWER_FIELDS = ("cheerful", "calm", "active", "rested", "interested")


def wellbeing_checkin_save(*, user: User, answers: Sequence[int]) -> WellbeingCheckIn:
    """This local month's WHO-5 answers: new, or replacing the month's earlier answers."""
    if len(answers) != len(ANSWER_FIELDS) or any(not 0 <= a <= 5 for a in answers):
        raise ValueError("WHO-5 takes five answers from 0 to 5")
    today = user_local_today(user=user)
    # Two tabs sending at once meet the (owner, month) unique index; update_or_create retries
    # the lookup after the losing insert, so one row holds the last answers sent.
    checkin, _ = WellbeingCheckIn.objects.update_or_create(
        owner=user,
        month=month_start(today),
        defaults={
            **dict(zip(ANSWER_FIELDS, answers, strict=True)),
            "local_date": today,
            "time_zone": user.time_zone,
            "created_at": timezone.now(),
        },
    )
    return checkin
