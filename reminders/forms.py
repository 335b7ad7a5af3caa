from __future__ import annotations

from typing import Any

from django import forms

from reminders import practice
from reminders.models import ReminderKind, ReminderSchedule, Weekday
from reminders.services import KindPreference

HOURS_CHOICES = [
    (hours, f"{hours} hour{'s' if hours > 1 else ''} before my day ends") for hours in range(1, 7)
]


class ReminderPreferencesForm(forms.Form):
    daily = forms.BooleanField(label="Daily gratitude reminder, at my reminder time", required=False)
    last_chance = forms.BooleanField(label="A last-chance note while my streak is still open", required=False)
    last_chance_hours = forms.TypedChoiceField(
        label="Send the last-chance note", choices=HOURS_CHOICES, coerce=int, initial=2
    )
    kindness = forms.BooleanField(
        label="A weekly kindness nudge, if the week's target isn't met", required=False
    )
    kindness_weekday = forms.TypedChoiceField(
        label="Kindness nudge on", choices=Weekday.choices, coerce=int, initial=Weekday.WEDNESDAY
    )
    needs = forms.BooleanField(label="A weekly needs check-in", required=False)
    needs_weekday = forms.TypedChoiceField(
        label="Needs check-in on", choices=Weekday.choices, coerce=int, initial=Weekday.SUNDAY
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if practice.needs_weekday_owned_by_feelings():
            # Feelings keeps the needs check-in day; the reminder follows it.
            del self.fields["needs_weekday"]
            self.fields["needs"].label = "A weekly needs check-in, on your needs day in Feelings"

    @classmethod
    def initial_for(cls, rows: dict[str, ReminderSchedule]) -> dict[str, object]:
        return {
            "daily": rows[ReminderKind.DAILY].enabled,
            "last_chance": rows[ReminderKind.LAST_CHANCE].enabled,
            "last_chance_hours": rows[ReminderKind.LAST_CHANCE].hours_before_end,
            "kindness": rows[ReminderKind.KINDNESS].enabled,
            "kindness_weekday": rows[ReminderKind.KINDNESS].weekday,
            "needs": rows[ReminderKind.NEEDS].enabled,
            "needs_weekday": rows[ReminderKind.NEEDS].weekday,
        }

    def preferences(self) -> dict[str, KindPreference]:
        data = self.cleaned_data
        return {
            ReminderKind.DAILY: KindPreference(enabled=data["daily"]),
            ReminderKind.LAST_CHANCE: KindPreference(
                enabled=data["last_chance"], hours_before_end=data["last_chance_hours"]
            ),
            ReminderKind.KINDNESS: KindPreference(enabled=data["kindness"], weekday=data["kindness_weekday"]),
            ReminderKind.NEEDS: KindPreference(
                enabled=data["needs"], weekday=data.get("needs_weekday", Weekday.SUNDAY)
            ),
        }
