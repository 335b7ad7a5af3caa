from __future__ import annotations

from django import template

from accounts.selectors import user_local_today
from feelings import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def feelings_today_card(context: template.Context) -> selectors.TodayCard:
    """The Today card's data, so Today needs only an include whichever view renders it."""
    request = context["request"]
    local_date = context.get("local_today") or user_local_today(user=request.user)
    card: selectors.TodayCard = selectors.today_card_context(user=request.user, local_date=local_date)[
        "feelings_card"
    ]
    return card
