from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django import forms
from django.http import QueryDict

from compersion.lib.clock import EARLIEST_DAY
from compersion.lib.submissions import submission_token_field
from kindness import rules
from kindness.models import (
    WEEKLY_TARGET_MAX,
    WEEKLY_TARGET_MIN,
    Category,
    Cost,
    Effort,
    KindnessAct,
    KindnessIdea,
    RecipientKind,
    Setting,
)
from people.models import Person

UNTOLD_LINE = (
    "Keep it to yourself. A kindness nobody hears about keeps coming back to you, "
    "quietly, and that is where its warmth lasts."
)


def date_label(day: date, *, today: date) -> str:
    if day == today:
        return f"Today ({day:%a} {day.day} {day:%b})"
    if day == today - timedelta(days=1):
        return f"Yesterday ({day:%a} {day.day} {day:%b})"
    return f"{day:%A} {day.day} {day:%B}"


class ActForm(forms.Form):
    """Log an act. ``recipient`` is ``person:<id>`` for one of the user's people or ``kind:<kind>``."""

    text = forms.CharField(
        label="What did you do?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=UNTOLD_LINE,
    )
    recipient = forms.ChoiceField(label="Who was it for?")
    category = forms.ChoiceField(label="What kind of kindness?", choices=Category.choices)
    effort = forms.ChoiceField(label="Effort", choices=Effort.choices, initial=Effort.SMALL)
    local_date = forms.ChoiceField(label="Which day does it count for?")
    reflection = forms.CharField(
        label="A private reflection (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How did it feel? Only you will ever read this.",
    )
    idea = forms.IntegerField(required=False, widget=forms.HiddenInput)
    submission_token = submission_token_field()
    prefix = "kindness"

    def __init__(self, *args: Any, people: Sequence[Person], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people_by_key = {f"person:{person.pk}": person for person in people}
        kinds = [(f"kind:{value}", label) for value, label in RecipientKind.choices]
        choices: list[Any] = [("", "Choose someone")]
        if people:
            choices.append(
                ("Your people", [(key, person.name) for key, person in self.people_by_key.items()])
            )
            choices.append(("Someone else", kinds))
        else:
            choices.extend(kinds)
        self.fields["recipient"].choices = choices  # type: ignore[attr-defined]
        self.fields["local_date"].choices = [  # type: ignore[attr-defined]
            (day.isoformat(), date_label(day, today=today)) for day in rules.allowed_local_dates(today)
        ]
        self.fields["local_date"].initial = today.isoformat()

    def options(self, name: str) -> list[tuple[str | None, list[dict[str, Any]], int]]:
        """A select's groups and options, as Django's widget hands them to its own template,
        for a template that writes the select itself (Today's quick form)."""
        field = self[name]
        widget = field.field.widget
        return widget.optgroups(field.html_name, widget.format_value(field.value()), {})

    @property
    def recipient_options(self) -> list[tuple[str | None, list[dict[str, Any]], int]]:
        return self.options("recipient")

    @property
    def category_options(self) -> list[tuple[str | None, list[dict[str, Any]], int]]:
        return self.options("category")

    def clean_local_date(self) -> date:
        return date.fromisoformat(self.cleaned_data["local_date"])

    def recipient_parts(self) -> tuple[Person | None, str | None]:
        """The chosen person, or the chosen kind of recipient."""
        key = self.cleaned_data["recipient"]
        if key in self.people_by_key:
            return self.people_by_key[key], None
        return None, key.removeprefix("kind:")

    @classmethod
    def initial_from_idea(cls, idea: KindnessIdea) -> dict[str, object]:
        return {
            "text": idea.text,
            "category": idea.category,
            "effort": idea.effort,
            "recipient": f"kind:{idea.recipient_kind}",
            "idea": idea.pk,
        }


class ActEditForm(ActForm):
    """Change a logged act: any day from 1900 to today, not only the last week (an old act's
    day may need correcting too); the idea it came from and whether it was told stay as they are."""

    def __init__(
        self, *args: Any, act: KindnessAct, people: Sequence[Person], today: date, **kwargs: Any
    ) -> None:
        # An act for someone since archived keeps them as a choice, or saving would lose them.
        if act.person is not None and act.person not in people:
            people = [*people, act.person]
        kwargs.setdefault("initial", self.initial_from_act(act))
        super().__init__(*args, people=people, today=today, **kwargs)
        self.today = today
        del self.fields["idea"], self.fields["submission_token"]
        self.fields["local_date"] = forms.DateField(
            label="Which day does it count for?",
            widget=forms.DateInput(
                format="%Y-%m-%d",
                attrs={"type": "date", "min": EARLIEST_DAY.isoformat(), "max": today.isoformat()},
            ),
        )

    @staticmethod
    def initial_from_act(act: KindnessAct) -> dict[str, object]:
        recipient = f"person:{act.person_id}" if act.person_id else f"kind:{act.recipient_kind}"
        return {
            "text": act.text,
            "recipient": recipient,
            "category": act.category,
            "effort": act.effort,
            "local_date": act.local_date,
            "reflection": act.reflection,
        }

    def clean_local_date(self) -> date:
        day: date = self.cleaned_data["local_date"]
        if day > self.today:
            raise forms.ValidationError("That day has not happened yet; choose today or an earlier day.")
        if day < EARLIEST_DAY:
            raise forms.ValidationError("Choose a day from 1900 on.")
        return day


class TargetForm(forms.Form):
    weekly_target = forms.TypedChoiceField(
        label="Acts a week",
        coerce=int,
        choices=[(n, str(n)) for n in range(WEEKLY_TARGET_MIN, WEEKLY_TARGET_MAX + 1)],
        help_text="Roughly one a week is plenty. Weeks run Monday to Sunday in your time zone.",
    )


class IdeaForm(forms.ModelForm):
    submission_token = submission_token_field()

    class Meta:
        model = KindnessIdea
        fields = ["text", "category", "recipient_kind", "effort", "cost", "setting"]
        labels = {"text": "Your idea", "recipient_kind": "Who it is for"}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"text": "Private: only you will see the ideas you add."}

    @staticmethod
    def initial_from_filters(filters: dict[str, str]) -> dict[str, str]:
        """A new idea's starting choices: what the user is filtering by, else at home."""
        fields = ("category", "recipient_kind", "effort", "cost", "setting")
        return {"setting": Setting.HOME, **{name: filters[name] for name in fields if filters.get(name)}}


def _blank(label: str, choices: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", label), *choices]


class IdeaFilterForm(forms.Form):
    category = forms.ChoiceField(required=False, choices=_blank("Any kind", Category.choices))
    recipient_kind = forms.ChoiceField(
        label="For", required=False, choices=_blank("Anyone", RecipientKind.choices)
    )
    effort = forms.ChoiceField(required=False, choices=_blank("Any effort", Effort.choices))
    cost = forms.ChoiceField(required=False, choices=_blank("Any cost", Cost.choices))
    setting = forms.ChoiceField(label="Where", required=False, choices=_blank("Anywhere", Setting.choices))
    mine = forms.BooleanField(label="Only my own ideas", required=False)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {name: str(value) for name, value in self.cleaned_data.items() if value}

    def query(self) -> QueryDict:
        """The filters in use as this form submits them (a ticked box sends "on"), for links
        that keep them. Built from the validated values only, so whatever else was typed into
        the address bar is never echoed into a link."""
        query = QueryDict(mutable=True)
        for name, value in self.filters().items():
            query[name] = "on" if isinstance(self.fields[name], forms.BooleanField) else value
        return query
