from __future__ import annotations

from typing import Any

from django import template

from accounts.forms import IdleTimeoutForm
from accounts.selectors import two_factor_enabled

register = template.Library()


@register.inclusion_tag("accounts/includes/security_card.html", takes_context=True)
def security_settings(context: template.Context) -> dict[str, Any]:
    """Sessions and two-factor on /settings/, without the settings view having to know about them."""
    user = context["request"].user
    return {
        "idle_form": IdleTimeoutForm(instance=user),
        "two_factor_on": two_factor_enabled(user=user),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
