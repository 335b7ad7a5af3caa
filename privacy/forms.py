from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from accounts.forms import PasswordConfirmForm, ZoneField
from accounts.models import User
from feelings.selectors import feelings_for_user, feelings_grouped
from people.selectors import people_for_user
from privacy import schema
from privacy.importers import FileProblem, read_export
from privacy.importers.document import Choices
from privacy.importers.formats import DAYLIO, FEELING_NAME_MAX, Parsed

# settings.IMPORT_MAX_BYTES, also the cap on the request body (compersion.lib.middleware).
MAX_IMPORT_BYTES: int = settings.IMPORT_MAX_BYTES
MAX_IMPORT_MEGABYTES = MAX_IMPORT_BYTES // (1024 * 1024)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your export file",
        help_text=f"The .json file from “Download everything”. Up to {MAX_IMPORT_MEGABYTES} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    document: Any = None

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"That file is larger than {MAX_IMPORT_MEGABYTES} MB, so we can't take it in one go."
            )
        try:
            # Integers too long to convert come back as schema.HugeNumber, named by validation.
            self.document = json.load(upload, parse_int=schema.parse_int)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise forms.ValidationError(
                "This file isn't a Compersion export we can read. Choose the .json file, not the ZIP."
            ) from None
        return upload


class DeleteAccountForm(PasswordConfirmForm):
    mismatch_message = "That password doesn't match. Nothing has been deleted."

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["password"].help_text = "So we know it's really you."


class AppImportForm(forms.Form):
    """A CSV export of How We Feel, Daylio or Presently, read on upload (nothing is written)."""

    file = forms.FileField(
        label="Your export from another app",
        help_text=f"A .csv file from How We Feel, Daylio or Presently. Up to {MAX_IMPORT_MEGABYTES} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    parsed: Parsed | None = None

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"That file is larger than {MAX_IMPORT_MEGABYTES} MB, so we can't take it in one go."
            )
        try:
            self.parsed = read_export(upload.read(MAX_IMPORT_BYTES + 1))
        except FileProblem as problem:
            raise forms.ValidationError(problem.message) from None
        return upload


# A Daylio mood of the app's own five → a feeling of ours and how strong; the user can change it.
DAYLIO_MOODS = {
    "rad": ("joy", 9),
    "good": ("contentment", 6),
    "meh": ("ambivalence", 4),
    "bad": ("sadness", 6),
    "awful": ("sadness", 9),
}
DEFAULT_INTENSITY = 5
NEW_PERSON = "new"


def own_word(label: str) -> str:
    """A mood label as a feeling's name of the user's own: as the import stores names."""
    return " ".join(label.split()).lower()[:FEELING_NAME_MAX].strip()


class PreviewForm(forms.Form):
    """The choices on the preview: the zone the app's times are in, a feeling and intensity for
    each mood label of the file, and for each person named whether they are someone already
    here. Field names are numbered (``mood_3``); the labels the user wrote are shown by the
    template, escaped, never put into the form's own markup."""

    time_zone = ZoneField(label="The time zone the app showed your times in")

    def __init__(self, *args: Any, parsed: Parsed, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = user.time_zone
        self.moods = parsed.moods
        self.people = parsed.people
        vocabulary = list(feelings_for_user(user=user))
        known = {feeling.name for feeling in vocabulary}
        grouped = [
            (group, [(feeling.name, feeling.name) for feeling in feelings])
            for group, feelings in feelings_grouped(vocabulary)
        ]
        for number, label in enumerate(self.moods):
            word = own_word(label) or "mood"
            name, intensity = DAYLIO_MOODS.get(word, (word, DEFAULT_INTENSITY))
            if parsed.source != DAYLIO:
                name = word
            choices: list[Any] = []
            if word not in known:
                choices = [("As it is", [(word, f"{word} (as the app named it)")])]
            self.fields[f"mood_{number}"] = forms.ChoiceField(
                label="Feeling", choices=[*choices, *grouped], initial=name
            )
            self.fields[f"intensity_{number}"] = forms.IntegerField(
                label="Intensity", min_value=1, max_value=10, initial=intensity
            )
        existing = list(people_for_user(user=user))
        by_name = {person.name.casefold(): person for person in existing}
        person_choices = [(NEW_PERSON, "Add as a new person"), *((str(p.pk), p.name) for p in existing)]
        for number, name in enumerate(self.people):
            match = by_name.get(name.casefold())
            self.fields[f"person_{number}"] = forms.ChoiceField(
                label="Who", choices=person_choices, initial=str(match.pk) if match else NEW_PERSON
            )

    def mood_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(label, self[f"mood_{n}"], self[f"intensity_{n}"]) for n, label in enumerate(self.moods)]

    def person_rows(self) -> list[tuple[str, forms.BoundField]]:
        return [(name, self[f"person_{n}"]) for n, name in enumerate(self.people)]

    def choices(self) -> Choices:
        data = self.cleaned_data
        people: dict[str, int | None] = {}
        for number, name in enumerate(self.people):
            chosen = data[f"person_{number}"]
            people[name.casefold()] = None if chosen == NEW_PERSON else int(chosen)
        return Choices(
            time_zone=data["time_zone"],
            moods={label: (data[f"mood_{n}"], data[f"intensity_{n}"]) for n, label in enumerate(self.moods)},
            people=people,
        )
