from __future__ import annotations

from typing import Any

from django import template

from feelings import selectors

register = template.Library()


@register.inclusion_tag("feelings/includes/metamour.html", takes_context=True)
def feelings_person_section(context: template.Context, person: Any) -> dict[str, Any]:
    """The feelings section of a person page; a metamour also gets "getting to know them"."""
    request = context["request"]
    return {
        "person": person,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "next_page": "person",
        **selectors.person_section_context(user=request.user, person=person),
    }
