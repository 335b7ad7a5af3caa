"""journal.forms.ItemForm.unbound_html writes what includes/form_fields.html renders for an
unsubmitted gratitude form, byte for byte, for every state Today and a day page show."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string

from journal.forms import ItemForm
from people.models import Person

PEOPLE = [Person(pk=1, name="Alex & Sam"), Person(pk=2, name="<Jordan>"), Person(pk=13, name='Mina "M"')]
INITIALS: list[dict[str, Any]] = [
    {},
    {"text": "Kai laughed at my terrible joke", "relational": False, "people": []},
    {
        "text": "<script>alert('x')</script> & \"quotes\"\nand a second line",
        "relational": True,
        "people": [2],
    },
    {"text": "\nStarts with a newline", "relational": True, "people": [1, 13]},
    {"text": "", "relational": False, "people": [13]},
]


@pytest.mark.parametrize("people", [PEOPLE, PEOPLE[:1], []], ids=["three", "one", "none"])
@pytest.mark.parametrize("initial", INITIALS)
@pytest.mark.parametrize("slot", [1, 5])
def test_it_writes_what_the_template_renders(
    people: list[Person], initial: dict[str, Any], slot: int
) -> None:
    form = ItemForm(initial=initial, people=people, slot=slot)
    assert form.unbound_html() == render_to_string("includes/form_fields.html", {"form": form})


def test_a_submitted_form_is_left_to_the_template() -> None:
    form = ItemForm({"slot1-text": ""}, people=PEOPLE, slot=1)
    assert not form.is_valid()
    with pytest.raises(ValueError, match="submitted"):
        form.unbound_html()
