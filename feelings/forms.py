from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q

from accounts.models import User
from compersion.lib.submissions import submission_token_field
from feelings.models import WEEKDAYS, CheckIn, Feeling, LifeArea, Need, NeedMet
from feelings.selectors import feelings_grouped
from feelings.vocabulary import METAMOUR_PROMPTS
from people.models import Person

INTENSITY_HELP = "1 is a whisper, 10 fills everything. Leave it at 0 if it isn't here."
# The slider's eleven steps, its tick marks (one <datalist> the sliders share), and the numbers
# written under each of some 45 sliders: the ends and the middle. All eleven under every slider
# were 495 more elements, a crowded row on a phone and most of the page's axe-core time. As text,
# so the page does not format them for the locale (the same digits in every language it speaks).
INTENSITY_SCALE = tuple(str(n) for n in range(11))
INTENSITY_MARKS = ("0", "5", "10")


class PlainForm(forms.Form):
    """Labels without Django's trailing colon: the label is the field's whole accessible name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def feeling_field_name(feeling: Feeling) -> str:
    return f"feeling_{feeling.pk}"


class CheckInForm(PlainForm):
    """Any number of feelings at once, each with its own intensity, and optional context."""

    own_feeling = forms.CharField(
        label="A feeling in your own words",
        max_length=40,
        required=False,
        help_text="It is added to your list, only you can see it.",
    )
    own_intensity = forms.IntegerField(
        label="Its intensity (1–10)", min_value=1, max_value=10, required=False
    )
    people = forms.ModelMultipleChoiceField(
        label="Who is involved?",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    what_happened = forms.CharField(
        label="What happened?", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    body = forms.CharField(
        label="Where does it sit in your body?",
        max_length=200,
        required=False,
        help_text="A tight chest, a warm face, a knot in the stomach …",
    )
    submission_token = submission_token_field()

    def __init__(self, *args: Any, feelings: list[Feeling], people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.feelings = feelings
        for feeling in feelings:
            # 0 (where every slider starts) means the feeling is not here; 1 to 10 how strong. The
            # template writes each slider, its 0–10 scale and, escaped, the feeling's definition
            # (perhaps the user's own words, so never help text, which is printed as markup).
            self.fields[feeling_field_name(feeling)] = forms.IntegerField(
                label=feeling.name.capitalize(), min_value=0, max_value=10, required=False, initial=0
            )
        people_field = cast(forms.ModelMultipleChoiceField, self.fields["people"])
        people_field.queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        people_field.choices = [(p.pk, f"{p.name} ({p.relationship})") for p in people]
        self._people = {p.pk: p for p in people}

    @property
    def intensity_scale(self) -> tuple[str, ...]:
        return INTENSITY_SCALE

    @property
    def intensity_marks(self) -> tuple[str, ...]:
        return INTENSITY_MARKS

    def feeling_groups(self) -> list[tuple[str, list[tuple[forms.BoundField, Feeling]]]]:
        """Each group's label and, per feeling, its field and the feeling."""
        return [
            (label, [(self[feeling_field_name(f)], f) for f in items])
            for label, items in feelings_grouped(self.feelings)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        own, own_intensity = data.get("own_feeling", "").strip(), data.get("own_intensity")
        if own and not own_intensity:
            self.add_error("own_intensity", "How strong is it? Choose 1 to 10.")
        if own_intensity and not own:
            self.add_error("own_feeling", "What would you call this feeling?")
        listed = next((f for f in self.feelings if f.name.lower() == own.lower()), None) if own else None
        if listed is not None and own_intensity:
            slider = feeling_field_name(listed)
            if data.get(slider) in (None, 0, own_intensity):
                # The word is in the list already (a form sent twice, or typed without looking):
                # its slider takes the intensity, so nothing is asked twice or added twice.
                data[slider], data["own_feeling"], data["own_intensity"] = own_intensity, "", None
                own = ""
            else:
                self.add_error("own_feeling", "That one is already in the list; give it an intensity there.")
        if not self.errors and not self.intensities() and not own:
            raise forms.ValidationError("Give at least one feeling an intensity from 1 to 10.")
        return data

    def intensities(self) -> dict[Feeling, int]:
        chosen = {}
        for feeling in self.feelings:
            value = self.cleaned_data.get(feeling_field_name(feeling))
            if value:
                chosen[feeling] = value
        return chosen

    def own_word(self) -> tuple[str, int] | None:
        name = self.cleaned_data.get("own_feeling", "").strip()
        return (name, self.cleaned_data["own_intensity"]) if name else None

    def chosen_people(self) -> list[Person]:
        return [self._people[p.pk] for p in self.cleaned_data.get("people", []) if p.pk in self._people]


class CheckInEditForm(CheckInForm):
    """The check-in form filled in from one check-in, to correct it. Saving it twice changes it
    once, so it carries no submission token."""

    def __init__(self, *args: Any, checkin: CheckIn, **kwargs: Any) -> None:
        kwargs["initial"] = {
            **{feeling_field_name(row.feeling): row.intensity for row in checkin.feelings.all()},
            "people": [p.pk for p in checkin.people.all()],
            "what_happened": checkin.what_happened,
            "body": checkin.body,
        }
        super().__init__(*args, **kwargs)
        del self.fields["submission_token"]


class ReflectForm(PlainForm):
    needs = forms.ModelMultipleChoiceField(
        label="The needs underneath",
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose as many as are there.",
    )
    own_need = forms.CharField(label="Or a need in your own words", max_length=40, required=False)
    need_met = forms.ChoiceField(
        label="Are they being met?",
        choices=NeedMet.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    action = forms.CharField(
        label="An action or an ask",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Something you could do, or something you could ask for.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        needs_field = cast(forms.ModelMultipleChoiceField, self.fields["needs"])
        needs_field.queryset = Need.objects.filter(Q(owner=None) | Q(owner=user)).order_by("name")


class VicariousJoyForm(PlainForm):
    person = forms.ModelChoiceField(
        label="Someone from your people",
        queryset=Person.objects.none(),
        required=False,
        empty_label="—",
    )
    who = forms.CharField(
        label="Or who, in your own words",
        max_length=80,
        required=False,
        help_text="A colleague, an old classmate, your neighbour …",
    )
    area = forms.ChoiceField(label="Area of life", choices=LifeArea.choices)
    what_happened = forms.CharField(
        label="Their good news", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    joy = forms.IntegerField(label="How much joy did it bring you? (1–10)", min_value=1, max_value=10)
    submission_token = submission_token_field()

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_field = cast(forms.ModelChoiceField, self.fields["person"])
        person_field.queryset = Person.objects.filter(pk__in=[p.pk for p in people])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not data.get("who", "").strip():
            self.add_error("who", "Who had the good news? Choose someone or write a few words.")
        return data


class NeedsWeekdayForm(PlainForm):
    weekday = forms.TypedChoiceField(label="Ask me on", choices=WEEKDAYS, coerce=int)


SCORE_CHOICES = [("", "Not today"), *[(str(n), str(n)) for n in range(1, 6)]]


class NeedsCheckInForm(PlainForm):
    """For each partner, 1–5 and a note; any partner may be left for another time."""

    def __init__(self, *args: Any, partners: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partners = partners
        for person in partners:
            self.fields[f"score_{person.pk}"] = forms.TypedChoiceField(
                label=f"With {person.name}, how met do your needs feel? (1 not at all, 5 fully)",
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"note_{person.pk}"] = forms.CharField(
                label=f"A note about {person.name}",
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.answers():
            raise forms.ValidationError("Choose a number for at least one partner.")
        return data

    def answers(self) -> list[tuple[Person, int, str]]:
        found = []
        for person in self.partners:
            score = self.cleaned_data.get(f"score_{person.pk}")
            if score:
                found.append((person, score, self.cleaned_data.get(f"note_{person.pk}", "")))
        return found

    def partner_rows(self) -> list[tuple[Person, forms.BoundField, forms.BoundField]]:
        return [(p, self[f"score_{p.pk}"], self[f"note_{p.pk}"]) for p in self.partners]


class MetamourNoteForm(PlainForm):
    prompt = forms.ChoiceField(
        label="A prompt (optional)",
        required=False,
        choices=[("", "Something I learned")] + [(p, p) for p in METAMOUR_PROMPTS],
    )
    text = forms.CharField(
        label="What you learned", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    submission_token = submission_token_field()


class OwnWordForm(PlainForm):
    name = forms.CharField(label="Word", max_length=40)
    definition = forms.CharField(label="What it means to you (optional)", max_length=200, required=False)

    def __init__(self, *args: Any, taken: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip().lower()
        if name in self.taken:
            raise forms.ValidationError("That word is already in your list.")
        return name
