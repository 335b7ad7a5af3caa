from __future__ import annotations

from typing import Any

from django import forms

from compersion.lib.submissions import submission_token_field
from people.models import PersonKind

NAME_MAX = 80
LABEL_MAX = 40
NOTES_MAX = 5000


class PersonForm(forms.Form):
    name = forms.CharField(
        label="Name or pseudonym",
        max_length=NAME_MAX,
        error_messages={
            "required": "Please give them a name. A nickname or pseudonym is fine.",
            "max_length": "Names can be up to 80 characters; this one has %(show_value)d.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label="Relationship",
        choices=PersonKind.choices,
        initial=PersonKind.FRIEND,
        error_messages={"invalid_choice": "Pick one of the relationships in the list."},
    )
    kind_label = forms.CharField(
        label="Your own word for it (optional)",
        max_length=LABEL_MAX,
        required=False,
        help_text="Shown instead of the relationship, for example “anchor partner” or “comet”.",
        error_messages={
            "max_length": "Keep your own word to 40 characters or fewer; this one has %(show_value)d.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    notes = forms.CharField(
        label="Private notes (optional)",
        required=False,
        help_text="Only you can read these: what they love, what they're going through, "
        "how they like to be cared for.",
        max_length=NOTES_MAX,
        error_messages={
            "max_length": "Notes can be up to 5,000 characters; these have %(show_value)d. "
            "Everything you typed is still here, so you can trim it.",
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A browser maxlength would silently cut pasted notes short; the server says so instead.
        if "notes" in self.fields:
            self.fields["notes"].widget.attrs.pop("maxlength", None)


class PersonAddForm(PersonForm):
    """The quick form on the people page; notes can wait for the person's own page."""

    notes = None  # type: ignore[assignment]
    submission_token = submission_token_field()
