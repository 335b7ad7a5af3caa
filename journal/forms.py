from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from compersion.lib import clock
from compersion.lib.submissions import submission_token_field
from journal.models import DAILY_ITEMS, ITEM_MAX_LENGTH, GratitudeItem
from people.models import Person


class ItemForm(forms.Form):
    """One gratitude slot. ``people`` are the user's own active people, looked up once per page."""

    text = forms.CharField(
        label="What are you grateful for?",
        max_length=ITEM_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write a few words first; even one small, specific thing is enough."},
    )
    people = forms.TypedMultipleChoiceField(
        label="Who is it about?", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    relational = forms.BooleanField(label="This is about a relationship", required=False)
    submission_token = submission_token_field()

    def __init__(
        self, *args: Any, people: list[Person], slot: int, item_id: int | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", f"slot{slot}")
        super().__init__(*args, **kwargs)
        self.slot = slot
        self.item_id = item_id  # the item this form edits; None for a new one
        self.fields["text"].label = f"Good thing {slot} of {DAILY_ITEMS}"
        self._people = {person.pk: person for person in people}
        if people:
            self.fields["people"].choices = [(person.pk, person.name) for person in people]  # type: ignore[attr-defined]
        else:
            del self.fields["people"]

    @classmethod
    def for_item(cls, item: GratitudeItem, *, people: list[Person]) -> ItemForm:
        linked = [person.pk for person in item.people.all()]
        # An archived person stays linked to old items; keep them choosable on this item.
        extra = [person for person in item.people.all() if person.pk not in {p.pk for p in people}]
        initial = {"text": item.text, "relational": item.relational, "people": linked}
        return cls(initial=initial, people=people + extra, slot=item.position, item_id=item.pk)

    @property
    def people_options(self) -> list[dict[str, Any]]:
        """The people checkboxes as Django's widget hands them to its template (value, label,
        selected), for journal/includes/item_form.html, which writes the inputs itself."""
        if "people" not in self.fields:
            return []
        field = self["people"]
        widget = field.field.widget
        groups = widget.optgroups(field.html_name, widget.format_value(field.value()), {})
        return [option for _group, options, _index in groups for option in options]

    def chosen_people(self) -> list[Person]:
        return [self._people[pk] for pk in self.cleaned_data.get("people", [])]


def slot_from(data: Any) -> int | None:
    try:
        slot = int(data.get("slot", ""))
    except (TypeError, ValueError):
        return None
    return slot if 1 <= slot <= DAILY_ITEMS else None


class DayJumpForm(forms.Form):
    """The journal's "open a day": a GET form whose one field is the ``date`` in the query string
    (an ``<input type="date">``, which sends ``yyyy-mm-dd`` with or without JavaScript)."""

    date = forms.DateField(
        label="Open a day",
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "Pick a day to open.",
            "invalid": "That isn't a date we can read. Pick one from the calendar, or type it as 2026-03-03.",
        },
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        refusal = clock.day_refusal(day, today=self.today)
        if refusal is not None:
            raise ValidationError(refusal)
        return day


# Browsers count time in milliseconds since 1970; a note's moment must fall between the
# journal's first day and a little past now (a device's clock can run slightly fast).
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class OfflineNoteForm(forms.Form):
    """One good thing written on the offline page and kept in the browser until now
    (journal/app_shell.py): its words, the moment it was written, and its own token, so a
    note sent twice (a lost answer, two tabs) is added once."""

    text = forms.CharField(
        max_length=ITEM_MAX_LENGTH,
        error_messages={"required": "The note was empty."},
    )
    written_at = forms.IntegerField(min_value=0, max_value=10**14)
    submission_token = forms.UUIDField()

    def written(self) -> datetime.datetime:
        return _EPOCH + datetime.timedelta(milliseconds=self.cleaned_data["written_at"])
