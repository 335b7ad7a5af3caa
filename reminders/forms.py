from __future__ import annotations

from django import forms

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
    # Feelings keeps the needs check-in day; the reminder follows it.
    needs = forms.BooleanField(label="A weekly needs check-in, on your needs day in Feelings", required=False)

    @classmethod
    def initial_for(cls, rows: dict[str, ReminderSchedule]) -> dict[str, object]:
        return {
            "daily": rows[ReminderKind.DAILY].enabled,
            "last_chance": rows[ReminderKind.LAST_CHANCE].enabled,
            "last_chance_hours": rows[ReminderKind.LAST_CHANCE].hours_before_end,
            "kindness": rows[ReminderKind.KINDNESS].enabled,
            "kindness_weekday": rows[ReminderKind.KINDNESS].weekday,
            "needs": rows[ReminderKind.NEEDS].enabled,
        }

    def preferences(self) -> dict[str, KindPreference]:
        data = self.cleaned_data
        return {
            ReminderKind.DAILY: KindPreference(enabled=data["daily"]),
            ReminderKind.LAST_CHANCE: KindPreference(
                enabled=data["last_chance"], hours_before_end=data["last_chance_hours"]
            ),
            ReminderKind.KINDNESS: KindPreference(enabled=data["kindness"], weekday=data["kindness_weekday"]),
            ReminderKind.NEEDS: KindPreference(enabled=data["needs"]),
        }
