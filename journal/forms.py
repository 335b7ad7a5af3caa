from __future__ import annotations

import html
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe

from accounts.submissions import submission_token_field
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

    def __init__(self, *args: Any, people: list[Person], slot: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"slot{slot}")
        super().__init__(*args, **kwargs)
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
        return cls(initial=initial, people=people + extra, slot=item.position)

    def unbound_html(self) -> SafeString:
        """What ``includes/form_fields.html`` renders for this form before it is submitted,
        byte for byte (tests/perf/test_item_form_html.py compares them), written directly:
        Today shows five of these, and Django's field and widget machinery was about a fifth
        of the page's time. A submitted form, with its errors, goes through the template."""
        if self.is_bound:
            raise ValueError("a submitted form is rendered by includes/form_fields.html")
        prefix = self.add_prefix
        text = self.initial.get("text") or ""
        token, token_value = prefix("submission_token"), _esc(self["submission_token"].value())
        parts = [
            f'\n<input type="hidden" name="{token}" value="{token_value}" id="id_{token}">\n\n',
            _field(
                "",
                f'<label for="id_{prefix("text")}">{_esc(self.fields["text"].label)}:</label>\n\n\n\n'
                f'<textarea name="{prefix("text")}" cols="40" rows="2" maxlength="{ITEM_MAX_LENGTH}" '
                f'required id="id_{prefix("text")}">\n{_esc(text)}</textarea>',
            ),
        ]
        if "people" in self.fields:
            parts.append(_field("", self._people_html()))
        checked = " checked" if self.initial.get("relational") else ""
        parts.append(
            _field(
                " field-checkbox",
                f'<label for="id_{prefix("relational")}">{_esc(self.fields["relational"].label)}:</label>'
                f'\n\n\n\n<input type="checkbox" name="{prefix("relational")}" id="id_{prefix("relational")}"'
                f"{checked}>",
            )
        )
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped

    def _people_html(self) -> str:
        name = self.add_prefix("people")
        chosen = {str(pk) for pk in self.initial.get("people", [])}
        options = []
        for index, (pk, label) in enumerate(self.fields["people"].choices):  # type: ignore[attr-defined]
            checked = " checked" if str(pk) in chosen else ""
            options.append(
                f'<div>\n    <label for="id_{name}_{index}"><input type="checkbox" name="{name}" '
                f'value="{_esc(pk)}" id="id_{name}_{index}"{checked}>\n {_esc(label)}</label>\n\n</div>'
            )
        legend = f"<fieldset>\n  <legend>{_esc(self.fields['people'].label)}</legend>\n\n\n\n"
        return f'{legend}<div id="id_{name}">{"".join(options)}\n</div></fieldset>'

    def chosen_people(self) -> list[Person]:
        return [self._people[pk] for pk in self.cleaned_data.get("people", [])]


def _esc(value: object) -> str:
    # What Django's escape does (the standard library's), without its lazy-text wrapper.
    return html.escape(str(value))


def _field(css: str, inner: str) -> str:
    return f'  <div class="field{css}" data-hx-disable>\n    {inner}\n  </div>\n\n'


def slot_from(data: Any) -> int | None:
    try:
        slot = int(data.get("slot", ""))
    except (TypeError, ValueError):
        return None
    return slot if 1 <= slot <= DAILY_ITEMS else None
