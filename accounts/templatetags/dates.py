"""How every page shows a date: the one place that decides whether the year is said."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import dateformat, timezone

from accounts.selectors import user_local_today

register = template.Library()


def date_format_for(day: date, *, fmt: str, this_year: int) -> str:
    """``fmt`` as it is, for a day in the user's current local year; with the year after it otherwise."""
    return fmt if day.year == this_year else f"{fmt} Y"


@register.simple_tag(takes_context=True)
def shown_date(context: template.Context, value: date | datetime | None, fmt: str = "j F") -> str:
    """``value`` in ``fmt`` ("l j F", "j M" …), plus the year when it is not this year.

    "This year" is the signed-in user's local year (their zone and day-start hour), so on the
    night of 31 December in Auckland last year's dates already say their year. An instant is
    shown as the user's wall-clock date. Reads the user already on the request: no query.
    """
    if value is None:
        return ""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        this_year = user_local_today(user=user).year
        if isinstance(value, datetime):
            value = value.astimezone(user.tz)
    else:
        this_year = timezone.now().year
    day = value.date() if isinstance(value, datetime) else value
    return dateformat.format(value, date_format_for(day, fmt=fmt, this_year=this_year))
