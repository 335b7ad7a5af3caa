from __future__ import annotations

from typing import Any

from django import template

from reminders.forms import ReminderPreferencesForm
from reminders.selectors import reminder_schedules_for

register = template.Library()


@register.inclusion_tag("reminders/preferences_form.html", takes_context=True)
def reminder_preferences(context: template.Context) -> dict[str, Any]:
    """The reminder choices on /settings/, without the settings view having to know about them."""
    user = context["request"].user
    rows = reminder_schedules_for(user=user)
    form = ReminderPreferencesForm(initial=ReminderPreferencesForm.initial_for(rows))
    return {"reminder_form": form, "request": context["request"], "csrf_token": context.get("csrf_token")}
