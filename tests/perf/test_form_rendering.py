"""compersion.form_rendering writes Django's form templates in Python; it must write exactly
what the templates write, for every kind of field, value and error the project uses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from compersion.form_rendering import FAST_TEMPLATES, FastFormRenderer, fast_templates
from journal.forms import ItemForm
from people.models import Person

CHOICES = [(1, "Alex & Sam"), (2, "<Jordan>"), (3, 'Mina "M"')]
GROUPED = [("Partners", [(1, "Alex"), (2, "Robin")]), ("Friends", [(3, "Mina")]), (4, "Solo")]


class EveryKindForm(forms.Form):
    name = forms.CharField(help_text="What people <call> you", initial='A "quoted" & <tagged> name')
    email = forms.EmailField(label=gettext_lazy("Email address"))
    count = forms.IntegerField(initial=1234, widget=forms.NumberInput(attrs={"min": 0, "step": 1}))
    when = forms.DateField(initial=date(2026, 5, 4), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="<script>alert(1)</script>")
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    agree = forms.BooleanField(required=False, initial=True)
    disagree = forms.BooleanField(required=False)
    people = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple(attrs={"class": "people"}), initial=[2]
    )
    grouped = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False)
    kind = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, initial=3, help_text="Pick one")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="s3cret")
    hidden = forms.CharField(widget=forms.HiddenInput, initial="h&1")
    colour = forms.ChoiceField(choices=CHOICES, required=False)  # a <select>: the template still renders it
    flags = forms.CharField(
        label="", required=False, widget=forms.TextInput(attrs={"autofocus": True, "disabled": False, "x": 0})
    )
    safe_label = forms.CharField(label=mark_safe("<em>Safe</em> label"), required=False)  # noqa: S308


def _pair(form_class: type[forms.Form], **kwargs: Any) -> tuple[forms.Form, forms.Form]:
    return form_class(renderer=FastFormRenderer(), **kwargs), form_class(renderer=DjangoTemplates(), **kwargs)


def _assert_same(fast: forms.Form, slow: forms.Form) -> None:
    assert str(fast) == str(slow)
    for name in fast.fields:
        ours, theirs = fast[name], slow[name]
        assert ours.as_field_group() == theirs.as_field_group(), name
        assert str(ours) == str(theirs), name
        assert ours.label_tag() == theirs.label_tag(), name
        assert ours.legend_tag() == theirs.legend_tag(), name
        assert str(ours.errors) == str(theirs.errors), name


def test_every_template_it_replaces_is_the_one_it_was_written_against() -> None:
    assert set(fast_templates()) == set(FAST_TEMPLATES)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"auto_id": False},
        {"prefix": "slot3"},
        {"data": {}},
        {
            "data": {
                "name": "<b>x</b>",
                "email": "not an email",
                "count": "lots",
                "people": ["9"],
                "kind": "2",
            }
        },
        {
            "data": {
                "name": "Fine",
                "email": "a@example.com",
                "count": "3",
                "when": "2026-05-04",
                "notes": "ok",
            }
        },
    ],
    ids=["unbound", "no-ids", "prefixed", "empty-data", "invalid", "mostly-valid"],
)
def test_it_renders_every_kind_of_field_exactly_as_django_does(kwargs: dict[str, Any]) -> None:
    fast, slow = _pair(EveryKindForm, **kwargs)
    if "data" in kwargs:
        fast.is_valid()
        slow.is_valid()
        fast.add_error(None, "A form-wide problem & its <detail>")
        slow.add_error(None, "A form-wide problem & its <detail>")
    _assert_same(fast, slow)


@pytest.mark.django_db
def test_it_renders_the_gratitude_slot_form_exactly_as_django_does(user) -> None:
    people = [Person.objects.create(owner=user, name=name) for name in ("Alex", "Jo & Kim", "<Mina>")]
    for kwargs in (
        {"slot": 1},
        {"slot": 2, "data": {"slot2-text": "", "slot2-people": [str(people[1].pk)]}},
        {"slot": 5, "data": {"slot5-text": "x" * 600, "slot5-relational": "on"}},
    ):
        # The hidden submission token is random per form; both forms get the same one here.
        token = {"submission_token": "8c4f3c0e-8a9b-4c1e-9a77-3b2f9d6e1a55"}
        fast = ItemForm(people=people, renderer=FastFormRenderer(), initial=token, **kwargs)
        slow = ItemForm(people=people, renderer=DjangoTemplates(), initial=token, **kwargs)
        if "data" in kwargs:
            assert not fast.is_valid()
            assert not slow.is_valid()
        _assert_same(fast, slow)
        # Each slot's person labels tick that slot's own checkbox, and names stay text.
        slot, people_html = kwargs["slot"], str(fast["people"])
        assert (
            f'<label for="id_slot{slot}-people_1"><input type="checkbox" name="slot{slot}-people" '
            f'value="{people[1].pk}"'
        ) in people_html
        assert "Jo &amp; Kim" in people_html and "&lt;Mina&gt;" in people_html
