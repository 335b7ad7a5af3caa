from __future__ import annotations

from django import forms

from insights.models import WHO5_ANSWERS, WHO5_ITEMS
from insights.services import ANSWER_FIELDS


class WellbeingForm(forms.Form):
    """The five WHO-5 statements, each answered from "All of the time" (5) to "At no time" (0)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, statement in zip(ANSWER_FIELDS, WHO5_ITEMS, strict=True):
            self.fields[name] = forms.TypedChoiceField(
                label=statement,
                choices=WHO5_ANSWERS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose how much of the time, for this one too."},
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[name] for name in ANSWER_FIELDS]
